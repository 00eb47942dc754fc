"""The disclosure catalogue (政府信息公开目录): entries, 索引号, search, directory, warnings, interchange.

This package's __init__ is its face: other areas import these names from here.
"""

from __future__ import annotations

from app.catalogue.alerts import (  # noqa: F401
    Warning,
    idle_directory_items,
    late_publications,
    unreviewed_normative,
    warnings,
)
from app.catalogue.directory import (  # noqa: F401
    directory_tree,
    ensure_standard_directory,
)
from app.catalogue.entries import (  # noqa: F401
    DATE_FIELDS,
    DEFAULT_PATTERN,
    EDITABLE,
    FILED_SETTING,
    MAX_ATTACHMENT,
    PATTERN_FIELDS,
    PATTERN_SETTING,
    TEXT_FIELDS,
    AttachmentInfo,
    ChangeInfo,
    EntryInfo,
    RevisionInfo,
    add_attachment,
    attachment_bytes,
    attachments,
    changes_since_filing,
    check_pattern,
    clean,
    count_changes_since_filing,
    count_entries,
    create_entry,
    delete_entry,
    entry_info,
    get_by_index_number,
    get_entry,
    index_pattern,
    last_filed_at,
    mark_filed,
    mark_validity,
    next_index_number,
    now,
    parse_date,
    preview_index_number,
    restore_entry,
    revisions,
    set_index_pattern,
    update_entry,
)
from app.catalogue.interchange import (  # noqa: F401
    ImportResult,
    apply_records,
    export_records,
    import_rows,
)
from app.catalogue.queries import (  # noqa: F401
    MODE_LABELS,
    VALIDITY_LABELS,
    search,
)
