"""How a package is verified before anything is written: manifest, signature, trusted key, recipient, members.

Every check here reads the archive and the trust registry only; the importer applies a package only after
`verify` returned (docs/spec/packages.md, section 3 "Import rules"). The archive's own limits (size,
member count, paths, compression ratio) are enforced by app/packages/archive.py as it is read.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import profile
from app.errors import ValidationError
from app.packages import keys
from app.packages.archive import SafeArchive
from app.packages.manifest import Manifest, parse
from app.storage.models.packages import TrustedKey


def verify(session: Session, ar: SafeArchive) -> tuple[Manifest, TrustedKey]:
    """Every check that needs no change to the database; raises ValidationError with the reason."""
    manifest_bytes = ar.read("manifest.json")
    sig = ar.read("manifest.sig")
    m = parse(manifest_bytes)
    trusted = session.execute(select(TrustedKey).where(TrustedKey.org_code == m.sender_code)).scalar_one_or_none()
    if trusted is None:
        raise ValidationError(f"发送方“{m.sender_name or m.sender_code}”（{m.sender_code}）的公钥尚未登记为可信，"
                              "请先核对指纹并登记其公钥（gongkai keys trust）。")
    if trusted.key_id != m.key_id:
        raise ValidationError(f"数据包的签名密钥（{m.key_id}）与登记的“{m.sender_code}”的可信公钥（{trusted.key_id}）"
                              "不一致，已拒绝导入。")
    if not keys.verify(keys.load_public_pem(trusted.public_pem), manifest_bytes, sig):
        raise ValidationError("数据包签名无效：清单可能被篡改，或不是由该发送方生成，已拒绝导入。")
    own = profile.own_office_row(session)
    if m.recipient != own.org_code:
        raise ValidationError(f"该数据包的接收方是“{m.recipient}”，不是本机关（{own.org_code}），已拒绝导入。")
    if m.sender_code == own.org_code:
        raise ValidationError("这是本机关自己生成的数据包，不能导入。")
    listed = {f.path: f for f in m.files}
    present = set(ar.names()) - {"manifest.json", "manifest.sig"}
    extra = sorted(present - set(listed))
    if extra:
        raise ValidationError(f"数据包中的文件“{extra[0]}”未列入清单，已拒绝导入。")
    missing = sorted(set(listed) - present)
    if missing:
        raise ValidationError(f"数据包缺少清单列出的文件“{missing[0]}”，已拒绝导入。")
    for path, entry in listed.items():
        sha, size, lines = ar.digest(path)
        if sha != entry.sha256 or size != entry.bytes:
            raise ValidationError(f"数据包中的文件“{path}”与清单记载的校验值不符（文件被篡改或损坏），已拒绝导入。")
        if entry.records is not None and path.startswith("data/") and lines != entry.records:
            raise ValidationError(f"数据包中的文件“{path}”记录数与清单不符，已拒绝导入。")
    return m, trusted
