"""The disclosure catalogue (政府信息公开目录): entries, 索引号, search, directory, warnings, interchange.

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.catalogue.alerts import (
        Warning,
        idle_directory_items,
        late_publications,
        unreviewed_normative,
        warnings,
    )
    from app.catalogue.directory import (
        directory_tree,
        ensure_standard_directory,
    )
    from app.catalogue.entries import (
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
    from app.catalogue.interchange import (
        ImportResult,
        apply_records,
        export_records,
        import_rows,
    )
    from app.catalogue.queries import (
        MODE_LABELS,
        VALIDITY_LABELS,
        search,
    )

__getattr__, __dir__, __all__ = face(__name__, {
    "alerts": ("Warning", "idle_directory_items", "late_publications", "unreviewed_normative", "warnings"),
    "directory": ("directory_tree", "ensure_standard_directory"),
    "entries": ("AttachmentInfo", "ChangeInfo", "DATE_FIELDS", "DEFAULT_PATTERN", "EDITABLE", "EntryInfo",
        "FILED_SETTING", "MAX_ATTACHMENT", "PATTERN_FIELDS", "PATTERN_SETTING", "RevisionInfo", "TEXT_FIELDS",
        "add_attachment", "attachment_bytes", "attachments", "changes_since_filing", "check_pattern", "clean",
        "count_changes_since_filing", "count_entries", "create_entry", "delete_entry", "entry_info",
        "get_by_index_number", "get_entry", "index_pattern", "last_filed_at", "mark_filed", "mark_validity",
        "next_index_number", "now", "parse_date", "preview_index_number", "restore_entry", "revisions",
        "set_index_pattern", "update_entry"),
    "interchange": ("ImportResult", "apply_records", "export_records", "import_rows"),
    "queries": ("MODE_LABELS", "VALIDITY_LABELS", "search"),
})
