"""Letters (文书): templates, legal-basis entries, rendering and issuing letters for applications.

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.letters.data import (
        LetterData,
    )
    from app.letters.issuing import (
        BatchResult,
        IssuedLetterInfo,
        LetterPreview,
        batch_pdf,
        count_issued,
        current_letter,
        format_doc_number,
        issue_batch,
        issue_letter,
        letter_data,
        list_letters,
        preview_letter,
        render_letter,
        render_preview,
        reprint,
        reset_template_override,
        save_template_override,
        template_overrides,
        template_set,
    )
    from app.letters.layout import (
        SEAL_WARNING,
        LetterLayout,
        get_layout,
        set_layout,
    )
    from app.letters.templates import (
        KINDS,
        TemplateSet,
        check_template_text,
        editable_keys,
    )

__getattr__, __dir__, __all__ = face(__name__, {
    "data": ("LetterData",),
    "issuing": ("BatchResult", "IssuedLetterInfo", "LetterPreview", "batch_pdf", "count_issued",
        "current_letter", "format_doc_number", "issue_batch", "issue_letter", "letter_data", "list_letters",
        "preview_letter", "render_letter", "render_preview", "reprint", "reset_template_override",
        "save_template_override", "template_overrides", "template_set"),
    "layout": ("LetterLayout", "SEAL_WARNING", "get_layout", "set_layout"),
    "templates": ("KINDS", "TemplateSet", "check_template_text", "editable_keys"),
})
