"""Signed data packages (.gkpkg) between township, county and province, and sync with the platform.

This package's __init__ is its face: other areas import these names from here.
"""

from __future__ import annotations

from app.packages.archive import DEFAULT_LIMITS, Limits  # noqa: F401
from app.packages.export import build_package, new_manifest  # noqa: F401
from app.packages.importer import PROVINCE, ImportOutcome, accept_gap, import_package  # noqa: F401
from app.packages.service import (  # noqa: F401
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
