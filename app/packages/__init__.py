"""Signed data packages (.gkpkg) between township, county and province, and sync with the platform.

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.packages.archive import (
        DEFAULT_LIMITS,
        Limits,
    )
    from app.packages.export import (
        build_package,
        new_manifest,
    )
    from app.packages.importer import (
        PROVINCE,
        ImportOutcome,
        accept_gap,
        import_package,
    )
    from app.packages.offices import (
        AllowedOffice,
        allow_office,
        allowed_offices,
        disallow_office,
    )
    from app.packages.service import (
        FULL_RECORDS_SETTING,
        OVERLAP,
        ConflictInfo,
        IncomingInfo,
        KeyInfo,
        OutgoingInfo,
        TrustedKeyInfo,
        check_destination,
        ensure_own_key,
        export_package,
        full_record_destinations,
        import_file,
        list_conflicts,
        list_incoming,
        list_outgoing,
        list_trusted,
        make_package,
        note_rejected_file,
        note_rejection,
        own_key_info,
        pending_count,
        queue_package,
        receives_full_records,
        remove_trusted,
        requeue,
        settle_conflict,
        signing_key,
        trust_key,
    )

__getattr__, __dir__, __all__ = face(__name__, {
    "archive": ("DEFAULT_LIMITS", "Limits"),
    "export": ("build_package", "new_manifest"),
    "importer": ("ImportOutcome", "PROVINCE", "accept_gap", "import_package"),
    "offices": ("AllowedOffice", "allow_office", "allowed_offices", "disallow_office"),
    "service": ("ConflictInfo", "FULL_RECORDS_SETTING", "IncomingInfo", "KeyInfo", "OVERLAP", "OutgoingInfo",
        "TrustedKeyInfo", "check_destination", "ensure_own_key", "export_package", "full_record_destinations",
        "import_file", "list_conflicts", "list_incoming", "list_outgoing", "list_trusted", "make_package",
        "note_rejected_file", "note_rejection", "own_key_info", "pending_count", "queue_package", "receives_full_records",
        "remove_trusted", "requeue", "settle_conflict", "signing_key", "trust_key"),
})
