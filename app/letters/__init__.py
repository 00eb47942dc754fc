"""Letters (文书): templates, legal-basis entries, rendering and issuing letters for applications.

This package's __init__ is its face: other areas import these names from here.
"""

from __future__ import annotations

from app.letters.data import LetterData  # noqa: F401
from app.letters.issuing import (  # noqa: F401
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
from app.letters.templates import KINDS, TemplateSet, check_template_text, editable_keys  # noqa: F401
