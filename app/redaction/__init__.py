"""Redaction (区分处理, 条例 art. 37) and the privacy scan before publication (art. 15): finding personal data
and negative-list terms in PDFs, scans and images, burning them out for good, records and their grounds.

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.redaction.burn import (
        RedactionLeak,
        burn,
        burn_verified,
        verify,
    )
    from app.redaction.catalogue_scan import (
        ScanQueueEntry,
        add_and_scan,
        clear_scan,
        review_queue,
        scan_attachment,
        scan_catalogue,
    )
    from app.redaction.records import (
        RecordInfo,
        WithheldParts,
        create_record,
        get_record,
        letter_with_attachment,
        original_bytes,
        records_for_application,
        redacted_bytes,
        withheld_for_letter,
    )
    from app.redaction.scan import (
        Finding,
        ScanResult,
        Term,
        scan,
    )
    from app.redaction.terms import (
        terms_in_force,
    )

__getattr__, __dir__, __all__ = face(__name__, {
    "burn": ("RedactionLeak", "burn", "burn_verified", "verify"),
    "catalogue_scan": ("ScanQueueEntry", "add_and_scan", "clear_scan", "review_queue", "scan_attachment",
                       "scan_catalogue"),
    "records": ("RecordInfo", "WithheldParts", "create_record", "get_record", "letter_with_attachment",
                "original_bytes", "records_for_application", "redacted_bytes", "withheld_for_letter"),
    "scan": ("Finding", "ScanResult", "Term", "scan"),
    "terms": ("terms_in_force",),
})
