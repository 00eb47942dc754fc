"""All models; importing this package completes ``Base.metadata``.

Except in a process that set ``app.storage.LIGHT_MODELS`` first (a quick read-only command line, see
app.cli.main.LIGHT_COMMANDS): there only the core models are loaded here and each area module is imported by the
code that uses it. Declaring every model costs a headless command ~0.1 s (bench/measure_startup.py)."""

import app.storage as _storage
from app.storage.models import core  # noqa: F401

if not _storage.LIGHT_MODELS:
    from app.storage.models import (  # noqa: F401
        calendar,
        catalogue,
        ledger,
        letters,
        negative_list,
        packages,
        redaction,
        register,
        reports,
    )
from app.storage.models.core import AuditAnchor, AuditEntry, AuditHead, Office, Sequence, Setting  # noqa: F401
