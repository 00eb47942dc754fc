"""A trusted sender writes only the offices it speaks for (issue 18 item 2)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app import packages
from app.errors import UserError
from app.packages import offices
from app.storage.models.core import Office
from tests.helpers.packages import add_applications, application_by_uuid, content_digest, craft


def _code(base: str) -> str:
    from app.domain.identifiers import org_code_check_char

    return base + org_code_check_char(base)


OTHER_TOWNSHIP = _code("11330127MB0000203")
UNKNOWN_OFFICE = _code("11330127MB0000304")


def _record(rid: str, office: str | None, content: str = "申请公开某文件") -> bytes:
    rec = {"id": rid, "updated_at": "2026-01-01T00:00:00", "deleted": False, "office": office,
           "received_on": "2025-01-02", "channel": "post",
           "applicant": {"kind": "natural_person", "name": "甲"}, "content": content}
    return json.dumps(rec, ensure_ascii=False).encode() + b"\n"


def _import(db, data):
    with db.session() as s:
        return packages.import_package(s, data)


def _refused(db, data, words) -> None:
    before = content_digest(db)
    with pytest.raises(UserError, match=words):
        _import(db, data)
    assert content_digest(db) == before


def _office_codes(db) -> set[str]:
    with db.read_session() as s:
        return set(s.execute(select(Office.org_code)).scalars())


@pytest.fixture
def other_township(linked):
    """The county holds a second township with one application of its own."""
    from app.core import profile
    from app.register.interchange import import_records

    county = linked[0]
    with county.session() as s:
        office = profile.ensure_office(s, OTHER_TOWNSHIP, "青石乡人民政府")
        import_records(s, [json.loads(_record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0b01", OTHER_TOWNSHIP))],
                       office_id=office.id)
    return "4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0b01"


def test_a_township_cannot_write_another_townships_records(linked, other_township):
    county, township, c_code, _ = linked
    data = craft(township, {"data/applications.jsonl": _record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0c01",
                                                                OTHER_TOWNSHIP)}, recipient=c_code)
    _refused(county, data, "青石乡人民政府.*无权代报")


def test_a_township_cannot_overwrite_another_offices_record_by_its_id(linked, other_township):
    county, township, c_code, t_code = linked
    data = craft(township, {"data/applications.jsonl": _record(other_township, t_code, "改写的内容")},
                 recipient=c_code)
    _refused(county, data, "在本机属于机关“青石乡人民政府”")
    assert application_by_uuid(county, other_township).content == "申请公开某文件"


def test_nor_the_countys_own_record_by_its_id(linked):
    county, township, c_code, _ = linked
    [own_id] = add_applications(county, 1)
    data = craft(township, {"data/applications.jsonl": _record(own_id, None, "改写的内容")}, recipient=c_code)
    _refused(county, data, "无权修改")


def test_an_unknown_office_never_becomes_a_new_office_silently(linked):
    county, township, c_code, _ = linked
    before = _office_codes(county)
    data = craft(township, {"data/applications.jsonl": _record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0d01",
                                                                UNKNOWN_OFFICE)}, recipient=c_code)
    _refused(county, data, f"{UNKNOWN_OFFICE}.*本机尚未登记该机关")
    assert _office_codes(county) == before


def test_an_annual_report_of_another_office_is_refused(linked, other_township):
    county, township, c_code, _ = linked
    report = {"id": "4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0e01", "updated_at": "2026-01-01T00:00:00",
              "deleted": False, "office": OTHER_TOWNSHIP, "year": 2025, "overview": "伪造的报告"}
    data = craft(township, {"data/reports.jsonl": json.dumps(report, ensure_ascii=False).encode() + b"\n"},
                 recipient=c_code)
    _refused(county, data, "无权代报")


def test_offices_registered_for_a_sender_are_accepted_and_created(linked):
    county, township, c_code, t_code = linked
    with county.session() as s:
        offices.allow_office(s, t_code, UNKNOWN_OFFICE, "白沙镇某村委会")
    data = craft(township, {"data/applications.jsonl": _record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0f01",
                                                                UNKNOWN_OFFICE)}, recipient=c_code)
    out = _import(county, data)
    assert out.state == "applied"
    assert UNKNOWN_OFFICE in _office_codes(county)
    with county.read_session() as s:
        assert [a.office_code for a in offices.allowed_offices(s, t_code)] == [UNKNOWN_OFFICE]


def test_an_office_speaks_through_one_sender_only(linked, tmp_path):
    county, township, c_code, t_code = linked
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.packages import keys

    other = keys.describe(Ed25519PrivateKey.generate().public_key())
    with county.session() as s:
        packages.trust_key(s, other.pem, OTHER_TOWNSHIP, "青石乡人民政府")
        offices.allow_office(s, t_code, UNKNOWN_OFFICE)
        with pytest.raises(UserError, match="只能由一个发送方代报"):
            offices.allow_office(s, OTHER_TOWNSHIP, UNKNOWN_OFFICE)
        with pytest.raises(UserError, match="本机关的数据只能在本机修改"):
            offices.allow_office(s, t_code, c_code)
        offices.disallow_office(s, t_code, UNKNOWN_OFFICE)
        assert offices.allowed_offices(s, t_code) == []


def test_keys_allow_and_disallow_from_the_command_line(linked, capsys):
    from app.cli.main import main

    county, _township, _c_code, t_code = linked
    assert main(["--db", county.target, "keys", "allow", "--org", t_code, "--office", UNKNOWN_OFFICE,
                 "--name", "某村"]) == 0
    assert UNKNOWN_OFFICE in capsys.readouterr().out
    assert main(["--db", county.target, "--json", "keys", "show"]) == 0
    [trusted] = json.loads(capsys.readouterr().out)["trusted"]
    assert [o["office_code"] for o in trusted["offices"]] == [UNKNOWN_OFFICE]
    assert main(["--db", county.target, "keys", "allow", "--org", t_code, "--office", "123"]) != 0
    assert "无效" in capsys.readouterr().err
    assert main(["--db", county.target, "keys", "disallow", "--org", t_code, "--office", UNKNOWN_OFFICE]) == 0
    with county.read_session() as s:
        assert offices.allowed_offices(s, t_code) == []


def test_an_office_key_spelled_with_escapes_is_still_read(linked, other_township):
    """The quick scan of a line gives way to the exact reading wherever an escape could hide a key."""
    county, township, c_code, _ = linked
    line = _record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0a01", None).replace(b'"office": null', b'"office": null, '
                                                                        b'"\\u006fffice": "' + OTHER_TOWNSHIP.encode() + b'"')
    assert json.loads(line)["office"] == OTHER_TOWNSHIP  # the last key wins, as the importer reads it
    _refused(county, craft(township, {"data/applications.jsonl": line}, recipient=c_code), "无权代报")


def test_a_nested_office_key_does_not_decide(linked):
    """A nested "office" naming another office sends the line to the exact reading, which looks at the
    record's own office only."""
    county, township, c_code, t_code = linked
    rec = json.loads(_record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0a02", t_code))
    rec["notes_meta"] = {"office": OTHER_TOWNSHIP}
    data = craft(township, {"data/applications.jsonl": json.dumps(rec, ensure_ascii=False).encode() + b"\n"},
                 recipient=c_code)
    with county.session() as s:
        assert packages.import_package(s, data).state == "applied"


def test_into_an_empty_table_the_offices_are_checked_without_looking_up_each_id(linked, monkeypatch):
    """Nothing is stored yet, so no id can belong to anyone here: no lookups, and a record of an office the
    sender does not speak for is still refused."""
    county, township, c_code, _ = linked
    looked_up: list[int] = []
    real = offices._check_owners
    monkeypatch.setattr(offices, "_check_owners",
                        lambda s, tables, ids, *a: looked_up.append(len(ids)) or real(s, tables, ids, *a))
    data = craft(township, {"data/applications.jsonl": _record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f1001",
                                                                OTHER_TOWNSHIP)}, recipient=c_code)
    _refused(county, data, "无权代报")
    ok = craft(township, {"data/applications.jsonl": _record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f1002", None)},
               recipient=c_code)
    assert _import(county, ok).state == "applied"
    assert looked_up == []
    again = craft(township, {"data/applications.jsonl": _record("4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f1003", None)},
                  recipient=c_code, sequence=2)
    assert _import(county, again).state == "applied"
    assert looked_up == [1]  # the table holds a record now: each id is looked up
