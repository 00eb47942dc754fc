"""The negative list (政务公开负面清单): items, categories, matching, review, export, interchange.

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.negative_list.interchange import (
        ImportResult,
        apply_records,
        export_records,
        import_rows,
    )
    from app.negative_list.items import (
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
    from app.negative_list.match import (
        rank,
    )
    from app.negative_list.review import (
        catalogue_prefill,
        record_review,
        review_due,
        reviews_for_item,
    )
    from app.negative_list.taxonomy import (
        REGULATION,
        article_text,
        categories,
        categories_for_outcome,
        category,
        status_code,
        status_labels,
    )

__getattr__, __dir__, __all__ = face(__name__, {
    "interchange": ("ImportResult", "apply_records", "export_records", "import_rows"),
    "items": ("APPLICATION", "CONTENT_FIELDS", "CitedDecision", "DATE_FIELDS", "IN_FORCE", "ItemInfo",
        "ItemSuggestion", "ItemVersionInfo", "LegalBasisText", "ReviewInfo", "ReviewResult", "add_months",
        "check_citable", "citation_counts", "cite_items", "cited_bases", "cited_item_ids", "create_item",
        "decisions_for_item", "delete_item", "get_item", "item_info", "item_versions", "list_items",
        "parse_date", "split_keywords", "suggest_items", "update_item", "validate"),
    "match": ("rank",),
    "review": ("catalogue_prefill", "record_review", "review_due", "reviews_for_item"),
    "taxonomy": ("REGULATION", "article_text", "categories", "categories_for_outcome", "category",
        "status_code", "status_labels"),
})
