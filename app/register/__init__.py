"""The application register (依申请公开): registration, workflow, the deadline clock, queries, interchange.

This package's __init__ is its face: other areas import these names from here.
"""

from __future__ import annotations

from app.register.applications import (  # noqa: F401
    ACTION_LABELS,
    AttachmentInfo,
    NewApplication,
    SimilarApplication,
    TimelineEntry,
    applicant_count,
    application_record,
    attachment_bytes,
    attachments,
    content_similarity,
    get_by_serial,
    register_application,
    similar_applications,
    timeline,
)
from app.register.clock import (  # noqa: F401
    MovedDeadline,
    recompute_deadlines,
    refresh_due,
)
from app.register.codes import (  # noqa: F401
    OUTCOMES,
    STEP_LABELS,
    label,
)
from app.register.common import (  # noqa: F401
    ApplicationState,
    ScanFile,
    add_event,
    get_application,
    state_of,
)
from app.register.interchange import (  # noqa: F401
    ImportResult,
    export_records,
    import_records,
)
from app.register.queries import (  # noqa: F401
    RegisterFilter,
    fetch_rows,
    query_ids,
)
from app.register.serials import (  # noqa: F401
    DEFAULT_SERIAL_FORMAT,
    SERIAL_FORMAT_SETTING,
    next_serial,
    sequence_key,
    serial_format,
    serial_pattern,
)
from app.register.validation import (  # noqa: F401
    FIELD_LABELS,
    FIELD_PATHS,
    validate_fields,
)
from app.register.workflow import (  # noqa: F401
    advance,
    close,
    close_fee_unpaid,
    end_consultation,
    record_approval,
    record_correction_notice,
    record_correction_received,
    record_extension,
    record_fee_notice,
    record_fee_paid,
    record_no_correction,
    send_back,
    start_consultation,
    update_application,
)
