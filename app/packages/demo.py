"""Demo data of the packages area: a trusted township key and that township's package in the history."""

from __future__ import annotations

import datetime as dt
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from app.core import audit
from app.packages import keys
from app.storage.models.packages import IncomingPackage, StreamPosition, TrustedKey
from app.storage.models.register import Application


def populate(session, ctx) -> None:
    """The first township's key is trusted and its package (its applications, registered by the register
    demo) is recorded as imported, so the county roll-up and the 数据交换 screen have something to show."""
    if not ctx.townships:
        return
    township = ctx.townships[0]
    public = Ed25519PrivateKey.from_private_bytes(ctx.rng.randbytes(32)).public_key()
    info = keys.describe(public)
    received = dt.datetime.combine(ctx.today - dt.timedelta(days=3), dt.time(9, 30))
    trusted = TrustedKey(org_code=township.org_code, org_name=township.name, key_id=info.key_id, public_pem=info.pem,
                         fingerprint=info.fingerprint, added_by="示例数据", added_at=received - dt.timedelta(days=30))
    session.add(trusted)
    audit.record(session, trusted, "create", note="示例数据")
    count = session.execute(select(func.count()).select_from(Application)
                            .where(Application.office_id == township.id)).scalar_one()
    package_id = str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))
    row = IncomingPackage(package_id=package_id, sender=township.org_code, sender_name=township.name, sequence=1,
                          kind="full", state="applied", sha256=f"{ctx.rng.getrandbits(256):064x}",
                          file_name=f"{township.short_name or township.name}-1.gkpkg",
                          package_created_at=(received - dt.timedelta(days=1)).isoformat() + "+00:00",
                          received_at=received, applied_at=received,
                          summary={"counts": {"applications": {"created": count}}, "conflicts": 0,
                                   "notes": ["示例数据"]})
    session.add(row)
    stream = StreamPosition(direction="in", peer=township.org_code, last_sequence=1, applied_at=received,
                            sender_created_at=received - dt.timedelta(days=1))
    session.add(stream)
    audit.record(session, row, "create", note="示例数据")
    audit.record(session, stream, "create", note="示例数据")
    ctx.summary["packages"] = {"trusted_keys": 1, "incoming": 1}
