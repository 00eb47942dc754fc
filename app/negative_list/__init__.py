"""The negative list (政务公开负面清单): items, categories, matching, review, export, interchange.

This package's __init__ is its face: other areas import these names from here.
"""

from __future__ import annotations

from app.negative_list.interchange import (  # noqa: F401
    ImportResult,
    apply_records,
    export_records,
    import_rows,
)
from app.negative_list.items import (  # noqa: F401
    APPLICATION,
    CONTENT_FIELDS,
    DATE_FIELDS,
    IN_FORCE,
    CitedDecision,
    ItemInfo,
    ItemSuggestion,
    ItemVersionInfo,
    LegalBasisText,
    ReviewInfo,
    ReviewResult,
    add_months,
    check_citable,
    citation_counts,
    cite_items,
    cited_bases,
    cited_item_ids,
    create_item,
    decisions_for_item,
    delete_item,
    get_item,
    item_info,
    item_versions,
    list_items,
    parse_date,
    split_keywords,
    suggest_items,
    update_item,
    validate,
)
from app.negative_list.match import (  # noqa: F401
    rank,
)
from app.negative_list.review import (  # noqa: F401
    catalogue_prefill,
    record_review,
    review_due,
    reviews_for_item,
)
from app.negative_list.taxonomy import (  # noqa: F401
    REGULATION,
    article_text,
    categories,
    categories_for_outcome,
    category,
    status_code,
    status_labels,
)
