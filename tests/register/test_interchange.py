"""Import and export of section-2 records: exact round trip, all-or-nothing, no duplicates."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app import register
from app.errors import ValidationError
from app.storage.models.core import AuditEntry, Office
from app.storage.models.register import (
    Application,
    ApplicationEvent,
    Consultation,
    Correction,
)
from tests.helpers.register import org_code
from tests.helpers.schema import index_schema

TODAY = dt.date(2026, 11, 29)


def sample(samples_dir):
    lines = (samples_dir / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()
    return lines, [json.loads(line) for line in lines]


def export_lines(session, **kw):
    return [json.dumps(r, ensure_ascii=False) for r in register.export_records(session, **kw)]


def counts(session):
    return tuple(session.execute(select(func.count()).select_from(m)).scalar_one()
                 for m in (Application, Correction, Consultation, ApplicationEvent, AuditEntry))


def test_sample_round_trips_unchanged(db, samples_dir):
    lines, records = sample(samples_dir)
    with db.session() as s:
        result = register.import_records(s, records, today=TODAY)
    assert (result.created, result.updated, result.unchanged) == (len(records), 0, 0)
    with db.read_session() as s:
        exported = list(register.export_records(s))
        text = export_lines(s)
    assert exported == records
    assert text == lines


def test_reimport_skips_or_updates_never_duplicates(db, samples_dir):
    _, records = sample(samples_dir)
    with db.session() as s:
        register.import_records(s, records, today=TODAY)
    changed = copy.deepcopy(records)
    changed[0]["applicant"]["phone"] = "13911112222"
    changed[1]["consultations"] = [{"party": "agency", "sent_on": changed[1]["received_on"], "ended_on": None}]
    with db.session() as s:
        result = register.import_records(s, changed, today=TODAY)
        assert (result.created, result.updated, result.unchanged) == (0, 2, len(records) - 2)
        assert s.execute(select(func.count()).select_from(Application)).scalar_one() == len(records)
        assert list(register.export_records(s)) == changed


def test_bad_file_is_refused_whole_with_line_numbers(db, samples_dir):
    _, records = sample(samples_dir)
    bad = copy.deepcopy(records[:10])
    bad[2]["applicant"]["id_number"] = bad[2]["applicant"]["id_number"][:-1] + (
        "0" if bad[2]["applicant"]["id_number"][-1] != "0" else "1")
    bad[6]["received_on"] = "2025-13-01"
    bad[8]["extension"] = {"approved_on": "2025-01-01", "working_days": 25}
    with db.read_session() as s:
        before = counts(s)
    with pytest.raises(ValidationError) as err:
        with db.session() as s:
            register.import_records(s, bad, today=TODAY)
    details = err.value.details
    assert any(d.startswith("第3行") and "applicant.id_number" in d for d in details)
    assert any(d.startswith("第7行") and "received_on" in d for d in details)
    assert any(d.startswith("第9行") and "extension.working_days" in d for d in details)
    assert not any(d.startswith("第1行") for d in details)
    with db.read_session() as s:
        assert counts(s) == before


def test_duplicate_ids_in_one_file_are_refused(session, samples_dir):
    _, records = sample(samples_dir)
    twice = [records[0], dict(records[1], id=records[0]["id"])]
    with pytest.raises(ValidationError, match="第2行"):
        register.import_records(session, twice, today=TODAY)


def test_records_without_id_and_serial_get_them(session):
    record = {"received_on": "2026-03-02", "channel": "post",
              "applicant": {"kind": "natural_person", "name": "王五"}, "content": "申请公开白沙镇河道整治方案",
              "correction": None, "consultations": [], "extension": None, "fee": None, "outcome": None,
              "replied_on": None}
    result = register.import_records(session, [record], today=TODAY)
    assert result.serials_assigned == 1
    exported = list(register.export_records(session))
    assert exported[0]["serial"] == "GK-2026-00001"
    assert len(exported[0]["id"]) == 36
    # The same record again (now matched by serial) does not duplicate.
    again = dict(record, serial="GK-2026-00001")
    assert register.import_records(session, [again], today=TODAY).created == 0


def test_imported_serials_raise_the_counter(session, samples_dir):
    from tests.helpers.register import application_data

    _, records = sample(samples_dir)
    register.import_records(session, records, today=TODAY)
    highest = max(int(r["serial"][-5:]) for r in records if r["serial"].startswith("GK-2025-"))
    state = register.register_application(session, application_data(received_on=dt.date(2025, 10, 8)))
    assert state.serial == f"GK-2025-{highest + 1:05d}"


def test_foreign_office_is_created_and_exported_with_its_code(session):
    code = org_code("11330127MB0000099")
    record = {"id": "0b7e1c2a-8d0f-4f7c-9a51-3c2f6f1d0001", "serial": "BS-2026-001", "office": code,
              "received_on": "2026-04-01", "channel": "in_person",
              "applicant": {"kind": "natural_person", "name": "赵六"}, "content": "申请公开白沙镇低保名单",
              "correction": None, "consultations": [], "extension": None, "fee": None,
              "outcome": "granted", "replied_on": "2026-04-10"}
    result = register.import_records(session, [record], today=TODAY)
    assert result.offices_created == [code]
    office = session.execute(select(Office).where(Office.org_code == code)).scalar_one()
    assert not office.is_self
    exported = list(register.export_records(session))
    assert exported == [record]
    assert list(register.export_records(session, office_id=office.id)) == [record]
    own = session.execute(select(Office).where(Office.is_self.is_(True))).scalar_one()
    assert list(register.export_records(session, office_id=own.id)) == []
    assert register.application_record(session, 1)["status"] == "archive"


def test_quick_scan_finds_exactly_the_records_with_unstorable_text():
    """The quick scan that decides whether a record's strings are walked for 含有无法识别的字符 agrees
    with the walk itself on any nesting of objects, lists, text (with NUL or lone surrogates) and other
    values."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from app.register.interchange import _needs_walk, _undecodable_paths

    class Text(str):
        pass

    texts = st.one_of(st.sampled_from(["", "申请", "a\x00b", "\ud800", "x\udfffy", "\t\n"]), st.text(max_size=5),
                      st.text(max_size=3).map(Text), st.sampled_from([Text("\ud800"), Text("a\x00")]))
    leaves = st.one_of(texts, st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False))
    values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=3), inner, max_size=4)),
                          max_leaves=20)

    @settings(max_examples=600, deadline=None)
    @given(values)
    def check(value):
        assert _needs_walk(value) == bool(_undecodable_paths(value))

    check()


def test_import_into_a_small_register_builds_its_indexes_afterwards(db, samples_dir, deferred_indexes):
    """As for a county's first import of years of applications (app.storage.indexes): the same rows,
    audit and schema as an import that keeps the indexes, and the clerk is told about the build."""
    from app.core import audit

    class Progress:
        cancelled = False

        def __init__(self):
            self.texts = []

        def update(self, done, total=None, text=None):
            self.texts.append(text)

    lines, records = sample(samples_dir)
    before = index_schema(db)
    progress = Progress()
    with db.session() as s:
        result = register.import_records(s, records, today=TODAY, progress=progress)
    assert result.created == len(records)
    if db.is_sqlite:
        assert "ix_audit_log_entity_entity_id" in deferred_indexes
        assert any(n.startswith("ix_application") for n in deferred_indexes)
        assert "正在为登记簿建立索引…" in progress.texts
    assert index_schema(db) == before
    with db.read_session() as s:
        assert export_lines(s) == lines
        assert audit.verify_chain(s) is None and audit.verify_records(s) is None


def test_dates_are_read_by_the_one_parser(session):
    """Since app.domain.dates became the one reader, section-2 files may also carry the written forms
    (2026/3/2, 2026年3月2日, full-width digits) and an empty string for a missing optional date; what
    cannot be a date is still refused with the record's line and field."""
    def record(received, replied=None):
        return {"received_on": received, "channel": "post", "applicant": {"kind": "natural_person", "name": "王五"},
                "content": "申请公开白沙镇河道整治方案", "correction": {"notified_on": "2026年3月3日", "received_on": ""},
                "consultations": [], "extension": None, "fee": None, "outcome": None, "replied_on": replied}

    result = register.import_records(session, [record("2026/3/2"), record("２０２６年３月２日")], today=TODAY)
    assert result.created == 2
    assert {r["received_on"] for r in register.export_records(session)} == {"2026-03-02"}
    with pytest.raises(ValidationError) as err:
        register.import_records(session, [record("2026-02-30"), record("下周一")], today=TODAY)
    assert err.value.details == [
        "第1行，字段“received_on”：收到申请日期“2026-02-30”不是有效日期：2026年2月没有30日",
        "第2行，字段“received_on”：收到申请日期“下周一”不是有效日期，"
        "请写成2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309的形式",
    ]


def test_the_periods_given_travel_with_the_record(session):
    record = {"serial": "GK-2026-00007", "received_on": "2026-03-02", "channel": "post",
              "applicant": {"kind": "natural_person", "name": "王五"}, "content": "申请公开白沙镇河道整治方案",
              "correction": {"notified_on": "2026-03-04", "received_on": None, "period_days": 10,
                             "delivered_on": "2026-03-06"},
              "consultations": [], "extension": None,
              "fee": {"notified_on": "2026-03-05", "amount_yuan": 100, "paid_on": None, "delivered_on": "2026-03-09"},
              "outcome": None, "replied_on": None}
    register.import_records(session, [record], today=TODAY)
    (exported,) = register.export_records(session)
    assert exported["correction"] == record["correction"] and exported["fee"] == record["fee"]
    # A re-import of the same record changes nothing; changing a period is an update.
    assert register.import_records(session, [record], today=TODAY).unchanged == 1
    changed = copy.deepcopy(record)
    changed["correction"]["period_days"] = 15
    assert register.import_records(session, [changed], today=TODAY).updated == 1
    assert next(iter(register.export_records(session)))["correction"]["period_days"] == 15


@pytest.mark.parametrize(("path", "value", "words"), [
    ("correction.period_days", 0, "补正期限应为正整数"),
    ("correction.period_days", "15", "补正期限应为正整数"),
    ("correction.delivered_on", "2026-03-03", "早于告知补正日期"),
    ("fee.delivered_on", "2026-03-04", "早于收费通知日期"),
])
def test_bad_periods_are_refused_naming_the_field(session, path, value, words):
    record = {"serial": "GK-2026-00008", "received_on": "2026-03-02", "channel": "post",
              "applicant": {"kind": "natural_person", "name": "王五"}, "content": "申请公开某事",
              "correction": {"notified_on": "2026-03-04", "received_on": None},
              "consultations": [], "extension": None,
              "fee": {"notified_on": "2026-03-05", "amount_yuan": 100, "paid_on": None},
              "outcome": None, "replied_on": None}
    part, key = path.split(".")
    record[part][key] = value
    with pytest.raises(ValidationError) as err:
        register.import_records(session, [record], today=TODAY)
    assert path in str(err.value) and words in str(err.value)
    assert list(register.export_records(session)) == []
