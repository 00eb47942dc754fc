"""Catalogue entries through a package: the fast export and import paths give exactly the records, rows,
audit entries and search index of the general ones."""

from __future__ import annotations

import io
import json

import pytest

from app.packages.archive import PackageWriter


def _entries(session, n: int = 12):
    from app.services import catalogue

    out = []
    for i in range(n):
        data = {"title": f"关于“测试”\"引号\"\\与\t控制字符的通知{i}", "publisher": "青山县人民政府办公室",
                "written_on": f"2025-03-{i % 27 + 1:02d}", "published_on": f"2025-04-{i % 27 + 1:02d}",
                "doc_number": f"青政发〔2025〕{i}号" if i % 3 else None, "category": "综合政务",
                "summary": "概述" if i % 2 else "", "keywords": "  ", "scope": "全社会"}
        if i % 4 == 0:
            data["validity"] = "有效"
        out.append(catalogue.create_entry(session, data))
    return out


def test_catalogue_records_come_with_sorted_keys_and_encode_as_canonical_json(session):
    from app.packages.areas import AREA_BY_NAME
    from app.packages.export import _ENCODE_PRESORTED, _line

    _entries(session)
    area = AREA_BY_NAME["catalogue"]
    assert area.sorted_keys
    records = list(area.export(session, None))
    assert len(records) == 12
    for rec in records:
        assert list(rec) == sorted(rec)
        expected = json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str) + "\n"
        assert _line(rec, _ENCODE_PRESORTED) == _line(rec) == expected.encode("utf-8")


def test_writer_abort_mid_member_keeps_the_original_error(tmp_path):
    target = tmp_path / "x.gkpkg"
    w = PackageWriter(target)
    m = w.open("data/a.jsonl")
    m.write(b"x" * 100_000)
    with pytest.raises(KeyError):
        try:
            raise KeyError("original")
        except KeyError:
            w.abort()
            raise
    assert w._open is None


def test_threaded_member_gives_the_bytes_of_an_inline_write():
    import hashlib
    import zipfile

    blocks = [(b'{"id":"%d","t":"%s"}\n' % (i, ("测试" * (i % 50)).encode())) * 300 for i in range(40)]
    buf = io.BytesIO()
    w = PackageWriter(buf)
    m = w.open("data/a.jsonl")
    for b in blocks:
        m.write(b)
    sha, size = w.close_member(m)
    w.close()
    data = b"".join(blocks)
    assert (sha, size) == (hashlib.sha256(data).hexdigest(), len(data))
    ref = io.BytesIO()
    with zipfile.ZipFile(ref, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        info = w._info("data/a.jsonl")
        with zf.open(info, "w", force_zip64=True) as fh:
            for b in blocks:
                fh.write(b)
    assert buf.getvalue() == ref.getvalue()


def test_same_database_gives_the_same_package_bytes(session, tmp_path):
    from app.packages.areas import AREA_BY_NAME
    from app.packages.export import build_package
    from app.packages.manifest import Manifest

    _entries(session, 30)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()  # Ed25519 signatures are deterministic

    def build(out):
        m = Manifest(package_id="3f10e291-80ab-4eea-b52b-2c50cd3a5fb2", sender_code="A", sender_name="甲",
                     key_id="0" * 16, recipient="province", sequence=1, created_at="2026-03-10T09:30:00+08:00",
                     kind="full", app_version="0", schema_version="0")
        return build_package(session, manifest=m, private_key=private, since=None, full_records=True,
                             out_path=out, areas=[AREA_BY_NAME["catalogue"]])

    a, b = build(tmp_path / "a.gkpkg"), build(None)
    assert a.path.read_bytes() == b.data and a.sha256 == b.sha256 and a.counts == {"catalogue": 30}
