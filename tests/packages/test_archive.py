"""Keys, manifest and the safe reading of archives: every refusal has a clear Chinese message."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from app.errors import ValidationError
from app.packages import keys
from app.packages.archive import Limits, PackageWriter, SafeArchive
from app.packages.manifest import parse


def _zip(members: list[tuple[str, bytes]], *, attr: int | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if attr is not None:
                info.create_system = 3
                info.external_attr = attr << 16
            zf.writestr(info, data)
    return buf.getvalue()


BASE = [("manifest.json", b"{}"), ("manifest.sig", b"x")]


def test_key_fingerprint_pem_and_encrypted_storage(gongkai_home):
    info, name, protection = keys.create_key_file()
    assert protection == "machine"
    stored = (gongkai_home / "keys" / name).read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in stored
    private = keys.load_private(name, protection, info.key_id)
    public = keys.load_public_pem(info.pem)
    assert info.pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert keys.describe(public) == info
    groups = info.fingerprint.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    sig = keys.sign(private, b"manifest")
    assert keys.verify(public, b"manifest", sig)
    assert not keys.verify(public, b"manifesT", sig)
    assert not keys.verify(public, b"manifest", b"not base64!")


def test_key_with_wrong_secret_is_refused_clearly(gongkai_home):
    from app import paths

    info, name, protection = keys.create_key_file()
    (paths.secret_dir() / keys.SECRET_FILE).write_bytes(b"another machine")
    with pytest.raises(Exception) as exc:
        keys.load_private(name, protection, info.key_id)
    assert "无法解密" in str(exc.value)


def test_public_key_that_is_not_pem_is_refused():
    with pytest.raises(ValidationError, match="PEM"):
        keys.load_public_pem("hello")


def test_writer_is_deterministic():
    def build() -> bytes:
        buf = io.BytesIO()
        w = PackageWriter(buf)
        m = w.open("data/a.jsonl")
        m.write(b'{"id":"1"}\n')
        w.close_member(m)
        w.write_bytes("manifest.json", b"{}")
        w.close()
        return buf.getvalue()

    assert build() == build()


@pytest.mark.parametrize("name, words", [
    ("../evil.jsonl", "不安全的文件路径|跳出"),
    ("data/../../etc/passwd", "跳出"),
    ("/etc/passwd", "绝对路径"),
    ("C:/windows/x", "绝对路径"),
    ("data\\x.jsonl", "非法字符"),
    ("readme.txt", "不属于数据包格式"),
])
def test_bad_member_names_are_refused(name, words):
    with pytest.raises(ValidationError, match=words):
        SafeArchive(_zip(BASE + [(name, b"x")]))


def test_symlink_is_refused():
    with pytest.raises(ValidationError, match="符号链接"):
        SafeArchive(_zip(BASE + [("data/a.jsonl", b"/etc/passwd")], attr=stat.S_IFLNK | 0o777))


def test_duplicate_names_are_refused():
    with pytest.warns(UserWarning):  # zipfile itself warns when writing a duplicate name
        data = _zip(BASE + [("data/a.jsonl", b"1"), ("data/a.jsonl", b"2")])
    with pytest.raises(ValidationError, match="重名"):
        SafeArchive(data)


def test_too_many_files_and_oversize_are_refused():
    many = BASE + [(f"data/f{i}.jsonl", b"") for i in range(20)]
    with pytest.raises(ValidationError, match="文件过多"):
        SafeArchive(_zip(many), Limits(max_files=10))
    with pytest.raises(ValidationError, match="过大"):
        SafeArchive(_zip(BASE + [("data/a.jsonl", b"x" * 5000)]), Limits(max_file_bytes=1000))
    with pytest.raises(ValidationError, match="总大小"):
        SafeArchive(_zip(BASE + [("data/a.jsonl", b"x" * 800), ("data/b.jsonl", b"y" * 800)]),
                    Limits(max_total_bytes=1000))
    with pytest.raises(ValidationError, match="数据包文件过大"):
        SafeArchive(_zip(BASE), Limits(max_package_bytes=10))


def test_zip_bomb_ratio_is_refused():
    with pytest.raises(ValidationError, match="压缩炸弹"):
        SafeArchive(_zip(BASE + [("data/a.jsonl", b"\0" * (8 << 20))]))


def test_declared_size_smaller_than_actual_is_refused():
    data = bytearray(_zip(BASE + [("data/a.jsonl", b"abcdefghij" * 10)]))
    # Lower the declared uncompressed size (central directory) of data/a.jsonl from 100 to 50.
    cd = data.rfind(b"PK\x01\x02")
    assert int.from_bytes(data[cd + 24:cd + 28], "little") == 100
    data[cd + 24:cd + 28] = (50).to_bytes(4, "little")
    with SafeArchive(bytes(data)) as ar:
        with pytest.raises(ValidationError, match="实际大小|已损坏"):
            ar.read("data/a.jsonl")


def test_not_a_zip_and_missing_manifest_are_refused():
    with pytest.raises(ValidationError, match="不是有效的数据包"):
        SafeArchive(b"PK\x03\x04 truncated")
    with pytest.raises(ValidationError, match="缺少 manifest.sig"):
        SafeArchive(_zip([("manifest.json", b"{}")]))


def _manifest(**over) -> bytes:
    import json

    data = {"format": "gongkai-package", "format_version": 1, "package_id": "3f10e291-80ab-4eea-b52b-2c50cd3a5fb2",
            "sender": {"org_code": "11330127MB0000102N", "org_name": "镇", "key_id": "ab"}, "recipient": "province",
            "sequence": 1, "created_at": "2026-01-01T08:00:00+08:00", "kind": "full", "app_version": "0.1",
            "schema_version": "0009", "files": []}
    data.update(over)
    return json.dumps(data).encode()


def test_manifest_checks():
    assert parse(_manifest()).sequence == 1
    with pytest.raises(ValidationError, match="格式版本“2”不受支持"):
        parse(_manifest(format_version=2))
    with pytest.raises(ValidationError, match="JSON"):
        parse(b"{not json")
    with pytest.raises(ValidationError, match="sequence"):
        parse(_manifest(sequence=0))
    with pytest.raises(ValidationError, match="不允许"):
        parse(_manifest(files=[{"path": "../x", "sha256": "0" * 64, "bytes": 1, "records": 0}]))
    with pytest.raises(ValidationError, match="时区"):
        parse(_manifest(created_at="2026-01-01T08:00:00"))
