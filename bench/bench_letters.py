"""Benchmark: seconds per letter (compose + layout + PDF) and a batch of 500 issued through the service."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples" / "register-sample.jsonl"
# A county government's office: its 复议机关 is the county government (docs/spec/letters.md).
OFFICE = {"name": "测试县人民政府办公室", "level": "county", "parent_name": "测试县人民政府",
          "review_agency": "测试县人民政府", "court": "测试县人民法院",
          "doc_prefix": "测政办公开", "contact_phone": "0571-12345678"}


def main() -> None:
    os.environ.setdefault("GONGKAI_HOME", tempfile.mkdtemp(prefix="gk-bench-"))
    from app.letters import render_letter
    from app.letters.data import LetterData
    from app.letters.templates import TemplateSet
    from app.pdf import fonts

    t0 = time.perf_counter()
    fonts.registry()
    print(f"font registration (once per process): {time.perf_counter() - t0:.3f} s")

    records = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]
    simple = [r for r in records if r["outcome"] == "granted"]  # a reply that needs no facts from the clerk
    templates = TemplateSet("reply")
    n = 100
    t0 = time.perf_counter()
    size = 0
    for i in range(n):
        data = LetterData.from_record(simple[i % len(simple)], OFFICE, letter_date=dt.date(2026, 3, 9))
        _c, rendered = render_letter(data, "reply", templates=templates, doc_number=f"测政办公开〔2026〕{i + 1}号")
        size += len(rendered.pdf)
    per = (time.perf_counter() - t0) / n
    print(f"render one reply letter: {per:.4f} s  (avg {size / n / 1024:.0f} KB)")

    from sqlalchemy import select

    from app import letters
    from app.core import profile
    from app.domain.identifiers import org_code_check_char
    from app.register import import_records
    from app.storage.db import Database
    from app.storage.models.register import Application

    db = Database.open(str(Path(os.environ["GONGKAI_HOME"]) / "bench.sqlite3"))
    code = "11330127MB0000001"
    with db.session(operator="bench") as s:
        profile.save_profile(s, {**OFFICE, "org_code": code + org_code_check_char(code), "level": "county"})
        batch = []
        for i in range(500):
            rec = dict(records[i % len(records)])
            rec.pop("id", None)
            rec["serial"] = f"BENCH-{i:05d}"
            batch.append(rec)
        import_records(s, batch)
    with db.read_session() as s:
        ids = list(s.execute(select(Application.id).order_by(Application.id)).scalars())
    t0 = time.perf_counter()
    with db.session(operator="bench") as s:
        result = letters.issue_batch(s, ids, "receipt", letter_date=dt.date(2026, 3, 9))
    total = time.perf_counter() - t0
    print(f"issue a batch of {len(ids)} receipts (render, 文号, store, audit): {total:.1f} s "
          f"= {total / len(ids):.4f} s per letter; failed {len(result.failed)}")
    with db.read_session() as s:
        t0 = time.perf_counter()
        pdf = letters.batch_pdf(s, [i.id for i in result.issued[:100]])
        print(f"merge 100 issued letters into one print file: {time.perf_counter() - t0:.2f} s, {len(pdf) / 1e6:.1f} MB")
    db.dispose()


if __name__ == "__main__":
    main()
