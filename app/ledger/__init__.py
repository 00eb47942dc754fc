"""The work ledger (工作台账): tasks, activities, website columns, table 二/四 figures, annual counts, interchange.

Other areas use ``annual_counts`` (reports) and ``export_records`` / ``apply_records`` / ``import_rows``
(packages, Excel).

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.ledger.activities import (
        INTERPRETATION_WORKING_DAYS,
        ActivityInfo,
        activities_by_ids,
        activity_ids,
        add_activity,
        delete_activity,
        get_activity,
        interpretation_due,
        list_activities,
        publish_interpretation,
        recompute_interpretation_due,
        update_activity,
    )
    from app.ledger.cadence import (
        CADENCES,
        next_due,
    )
    from app.ledger.columns import (
        ColumnInfo,
        add_column,
        delete_column,
        list_columns,
        touch_column,
        update_column,
    )
    from app.ledger.common import (
        ACTIVITY_KINDS,
        CASE_KINDS,
        CASE_RESULTS,
        CASE_ROUTES,
        CHANNELS,
        FIGURES,
        TASK_STATUSES,
    )
    from app.ledger.interchange import (
        ImportResult,
        apply_records,
        attachment_bytes,
        export_records,
        import_rows,
    )
    from app.ledger.statistics import (
        CaseInfo,
        add_case,
        annual_counts,
        case_table,
        delete_case,
        get_figures,
        list_cases,
        set_figures,
        update_case,
    )
    from app.ledger.tasks import (
        AttachmentInfo,
        CompletionResult,
        TaskInfo,
        add_attachment,
        add_task,
        attachment_content,
        complete_task,
        count_tasks,
        delete_task,
        derive_status,
        get_task,
        list_tasks,
        remove_attachment,
        reopen_task,
        start_task,
        task_ids,
        tasks_by_ids,
        update_task,
    )

__getattr__, __dir__, __all__ = face(__name__, {
    "activities": ("ActivityInfo", "INTERPRETATION_WORKING_DAYS", "activities_by_ids", "activity_ids",
        "add_activity", "delete_activity", "get_activity", "interpretation_due", "list_activities",
        "publish_interpretation", "recompute_interpretation_due", "update_activity"),
    "cadence": ("CADENCES", "next_due"),
    "columns": ("ColumnInfo", "add_column", "delete_column", "list_columns", "touch_column", "update_column"),
    "common": ("ACTIVITY_KINDS", "CASE_KINDS", "CASE_RESULTS", "CASE_ROUTES", "CHANNELS", "FIGURES",
        "TASK_STATUSES"),
    "interchange": ("ImportResult", "apply_records", "attachment_bytes", "export_records", "import_rows"),
    "statistics": ("CaseInfo", "add_case", "annual_counts", "case_table", "delete_case", "get_figures",
        "list_cases", "set_figures", "update_case"),
    "tasks": ("AttachmentInfo", "CompletionResult", "TaskInfo", "add_attachment", "add_task",
        "attachment_content", "complete_task", "count_tasks", "delete_task", "derive_status", "get_task",
        "list_tasks", "remove_attachment", "reopen_task", "start_task", "task_ids", "tasks_by_ids",
        "update_task"),
})
