"""The work ledger (工作台账): one import point for tasks, activities, columns, annual counts, interchange.

The functions live in the ledger_* modules beside this one; other areas import them from here:
``annual_counts`` (reports), ``export_records`` / ``apply_records`` / ``import_rows`` (packages, Excel).
"""

from __future__ import annotations

from app.ledger.activities import (  # noqa: F401
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
from app.ledger.cadence import CADENCES, next_due  # noqa: F401
from app.ledger.columns import (  # noqa: F401
    ColumnInfo,
    add_column,
    delete_column,
    list_columns,
    touch_column,
    update_column,
)
from app.ledger.common import (  # noqa: F401
    ACTIVITY_KINDS,
    CASE_KINDS,
    CASE_RESULTS,
    CASE_ROUTES,
    CHANNELS,
    FIGURES,
    TASK_STATUSES,
)
from app.ledger.interchange import (  # noqa: F401
    ImportResult,
    apply_records,
    attachment_bytes,
    export_records,
    import_rows,
)
from app.ledger.statistics import (  # noqa: F401
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
from app.ledger.tasks import (  # noqa: F401
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
