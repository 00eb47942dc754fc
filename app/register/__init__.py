"""The application register (依申请公开): registration, workflow, the deadline clock, queries, interchange.

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.register.applications import (
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
    from app.register.clock import (
        MovedDeadline,
        recompute_deadlines,
        refresh_due,
    )
    from app.register.codes import (
        OUTCOMES,
        STEP_LABELS,
        label,
    )
    from app.register.common import (
        ApplicationState,
        ScanFile,
        add_event,
        get_application,
        state_of,
    )
    from app.register.interchange import (
        ImportPlan,
        ImportResult,
        apply_plan,
        check_records,
        export_records,
        import_records,
        plan_import,
    )
    from app.register.letter_steps import (
        missing_step_fields,
        record_letter_step,
        step_letter_date,
    )
    from app.register.lint import (
        LINT_RULES,
        LintFinding,
        lint_records,
    )
    from app.register.periods import (
        LateReply,
        late_replies,
    )
    from app.register.queries import (
        RegisterFilter,
        fetch_rows,
        query_ids,
    )
    from app.register.serials import (
        DEFAULT_SERIAL_FORMAT,
        SERIAL_FORMAT_SETTING,
        next_serial,
        sequence_key,
        serial_format,
        serial_pattern,
    )
    from app.register.validation import (
        FIELD_LABELS,
        FIELD_PATHS,
        validate_fields,
    )
    from app.register.workflow import (
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
        record_notice_delivered,
        send_back,
        start_consultation,
        update_application,
    )

__getattr__, __dir__, __all__ = face(__name__, {
    "applications": ("ACTION_LABELS", "AttachmentInfo", "NewApplication", "SimilarApplication",
        "TimelineEntry", "applicant_count", "application_record", "attachment_bytes", "attachments",
        "content_similarity", "get_by_serial", "register_application", "similar_applications", "timeline"),
    "clock": ("MovedDeadline", "recompute_deadlines", "refresh_due"),
    "codes": ("OUTCOMES", "STEP_LABELS", "label"),
    "common": ("ApplicationState", "ScanFile", "add_event", "get_application", "state_of"),
    "interchange": ("ImportPlan", "ImportResult", "apply_plan", "check_records", "export_records",
        "import_records", "plan_import"),
    "letter_steps": ("missing_step_fields", "record_letter_step", "step_letter_date"),
    "lint": ("LINT_RULES", "LintFinding", "lint_records"),
    "periods": ("LateReply", "late_replies"),
    "queries": ("RegisterFilter", "fetch_rows", "query_ids"),
    "serials": ("DEFAULT_SERIAL_FORMAT", "SERIAL_FORMAT_SETTING", "next_serial", "sequence_key",
        "serial_format", "serial_pattern"),
    "validation": ("FIELD_LABELS", "FIELD_PATHS", "validate_fields"),
    "workflow": ("advance", "close", "close_fee_unpaid", "end_consultation", "record_approval",
        "record_correction_notice", "record_correction_received", "record_extension", "record_fee_notice",
        "record_fee_paid", "record_no_correction", "record_notice_delivered", "send_back", "start_consultation", "update_application"),
})
