"""All models; importing this package completes ``Base.metadata``."""

from app.storage.models import (  # noqa: F401
    calendar,
    catalogue,
    core,
    ledger,
    letters,
    negative_list,
    packages,
    register,
    reports,
)
from app.storage.models.core import AuditEntry, AuditHead, Office, Sequence, Setting  # noqa: F401
