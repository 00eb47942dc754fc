"""Bad input to every importer (service level): a Chinese UserError naming the place, data unchanged.

Runs on SQLite and PostgreSQL. Inputs per property: small in CI, GONGKAI_FUZZ_EXAMPLES under `make fuzz`.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import UserError
from tests.helpers.reliability import BUDGETS, assert_user_message, db_digest, fuzz_examples

TODAY = dt.date(2026, 12, 31)
TRIED: dict[str, int] = {}


def _settings(ci: int):
    return settings(max_examples=fuzz_examples(ci), deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])


def _sample_records(samples_dir, n=30) -> list[dict]:
    lines = (samples_dir / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:n] if line.strip()]


# Nasty values: wrong types, malformed dates, impossible check digits, oversized and odd text.
BAD_DATES = st.sampled_from(["2025-02-30", "2025-13-01", "2025/03/01", "20250301", "2025-3-1", "0000-00-00",
                             "9999-12-31", "2025-02-29", "昨天", "", " ", "2025-03-01T10:00:00", "１２３４-01-01"])
BAD_IDS = st.sampled_from(["330106199001011235", "33010619900101123Y", "330106199013011234", "3301061990010112",
                           "91330100MA27XXXX0B", "０３３０１０６１９９０", "330106 199001011234", "x" * 300])
ODD_TEXT = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=30),
    st.sampled_from(["\ud800", "a\x00b", "=cmd|' /C calc'!A0", "\u202e翻转", "　", "\r\n", "😀" * 40,
                     "x" * 5000, "张" * 300]),
)
NASTY = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                  st.floats(allow_nan=True, allow_infinity=True), ODD_TEXT, BAD_DATES, BAD_IDS,
                  st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))

RECORD_PATHS = [
    "id", "serial", "office", "received_on", "channel", "content", "outcome", "replied_on", "notes",
    "applicant", "applicant.kind", "applicant.name", "applicant.id_number", "applicant.phone", "applicant.address",
    "applicant.email", "applicant.contact_person", "correction", "correction.notified_on", "correction.received_on",
    "consultations", "consultations.0", "consultations.0.party", "consultations.0.sent_on",
    "consultations.0.ended_on", "extension", "extension.approved_on", "extension.working_days", "fee",
    "fee.notified_on", "fee.amount_yuan", "fee.paid_on", "fee.method",
]


def _set_path(record: dict, path: str, value) -> None:
    parts = path.split(".")
    target = record
    for part in parts[:-1]:
        if part.isdigit():
            if not isinstance(target, list):
                return
            while len(target) <= int(part):
                target.append({"party": "third_party", "sent_on": "2025-03-02", "ended_on": None})
            target = target[int(part)]
        else:
            if not isinstance(target.get(part), (dict, list)):
                target[part] = {} if not parts[parts.index(part) + 1].isdigit() else []
            target = target[part]
    last = parts[-1]
    if isinstance(target, list):
        if last.isdigit():
            while len(target) <= int(last):
                target.append(None)
            target[int(last)] = value
    elif isinstance(target, dict):
        target[last] = value


def _check_refusal(exc: UserError, places: list[str]) -> None:
    text = exc.message + "\n" + "\n".join(exc.details)
    assert_user_message(exc.message)
    assert any(p in text for p in places), f"no place named ({places}): {text[:500]}"


@pytest.fixture
def record_pool(samples_dir):
    return _sample_records(samples_dir)


@BUDGETS
def test_mutated_interchange_records_are_refused_cleanly_or_imported(db, record_pool, budget):
    from app import register

    counts = {"accepted": 0, "refused": 0}

    @given(data=st.data())
    @_settings(50)
    def run(data):
        records = copy.deepcopy(data.draw(st.lists(st.sampled_from(record_pool), min_size=1, max_size=4)))
        bad_line = data.draw(st.integers(min_value=1, max_value=len(records)))
        record = records[bad_line - 1]
        for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
            _set_path(record, data.draw(st.sampled_from(RECORD_PATHS)), data.draw(NASTY))
        if data.draw(st.booleans()):  # a fresh identity so the record is new, not an update
            record.pop("id", None)
            record.pop("serial", None)
        before = db_digest(db)
        try:
            with db.session() as s:
                register.import_records(s, records, line_numbers=list(range(1, len(records) + 1)), today=TODAY)
        except UserError as exc:
            counts["refused"] += 1
            _check_refusal(exc, [f"第{n}行" for n in range(1, len(records) + 1)])
            assert db_digest(db) == before, "a refused import changed the data"
            return
        counts["accepted"] += 1

    run()
    TRIED["interchange records"] = counts["accepted"] + counts["refused"]
    print(f"\ninterchange records: {counts}")
    assert counts["refused"] > 0


def test_lines_that_are_not_objects_are_refused(db, record_pool):
    from app import register

    before = db_digest(db)
    for junk in ([1, 2], "text", 42, None, [record_pool[0]], True):
        with pytest.raises(UserError) as info:
            with db.session() as s:
                register.import_records(s, [record_pool[1], junk], line_numbers=[1, 2], today=TODAY)
        _check_refusal(info.value, ["第2行"])
    assert db_digest(db) == before


def test_a_10_mb_content_string_is_refused(db, record_pool):
    from app import register

    record = copy.deepcopy(record_pool[0])
    record.pop("id", None)
    record.pop("serial", None)
    record["content"] = "申" * (10 * 1024 * 1024)
    before = db_digest(db)
    try:
        with db.session() as s:
            register.import_records(s, [record], today=TODAY)
    except UserError as exc:
        _check_refusal(exc, ["第1行"])
        assert db_digest(db) == before
    else:
        pytest.fail("a 10 MB request content was accepted into the register (no size limit on content)")


def test_impossible_check_digits_are_refused(db, record_pool):
    from app import register

    before = db_digest(db)
    for bad in ["330106199001011235", "330106199002301234", "91330100MA27XXXX0B"]:
        record = copy.deepcopy(record_pool[0])
        record["applicant"]["id_number"] = bad
        record.pop("id", None)
        record.pop("serial", None)
        with pytest.raises(UserError) as info:
            with db.session() as s:
                register.import_records(s, [record], today=TODAY)
        _check_refusal(info.value, ["第1行"])
        assert "id_number" in " ".join(info.value.details) or "身份证" in info.value.message or "代码" in info.value.message
    assert db_digest(db) == before


# -- office profile ------------------------------------------------------------------------------------------
PROFILE_KEYS = ["name", "org_code", "level", "short_name", "parent_org_code", "review_agency", "court",
                "doc_prefix", "contact_phone", "contact_address", "postcode"]


@BUDGETS
def test_mutated_office_profiles_are_refused_cleanly(db, office_data, budget):
    from app.core import profile

    counts = {"accepted": 0, "refused": 0}

    @given(data=st.data())
    @_settings(80)
    def run(data):
        values = dict(office_data)
        for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
            values[data.draw(st.sampled_from(PROFILE_KEYS))] = data.draw(NASTY)
        before = db_digest(db)
        try:
            with db.session() as s:
                profile.save_profile(s, values)
        except UserError as exc:
            counts["refused"] += 1
            assert_user_message(exc.message)
            assert db_digest(db) == before
            return
        counts["accepted"] += 1
        with db.session() as s:  # back to the test office for the next example
            profile.save_profile(s, office_data)

    run()
    TRIED["office profiles"] = counts["accepted"] + counts["refused"]
    print(f"\noffice profiles: {counts}")


# -- calendar files ---------------------------------------------------------------------------------------------
CAL_LINE = st.one_of(
    st.builds(lambda d, k, n: f"{d},{k},{n}", st.one_of(BAD_DATES, st.dates().map(str)),
              st.sampled_from(["放假", "上班", "休息", "work", "1", "", "是"]), st.text(max_size=20)),
    st.builds(lambda y: f"正式,{y}", st.one_of(st.integers(-5, 100000).map(str), st.text(max_size=6))),
    st.text(max_size=60),
    st.builds(json.dumps, st.dictionaries(st.sampled_from(["date", "is_workday", "kind", "year", "official", "note",
                                                            "id", "deleted", "updated_at"]), NASTY, max_size=5)),
)


@BUDGETS
def test_mutated_calendar_files_are_refused_cleanly(db, tmp_path, budget):
    from app import calendar

    counts = {"accepted": 0, "refused": 0}

    @given(lines=st.lists(CAL_LINE, min_size=1, max_size=6),
           encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]))
    @_settings(50)
    def run(lines, encoding):
        path = tmp_path / "calendar.csv"
        try:
            path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
        except UnicodeError:
            return
        before = db_digest(db)
        try:
            with db.session() as s:
                calendar.import_file(s, path)
        except UserError as exc:
            counts["refused"] += 1
            assert_user_message(exc.message)
            assert db_digest(db) == before
            return
        counts["accepted"] += 1

    run()
    TRIED["calendar files"] = counts["accepted"] + counts["refused"]
    print(f"\ncalendar files: {counts}")
    assert counts["refused"] > 0


# Found by the property test above; kept as fixed examples.
@pytest.mark.parametrize("path,value", [
    ("outcome", []), ("fee.method", ["per_page"]), ("consultations.0.party", {"x": 1}),
    ("content", "\ud800申请"), ("applicant.name", "张\udfff"), ("id", "\ud800"), ("serial", "GK\ud800"),
    ("content", "a\x00b"), ("notes", [1, 2]), ("applicant.phone", {"n": 1}), ("content", ["申请公开"]),
])
def test_values_that_crashed_the_import_are_refused(db, record_pool, path, value):
    from app import register

    record = copy.deepcopy(record_pool[0])
    record.pop("id", None)
    record.pop("serial", None)
    if path.startswith("fee."):
        record["fee"] = {"notified_on": "2025-11-26", "amount_yuan": 10}
    if path.startswith("consultations."):
        record["consultations"] = [{"party": "third_party", "sent_on": "2025-11-26", "ended_on": None}]
    _set_path(record, path, value)
    before = db_digest(db)
    with pytest.raises(UserError) as info:
        with db.session() as s:
            register.import_records(s, [record_pool[1], record], line_numbers=[1, 2], today=TODAY)
    _check_refusal(info.value, ["第2行"])
    assert db_digest(db) == before


def test_calendar_file_with_bare_carriage_returns(db, tmp_path):
    """Found by the fuzz run: a bare CR made the CSV reader raise; old Mac line ends now read as lines."""
    from app import calendar

    path = tmp_path / "cr.csv"
    path.write_bytes(b"\r0")
    before = db_digest(db)
    with pytest.raises(UserError) as info:
        with db.session() as s:
            calendar.import_file(s, path)
    assert_user_message(info.value.message)
    assert db_digest(db) == before
    path.write_bytes("2026-02-05,放假,春节\r2026-02-07,上班,调休".encode())
    with db.session() as s:
        result = calendar.import_file(s, path)
    assert result.created == 2
