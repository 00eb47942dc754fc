"""Township → county exchange: verification before any change, repeats, gaps, conflicts, refusals."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text

from app import packages
from app.errors import UserError
from app.packages.archive import Limits
from app.storage.models.packages import IncomingPackage, StreamPosition
from tests.helpers.packages import (
    add_applications,
    application_by_uuid,
    content_digest,
    craft,
    read_member,
    replace_member,
)


def _export(db, to: str, path, **kw) -> bytes:
    with db.session() as s:
        packages.export_package(s, to=to, out_path=path, **kw)
    return path.read_bytes()


def _import(db, source, **kw):
    with db.session() as s:
        return packages.import_package(s, source, **kw)


def test_township_package_arrives_at_county_with_full_records(linked, tmp_path):
    county, township, c_code, t_code = linked
    ids = add_applications(township, 3, name="李四")
    data = _export(township, c_code, tmp_path / "p1.gkpkg")
    manifest = json.loads(read_member(data, "manifest.json"))
    assert manifest["sender"]["org_code"] == t_code and manifest["recipient"] == c_code
    assert manifest["sequence"] == 1 and manifest["kind"] == "full"
    assert set(manifest["audit_head"]) == {"seq", "hash"}
    out = _import(county, tmp_path / "p1.gkpkg")
    assert out.state == "applied" and out.counts["applications"]["created"] == 3
    app = application_by_uuid(county, ids[0])
    assert app.applicant_name == "李四" and app.applicant_id_number == "11010519491231002X"
    with county.read_session() as s:
        from app.storage.models.core import Office

        assert s.get(Office, app.office_id).org_code == t_code
        assert [i.state for i in packages.list_incoming(s)] == ["applied"]


def test_province_package_masks_personal_data_unless_configured(linked, tmp_path):
    county, township, c_code, t_code = linked
    add_applications(county, 2, name="王小明")
    records = [json.loads(line) for line in
               read_member(_export(county, "province", tmp_path / "a.gkpkg"), "data/applications.jsonl").splitlines()]
    assert len(records) == 2
    for rec in records:
        assert rec["applicant"]["name"] == "王**"
        assert not {"id_number", "phone", "address", "email", "contact_person"} & set(rec["applicant"])
        assert rec["deleted"] is False and rec["updated_at"]
    with county.session() as s:
        from app.core import settings

        settings.set_setting(s, packages.FULL_RECORDS_SETTING, ["province"])
    full = json.loads(read_member(_export(county, "province", tmp_path / "b.gkpkg", full=True),
                                  "data/applications.jsonl").splitlines()[0])
    assert full["applicant"]["name"] == "王小明" and full["applicant"]["id_number"] == "11010519491231002X"


def test_export_is_incremental_after_the_first(linked, tmp_path):
    county, township, c_code, _ = linked
    add_applications(township, 2)
    with township.session() as s:  # the first two were registered a minute before the first export
        s.execute(text("UPDATE application SET updated_at = :t"), {"t": dt.datetime(2026, 1, 1)})
    _export(township, c_code, tmp_path / "p1.gkpkg")
    new = add_applications(township, 1, start=10)
    data = _export(township, c_code, tmp_path / "p2.gkpkg")
    manifest = json.loads(read_member(data, "manifest.json"))
    assert manifest["kind"] == "incremental" and manifest["sequence"] == 2
    ids = [json.loads(x)["id"] for x in read_member(data, "data/applications.jsonl").splitlines()]
    assert ids == new


def test_repeated_package_is_a_quiet_no_op(linked, tmp_path):
    county, township, c_code, _ = linked
    add_applications(township, 2)
    _export(township, c_code, tmp_path / "p1.gkpkg")
    _import(county, tmp_path / "p1.gkpkg")
    before = content_digest(county)
    out = _import(county, tmp_path / "p1.gkpkg")
    assert out.state == "duplicate" and "已于此前导入" in out.message
    assert content_digest(county) == before


def test_gap_is_held_until_the_missing_package_arrives(linked, tmp_path):
    county, township, c_code, _ = linked
    first = add_applications(township, 1)
    _export(township, c_code, tmp_path / "p1.gkpkg")
    second = add_applications(township, 1, start=5)
    _export(township, c_code, tmp_path / "p2.gkpkg", full=True)
    out = _import(county, tmp_path / "p2.gkpkg")
    assert out.state == "held" and out.missing == [1] and "缺少" in out.message
    assert application_by_uuid(county, second[0]) is None
    out = _import(county, tmp_path / "p1.gkpkg")
    assert out.state == "applied" and len(out.also_applied) == 1
    assert application_by_uuid(county, first[0]) and application_by_uuid(county, second[0])
    with county.read_session() as s:
        assert {i.state for i in packages.list_incoming(s)} == {"applied"}


def test_gap_accepted_by_the_clerk(linked, tmp_path):
    county, township, c_code, _ = linked
    add_applications(township, 1)
    _export(township, c_code, tmp_path / "p1.gkpkg")
    second = add_applications(township, 1, start=5)
    _export(township, c_code, tmp_path / "p2.gkpkg", full=True)
    assert _import(county, tmp_path / "p2.gkpkg").state == "held"
    with county.session() as s:
        held = packages.list_incoming(s, state="held")[0]
        out = packages.accept_gap(s, held.id)
    assert out.state == "applied" and "跳过" in " ".join(out.notes)
    assert application_by_uuid(county, second[0]) is not None
    before = content_digest(county)
    with pytest.raises(UserError, match="不晚于已导入"):
        _import(county, tmp_path / "p1.gkpkg")
    assert content_digest(county) == before


def _edit_application(db, uuid: str, notes: str) -> None:
    from app.register.interchange import export_records, import_records

    with db.session() as s:
        rec = next(r for r in export_records(s, include_office=True) if r["id"] == uuid)
        rec["notes"] = notes
        import_records(s, [rec])


def _age_streams(county, township, seconds: int = 60) -> None:
    """Move the last exchange and everything before it a minute into the past (timestamps have second
    precision, so edits made in the same second as the exchange could not be told apart)."""
    delta = dt.timedelta(seconds=seconds)
    for db in (county, township):
        with db.session() as s:
            s.execute(text("UPDATE application SET updated_at = :t"), {"t": dt.datetime(2026, 1, 1)})
    with county.session() as s:
        for st in s.execute(select(StreamPosition)).scalars():
            st.applied_at = st.applied_at - delta if st.applied_at else None
            st.sender_created_at = st.sender_created_at - delta if st.sender_created_at else None
    with township.session() as s:
        for st in s.execute(select(StreamPosition)).scalars():
            st.acknowledged_until = st.acknowledged_until - delta if st.acknowledged_until else None


def test_record_edited_at_both_ends_becomes_a_conflict(linked, tmp_path):
    county, township, c_code, _ = linked
    ids = add_applications(township, 2)
    _export(township, c_code, tmp_path / "p1.gkpkg")
    _import(county, tmp_path / "p1.gkpkg")
    _age_streams(county, township)
    _edit_application(county, ids[0], "县级复核意见")
    _edit_application(township, ids[0], "乡镇补充说明")
    _edit_application(township, ids[1], "只在乡镇修改")
    _export(township, c_code, tmp_path / "p2.gkpkg")
    out = _import(county, tmp_path / "p2.gkpkg")
    assert out.state == "applied" and out.conflicts == 1 and "冲突" in out.message
    assert application_by_uuid(county, ids[0]).notes == "县级复核意见"  # never overwritten silently
    assert application_by_uuid(county, ids[1]).notes == "只在乡镇修改"
    with county.session() as s:
        [c] = packages.list_conflicts(s)
        assert c.record_id == ids[0] and c.entity == "applications"
        assert c.local_version["notes"] == "县级复核意见" and c.incoming_version["notes"] == "乡镇补充说明"
        packages.settle_conflict(s, c.id, "took_incoming")
    assert application_by_uuid(county, ids[0]).notes == "乡镇补充说明"
    with county.session() as s:
        assert packages.list_conflicts(s) == []
        with pytest.raises(UserError, match="已经处理过"):
            packages.settle_conflict(s, c.id, "kept_local")


# -- refusals: nothing changes ------------------------------------------------------------------------------
def _refused(db, data, words, **kw) -> None:
    before = content_digest(db)
    with pytest.raises(UserError, match=words):
        _import(db, data, **kw)
    assert content_digest(db) == before


def test_unknown_sender_is_refused(county, township, tmp_path):
    from app.core import profile

    with county.read_session() as s:
        c_code = profile.own_office_row(s).org_code
    add_applications(township, 1)
    data = _export(township, c_code, tmp_path / "p.gkpkg")
    _refused(county, data, "尚未登记为可信")


def test_bad_signature_is_refused(linked, tmp_path):
    county, township, c_code, _ = linked
    add_applications(township, 1)
    data = craft(township, {"data/applications.jsonl": b""}, recipient=c_code,
                 sign_with=Ed25519PrivateKey.generate())
    _refused(county, data, "签名无效")
    good = _export(township, c_code, tmp_path / "p.gkpkg")
    manifest = read_member(good, "manifest.json").replace(b'"sequence": 1', b'"sequence": 2')
    _refused(county, replace_member(good, "manifest.json", manifest), "签名无效")


def test_tampered_data_file_is_refused(linked, tmp_path):
    county, township, c_code, _ = linked
    add_applications(township, 2, name="赵六")
    good = _export(township, c_code, tmp_path / "p.gkpkg")
    data = read_member(good, "data/applications.jsonl").replace("赵六".encode(), "钱七".encode())
    _refused(county, replace_member(good, "data/applications.jsonl", data), "校验值不符")


def test_package_for_another_recipient_is_refused(linked, tmp_path):
    county, township, c_code, _ = linked
    data = _export(township, "province", tmp_path / "p.gkpkg")
    _refused(county, data, "接收方")


def test_unlisted_member_and_path_escape_are_refused(linked):
    county, township, c_code, _ = linked
    data = craft(township, {"data/applications.jsonl": b""}, recipient=c_code,
                 extra_members={"attachments/" + "0" * 64: b"x"})
    _refused(county, data, "未列入清单")
    data = craft(township, {"data/applications.jsonl": b""}, recipient=c_code,
                 extra_members={"../../evil": b"x"})
    _refused(county, data, "跳出|不安全")


def test_oversize_package_is_refused(linked, tmp_path):
    county, township, c_code, _ = linked
    add_applications(township, 3)
    data = _export(township, c_code, tmp_path / "p.gkpkg")
    _refused(county, data, "过大", limits=Limits(max_file_bytes=200))


def test_malformed_content_is_refused_with_nothing_changed(linked):
    county, township, c_code, _ = linked
    good_line = json.dumps({"id": "4b0b9c2e-6c1e-4c8e-9d55-2f0a7a3f0001", "updated_at": "2026-01-01T00:00:00",
                            "deleted": False, "office": None, "received_on": "2025-01-02", "channel": "post",
                            "applicant": {"kind": "natural_person", "name": "甲"}, "content": "x"},
                           ensure_ascii=False).encode() + b"\n"
    for body, words in [(good_line + b"{broken\n", "不是有效的 JSON"),
                        (b'{"id": "a"}\n', "缺少 id、updated_at 或 deleted"),
                        (b'["list"]\n', "缺少 id"),
                        (good_line.replace(b'"2025-01-02"', b'"2025-13-45"'), "日期")]:
        _refused(county, craft(township, {"data/applications.jsonl": body}, recipient=c_code), words)
    _refused(county, craft(township, {"data/applications.jsonl": good_line}, recipient=c_code,
                           records={"data/applications.jsonl": 5}), "记录数")
    _refused(county, craft(township, {}, recipient=c_code, manifest_over={"format_version": 7}), "格式版本")


def test_refusal_is_kept_in_the_history(county):
    with county.session() as s:
        packages.note_rejection(s, data=b"junk", file_name="x.gkpkg", error="数据包签名无效。")
    with county.read_session() as s:
        [row] = packages.list_incoming(s)
        assert row.state == "rejected" and row.error == "数据包签名无效。"
        assert s.execute(select(IncomingPackage)).scalar_one().package_id is None


def test_every_change_is_audited(linked, tmp_path):
    from app.core import audit

    county, township, c_code, _ = linked
    add_applications(township, 1)
    _export(township, c_code, tmp_path / "p1.gkpkg")
    add_applications(township, 1, start=3)
    _export(township, c_code, tmp_path / "p2.gkpkg", full=True)
    assert _import(county, tmp_path / "p2.gkpkg").state == "held"
    _import(county, tmp_path / "p1.gkpkg")
    for db in (county, township):
        with db.read_session() as s:
            assert audit.verify_chain(s) is None
            assert audit.verify_records(s) is None
