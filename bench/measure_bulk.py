"""Bulk paths: interchange import vs raw sqlite3 executemany, Excel import/export, packages."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OPERATOR, TODAY, WORK, Figure, log, open_db, remove_db, scratch, scratch_copy, timed

from app.storage.db import CACHE_KIB


def _fresh_db(name: str, offices: list[dict]):
    """An empty migrated database holding the same offices as the scale database."""
    from app.core import profile

    path = scratch(f"{name}.sqlite3")
    remove_db(path)
    db = open_db(path)
    with db.session(operator=OPERATOR) as s:
        for o in offices:
            if o["is_self"]:
                profile.save_profile(s, {"name": o["name"], "org_code": o["org_code"], "level": o["level"]})
        for o in offices:
            if not o["is_self"]:
                profile.ensure_office(s, o["org_code"], o["name"], level=o["level"],
                                      parent_org_code=o["parent_org_code"])
    return db


def _offices(db) -> list[dict]:
    from sqlalchemy import select

    from app.storage.models.core import Office

    with db.read_session() as s:
        return [{"name": o.name, "org_code": o.org_code, "level": o.level, "is_self": o.is_self,
                 "parent_org_code": o.parent_org_code} for o in s.execute(select(Office)).scalars()]


def _raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the pragmas the application's connections use (app.storage.db)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    return conn


def _raw_executemany(db, *, indexes: str) -> tuple[float, int]:
    """The imported application rows again, with raw sqlite3 executemany into the same table (same
    pragmas). `indexes`: "with" the table's own indexes, as the import has to maintain them; "after":
    into the bare table, then the indexes are built (timed too; what the import does for a big import
    into a small register, app.storage.indexes); "without" them at all."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    from app.storage.models.register import Application

    table = Application.__table__
    with db.read_session() as s:
        rows = [tuple(r) for r in s.execute(table.select())]
    cols = [c.name for c in table.columns]
    params = [tuple(v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for v in r) for r in rows]
    path = scratch("raw.sqlite3")
    remove_db(path)
    conn = _raw_connection(path)
    try:
        conn.execute("CREATE TABLE office (id INTEGER PRIMARY KEY)")
        conn.execute(str(CreateTable(table).compile(dialect=db.engine.dialect)))
        create = [str(CreateIndex(index).compile(dialect=db.engine.dialect)) for index in table.indexes]
        for statement in create if indexes == "with" else ():
            conn.execute(statement)
        sql = f"INSERT INTO application ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"

        def insert():
            with conn:
                conn.executemany(sql, params)
                for statement in create if indexes == "after" else ():
                    conn.execute(statement)

        t, _ = timed(insert)
    finally:
        conn.close()
        remove_db(path)
    return t, len(params)


def interchange_import(scale_path: Path) -> Figure:
    from app import register
    from app.storage.models.register import Application

    src = open_db(scale_path)
    try:
        offices = _offices(src)
        with src.read_session() as s:
            records = list(register.export_records(s))
    finally:
        src.dispose()
    db = _fresh_db("import", offices)
    try:
        def do_import():
            with db.session(operator=OPERATOR) as s:
                return register.import_records(s, records, today=TODAY)

        t, result = timed(do_import)
        assert result.created == len(records), result
        t_raw, n_raw = _raw_executemany(db, indexes="with")
        t_after, _ = _raw_executemany(db, indexes="after")
        t_plain, _ = _raw_executemany(db, indexes="without")
    finally:
        db.dispose()
        remove_db(scratch("import.sqlite3"))
    n = len(records)
    n_index = len(Application.__table__.indexes)
    rate, raw_rate, after_rate, plain_rate = n / t, n_raw / t_raw, n_raw / t_after, n_raw / t_plain
    share = rate / raw_rate
    return Figure(f"import {n:,} applications (interchange)",
                  f"{rate:,.0f} rows/s ({share:.0%} of raw; {t:.1f} s; {rate / after_rate:.0%} of the insert that "
                  f"builds the indexes after; {rate / plain_rate:.0%} of the index-free insert)",
                  "≥ 30 % of raw executemany",
                  f"raw sqlite3 executemany into the same table with its {n_index} indexes {raw_rate:,.0f} rows/s "
                  f"(into the bare table, then building the indexes, {after_rate:,.0f} rows/s; without the indexes "
                  f"{plain_rate:,.0f} rows/s)", share >= 0.30,
                  {"seconds": t, "rows": n, "raw_seconds": t_raw, "share": share, "plain_seconds": t_plain,
                   "share_of_plain": rate / plain_rate, "after_seconds": t_after, "share_of_after": rate / after_rate},
                  "register.import_records (validated, deadlines, audited, commit) into an empty DB; records "
                  "exported from the scale DB with their corrections/consultations/fees. Baseline: the same rows "
                  "into the same table (same pragmas, same indexes, no validation/deadlines/children/audit)")


def excel(scale_path: Path, rows: int) -> list[Figure]:
    from bench_excel import make_workbook

    from app.workbench import spreadsheets as excel_io

    source = WORK / f"excel-{rows}.xlsx"
    if not source.exists():
        log(f"  writing the {rows:,}-row input workbook (openpyxl, cached) …")
        partial = scratch(source.name)
        make_workbook(partial, rows)
        partial.replace(source)
    src = open_db(scale_path)
    try:
        offices = [o for o in _offices(src) if o["is_self"]]
    finally:
        src.dispose()
    db = _fresh_db("excel", offices)
    out = scratch("export.xlsx")
    try:
        def do_import():
            with db.session(operator=OPERATOR) as s:
                return excel_io.import_workbook(s, source, "register")

        t_in, result = timed(do_import)
        with db.read_session() as s:
            t_out, exported = timed(excel_io.export_workbook, s, "register", out)
        t_base, _ = timed(_openpyxl_baseline, out)
    finally:
        db.dispose()
        remove_db(scratch("excel.sqlite3"))
        out.unlink(missing_ok=True)
    t_two, two = _excel_two_row(offices, rows)
    return [
        Figure(f"Excel import of {two.rows:,} register rows with a two-row header", f"{t_two:.1f} s", "≤ 30 s",
               f"one-row layout {t_in:.1f} s", t_two <= 30 and two.result.created == rows,
               {"seconds": t_two, "rows": two.rows, "created": two.result.created, "one_row_s": t_in},
               "excel_io.import_workbook of the layout offices keep (merged two-row header, 证件类型 with "
               "passports and permits, 浙里办/微信, short outcomes, 经办人 and 答复方式 columns)"),
        Figure(f"Excel import of {result.rows:,} register rows", f"{t_in:.1f} s", "≤ 30 s",
               f"openpyxl read-only pass {t_base:.1f} s", t_in <= 30 and result.result.created == rows,
               {"seconds": t_in, "rows": result.rows, "created": result.result.created, "openpyxl_read_s": t_base},
               "excel_io.import_workbook (parse, recognise, check, import_records, commit)"),
        Figure(f"Excel export of {exported.rows:,} register rows", f"{t_out:.1f} s", "≤ 30 s",
               f"openpyxl read-only pass {t_base:.1f} s", t_out <= 30 and exported.rows == rows,
               {"seconds": t_out, "rows": exported.rows}),
    ]


def _excel_two_row(offices: list[dict], rows: int):
    from bench_excel import make_two_row_workbook

    from app.workbench import spreadsheets as excel_io

    source = WORK / f"excel-two-row-{rows}.xlsx"
    if not source.exists():
        log(f"  writing the {rows:,}-row two-row-header workbook (openpyxl, cached) …")
        partial = scratch(source.name)
        make_two_row_workbook(partial, rows)
        partial.replace(source)
    db = _fresh_db("excel", offices)
    try:
        def do_import():
            with db.session(operator=OPERATOR) as s:
                return excel_io.import_workbook(s, source, "register")

        return timed(do_import)
    finally:
        db.dispose()
        remove_db(scratch("excel.sqlite3"))


def _openpyxl_baseline(path: Path) -> int:
    """Read every cell of the exported workbook with openpyxl read-only: the floor of any .xlsx work."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
    return n


FLOOR_SHARE = 0.35  # the package import's target: this share of the same-run floor


def packages(scale_path: Path) -> list[Figure]:
    """A full catalogue package from the county (the scale DB, townships included) to the city's office."""
    from app import packages as pk
    from app.packages.areas import AREA_BY_NAME

    copy = scratch_copy(scale_path, "packages")  # keys and the outgoing package are written
    sender = open_db(copy)
    package = scratch("catalogue.gkpkg")
    package.unlink(missing_ok=True)
    receiver = None
    try:
        offices = _offices(sender)
        county = next(o for o in offices if o["is_self"])
        township = _city_office()
        receiver = _fresh_db("package-in", [township])
        with sender.session(operator=OPERATOR) as s:
            s_key = pk.ensure_own_key(s)
        with receiver.session(operator=OPERATOR) as s:
            r_key = pk.ensure_own_key(s)
            pk.trust_key(s, s_key.pem, county["org_code"], county["name"])
            for o in offices:  # the county's package carries its townships' entries too (docs/security.md)
                if not o["is_self"]:
                    pk.allow_office(s, county["org_code"], o["org_code"], o["name"])
        with sender.session(operator=OPERATOR) as s:
            pk.trust_key(s, r_key.pem, township["org_code"], township["name"])

        def export():
            with sender.session(operator=OPERATOR) as s:
                return pk.make_package(s, to=township["org_code"], full=True, out_path=package,
                                       areas=[AREA_BY_NAME["catalogue"]])

        t_out, info = timed(export)
        n = info.records

        def do_import():
            with receiver.session(operator=OPERATOR) as s:
                return pk.import_file(s, package)

        t_in, outcome = timed(do_import)
        t_dump, n_dump = timed(_json_lines_baseline, copy)
        n_raw, t_raw, t_raw_plain, n_indexes = _catalogue_executemany_baseline(copy)
        t_parse, n_parse = timed(_parse_baseline, package)
    finally:
        sender.dispose()
        if receiver is not None:
            receiver.dispose()
        for name in ("packages", "package-in"):
            remove_db(scratch(f"{name}.sqlite3"))
        package.unlink(missing_ok=True)
    rate_out, rate_in = n / t_out, n / t_in
    # The floor: reading the package's JSON lines plus a bare insert with the indexes built afterwards.
    floor = n / (n * t_raw_plain / n_raw + n * t_parse / n_parse)
    return [
        Figure(f"package export of {n:,} catalogue entries", f"{rate_out:,.0f} records/s ({t_out:.0f} s)",
               "≥ 50,000 records/s", f"rows → JSON lines → deflate (same level) {n_dump / t_dump:,.0f} records/s",
               rate_out >= 50_000, {"seconds": t_out, "records": n, "baseline_s": t_dump},
               "packages.make_package(full, catalogue only, to another office) + commit, on a copy of the scale DB"),
        Figure(f"package import of {n:,} catalogue entries", f"{rate_in:,.0f} records/s ({t_in:.0f} s)",
               f"≥ {FLOOR_SHARE:.0%} of the floor ({FLOOR_SHARE * floor:,.0f} records/s): {rate_in / floor:.0%}",
               f"raw sqlite3 executemany into the same table with its {n_indexes} indexes {n_raw / t_raw:,.0f} rows/s; "
               f"into the table without them, then building them, {n_raw / t_raw_plain:,.0f} rows/s; "
               f"only reading the package's JSON lines (inflate + json.loads) {n_parse / t_parse:,.0f} records/s; "
               f"the last two together (the floor) {floor:,.0f} records/s",
               rate_in >= FLOOR_SHARE * floor, {"seconds": t_in, "records": n, "state": outcome.state, "raw_s": t_raw,
                                   "raw_plain_s": t_raw_plain, "parse_s": t_parse},
               "packages.import_file (verify, apply, audit, commit) into the receiver's empty database"),
    ]


TOWNSHIP_YEAR = {"requests": 300, "catalogue": 2000, "ledger": 300}


def township_year(scale_path: Path) -> Figure:
    """A township's year sent to its county: one package with its applications, catalogue and ledger,
    imported into a copy of the county's scale database (which holds the township as one of its offices)."""
    import random

    from app import packages as pk
    from app.catalogue import demo as catalogue_demo
    from app.core import profile
    from app.core.settings import set_setting
    from app.ledger import demo as ledger_demo
    from app.register import demo as register_demo
    from app.workbench.demo import DemoContext

    county_path = scratch_copy(scale_path, "county-in")
    county = open_db(county_path)
    township_db = None
    try:
        offices = _offices(county)
        own = next(o for o in offices if o["is_self"])
        # The last township: the demo already imported a package from the first one.
        town = [o for o in offices if o["level"] == "township" and o["parent_org_code"] == own["org_code"]][-1]
        path = scratch("township.sqlite3")
        remove_db(path)
        township_db = open_db(path)
        with township_db.session(operator=OPERATOR) as s:
            profile.save_profile(s, {"name": town["name"], "org_code": town["org_code"], "level": "township",
                                     "parent_org_code": own["org_code"], "parent_name": own["name"],
                                     "doc_prefix": "镇政公开"})
            # The scale database already holds demo entries of this township under the default 索引号 pattern.
            set_setting(s, "catalogue.index_pattern", "{org_code}/N{year}-{serial:05d}")
            office = profile.own_office_row(s)
            ctx = DemoContext(rng=random.Random(7), today=TODAY, office=office, townships=[], sizes=TOWNSHIP_YEAR)
            for populate in (register_demo.populate, catalogue_demo.populate, ledger_demo.populate):
                populate(s, ctx)
            t_key = pk.ensure_own_key(s)
        with county.session(operator=OPERATOR) as s:
            pk.trust_key(s, t_key.pem, town["org_code"], town["name"])
        package = scratch("township.gkpkg")
        package.unlink(missing_ok=True)
        with township_db.session(operator=OPERATOR) as s:
            info = pk.make_package(s, to=own["org_code"], full=True, out_path=package)

        def do_import():
            with county.session(operator=OPERATOR) as s:
                return pk.import_file(s, package)

        seconds, outcome = timed(do_import)
    finally:
        county.dispose()
        if township_db is not None:
            township_db.dispose()
        for name in ("county-in", "township"):
            remove_db(scratch(f"{name}.sqlite3"))
        scratch("township.gkpkg").unlink(missing_ok=True)
    counts = {name: sum(c.values()) for name, c in outcome.counts.items()}
    return Figure(f"package import of a township's year ({info.records:,} records) at the county",
                  f"{seconds:.2f} s ({outcome.state})", "≤ 2 s",
                  f"{TOWNSHIP_YEAR['catalogue']:,} catalogue entries, {TOWNSHIP_YEAR['requests']} applications, "
                  f"ledger of {TOWNSHIP_YEAR['ledger']}; records by area {counts}",
                  seconds <= 2 and outcome.state == "applied",
                  {"seconds": seconds, "records": info.records, "state": outcome.state, "counts": counts},
                  "packages.import_file (verify, apply, audit, commit) into a copy of the county's scale database")


def _city_office() -> dict:
    """The receiving office: not in the scale DB, so every record of the package is someone else's."""
    from app.domain.identifiers import org_code_check_char

    code = "11330100MB0000009"
    return {"name": "临江市人民政府办公室", "org_code": code + org_code_check_char(code), "level": "county",
            "is_self": True, "parent_org_code": None}


def _json_lines_baseline(path: Path) -> int:
    """Every live catalogue row read with sqlite3, one JSON line each, deflated at the packages' level:
    the floor of an export."""
    import json
    import zlib

    from app.packages.archive import DEFLATE_LEVEL

    conn = sqlite3.connect(path)
    try:
        cur = conn.execute("SELECT * FROM catalogue_entry WHERE deleted = 0")
        names = [d[0] for d in cur.description]
        z = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        n = 0
        for row in cur:
            z.compress(json.dumps(dict(zip(names, row)), ensure_ascii=False, sort_keys=True).encode() + b"\n")
            n += 1
        z.flush()
        return n
    finally:
        conn.close()


def _catalogue_executemany_baseline(path: Path) -> tuple[int, float, float, int]:
    """The catalogue rows again with raw sqlite3 executemany (same pragmas as the app), into the same table
    with its indexes, and into the table without its non-unique indexes which are then built (what the
    import does with a big package, app.storage.indexes): (rows, indexed seconds, build-after seconds,
    indexes). Only the insert, the index builds and the commit are timed; the package import also reads
    the package and writes the search index and the audit trail, which no baseline includes."""
    import time

    src = sqlite3.connect(path)
    try:
        create = src.execute("SELECT sql FROM sqlite_master WHERE name = 'catalogue_entry'").fetchone()[0]
        indexes = [r[0] for r in src.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                                             "tbl_name = 'catalogue_entry' AND sql IS NOT NULL")]
        rows = src.execute("SELECT * FROM catalogue_entry WHERE deleted = 0").fetchall()
    finally:
        src.close()
    seconds = []
    for with_indexes in (True, False):
        out = scratch("raw-catalogue.sqlite3")
        remove_db(out)
        conn = _raw_connection(out)
        try:
            conn.execute(_plain(create))
            for sql in indexes if with_indexes else ():
                conn.execute(sql)
            started = time.perf_counter()
            with conn:
                conn.executemany(f"INSERT INTO catalogue_entry VALUES ({','.join('?' * len(rows[0]))})", rows)
                for sql in () if with_indexes else indexes:
                    conn.execute(sql)
            seconds.append(time.perf_counter() - started)
        finally:
            conn.close()
            remove_db(out)
    return len(rows), seconds[0], seconds[1], len(indexes)


def _parse_baseline(package: Path) -> int:
    """The package's data members inflated and every line parsed with json.loads, nothing else: the
    least an import must do before it can write anything."""
    import gc
    import json
    import zipfile

    loads = json.loads
    n = 0
    with zipfile.ZipFile(package) as zf:
        for name in zf.namelist():
            if name.startswith("data/"):
                gc.disable()  # as the import runs (app.storage.bulk.collector_paused)
                try:
                    records = [loads(line) for line in zf.read(name).splitlines()]
                finally:
                    gc.enable()
                n += len(records)
                del records
    return n


def _plain(create_sql: str) -> str:
    """The table's CREATE statement without foreign keys (a plain table)."""
    import re

    return re.sub(r",\s*CONSTRAINT \w+ FOREIGN KEY\([^)]*\) REFERENCES \w+ \([^)]*\)[^,)]*", "", create_sql)


def run(scale_path: Path, excel_rows: int) -> list[Figure]:
    log("measuring the interchange import …")
    out = [interchange_import(scale_path)]
    log("measuring Excel import/export …")
    out.extend(excel(scale_path, excel_rows))
    out.extend(packages(scale_path))
    log("measuring a township's year imported at the county …")
    out.append(township_year(scale_path))
    return out
