"""Service figures over the scale database: annual report, deadline recompute, letters."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OPERATOR, PARAMS, TODAY, Figure, best_of, log, ms, open_db, remove_db, scratch_copy, timed

REPORT_YEAR = TODAY.year - 1  # a whole year of demo data
OVERRIDE_DAY = dt.date(2026, 11, 17)  # a Tuesday a few days before the demo's today: many open deadlines move


def annual_report(db) -> Figure:
    from sqlalchemy import text

    from app import reports

    with db.read_session() as s:
        cold, med, data = best_of(lambda: reports.compute_annual(s, REPORT_YEAR), PARAMS["runs"])

        def naive():  # every application row of the year into Python, counted there
            rows = s.execute(text("SELECT applicant_kind, outcome, channel, replied_on, reply_due FROM application "
                                  "WHERE received_on BETWEEN :a AND :b"),
                             {"a": dt.date(REPORT_YEAR, 1, 1), "b": dt.date(REPORT_YEAR, 12, 31)}).all()
            return Counter((r[0], r[1]) for r in rows), len(rows)

        t_naive, (_c, n) = timed(naive)
    worst = max(cold, med)
    return Figure(f"annual report {REPORT_YEAR} ({n:,} applications received that year)",
                  ms(worst), "≤ 1 s", f"rows into Python + Counter {ms(t_naive)}", worst <= 1.0,
                  {"first_s": cold, "median_s": med, "year_rows": n, "naive_s": t_naive},
                  "app.reports.service.compute_annual, the worse of the first run and the median")


def recompute(path: Path) -> Figure:
    from bench_deadlines import synthetic_clocks
    from sqlalchemy import func, select

    from app import calendar as calendar_service
    from app.storage.models.register import Application
    from app.workbench.recompute import recompute_after_change

    copy = scratch_copy(path, "recompute")
    db = open_db(copy)
    try:
        with db.read_session() as s:
            n_open = s.execute(select(func.count()).select_from(Application)
                               .where(Application.outcome.is_(None))).scalar_one()

        def change():
            with db.session(operator=OPERATOR) as s:
                calendar_service.set_override(s, OVERRIDE_DAY, False, note="基准测试")
                return recompute_after_change(s)

        t, moved = timed(change)
    finally:
        db.dispose()
        remove_db(copy)
    from app.domain.deadlines import compute
    from app.domain.workdays import WorkCalendar

    clocks = synthetic_clocks(n_open)
    cal = WorkCalendar()
    t_pure, _ = timed(lambda: [compute(c, cal) for c in clocks])
    return Figure(f"recompute open deadlines after a calendar change ({n_open:,} open, {len(moved):,} moved)",
                  ms(t), "≤ 2 s", f"domain compute() alone {ms(t_pure)}", t <= 2.0,
                  {"seconds": t, "open": n_open, "moved": len(moved), "pure_compute_s": t_pure},
                  "set_override + workbench.recompute.recompute_after_change + commit, on a copy of the scale DB")


def _render_baseline(n: int) -> float:
    """Compose + lay out + write the PDF of a reply letter without any database (app.letters alone)."""
    from bench_letters import OFFICE, SAMPLES

    from app.letters import render_letter
    from app.letters.data import LetterData
    from app.letters.templates import TemplateSet

    records = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]
    simple = [r for r in records if r["outcome"] == "granted"]  # a reply that needs no facts from the clerk
    templates = TemplateSet("reply")
    data = [LetterData.from_record(simple[i % len(simple)], OFFICE, letter_date=TODAY) for i in range(n)]
    render_letter(data[0], "reply", templates=templates, doc_number="基准〔2026〕0号")  # fonts once
    t, _ = timed(lambda: [render_letter(d, "reply", templates=templates, doc_number=f"基准〔2026〕{i}号")
                          for i, d in enumerate(data)])
    return t / n


def letters(path: Path) -> list[Figure]:
    from sqlalchemy import select

    from app import letters as letters_service
    from app.core.profile import own_office_id
    from app.storage.models.letters import IssuedLetter
    from app.storage.models.register import Application

    copy = scratch_copy(path, "letters")
    db = open_db(copy)
    try:
        with db.read_session() as s:
            own = own_office_id(s)
            has_receipt = select(IssuedLetter.application_id).where(IssuedLetter.kind == "receipt")
            ids = list(s.execute(select(Application.id).where(Application.office_id == own,
                                                              Application.id.not_in(has_receipt))
                                 .order_by(Application.id.desc()).limit(PARAMS["letters_one"] + PARAMS["letters_batch"])).scalars())
        one_ids, batch_ids = ids[:PARAMS["letters_one"]], ids[PARAMS["letters_one"]:]
        per = []
        for app_id in one_ids:  # each its own unit of work, as the clerk issues one letter
            t, _ = timed(_issue_one, db, letters_service, app_id)
            per.append(t)

        def batch():
            with db.session(operator=OPERATOR) as s:
                return letters_service.issue_batch(s, batch_ids, "receipt", letter_date=TODAY)

        t_batch, result = timed(batch)
    finally:
        db.dispose()
        remove_db(copy)
    base = _render_baseline(max(3, PARAMS["letters_one"]))
    later = per[1:] or per
    one = sorted(later)[len(later) // 2]
    failed = len(result.failed)
    return [
        Figure("letter: issue one receipt (render, 文号, store, audit, commit)",
               f"{one:.3f} s (max {max(later):.3f} s; first in process {per[0]:.3f} s)",
               "≤ 0.2 s", f"render only, no DB {base:.3f} s", max(later) <= 0.2,
               {"seconds": per, "render_only_s": base},
               "median and max of the letters after the first; the first one in a process also loads the fonts"),
        Figure(f"letters: batch of {len(batch_ids)} receipts", f"{t_batch:.1f} s ({failed} failed)", "≤ 60 s",
               f"{len(batch_ids)} × render only {base * len(batch_ids):.1f} s",
               t_batch <= 60 and failed == 0 and len(batch_ids) > 0,
               {"seconds": t_batch, "letters": len(batch_ids), "failed": failed}),
    ]


def _issue_one(db, letters_service, app_id: int) -> None:
    with db.session(operator=OPERATOR) as s:
        letters_service.issue_letter(s, app_id, "receipt", letter_date=TODAY)


def run(path: Path) -> list[Figure]:
    db = open_db(path)
    try:
        log("measuring the annual report …")
        out = [annual_report(db)]
    finally:
        db.dispose()
    log("measuring deadline recompute …")
    out.append(recompute(path))
    log("measuring letters …")
    out.extend(letters(path))
    return out

