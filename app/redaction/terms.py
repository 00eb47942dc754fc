"""The negative-list terms the scan looks for: the keywords of every item in force, each with its item."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.negative_list.items import IN_FORCE, split_keywords
from app.redaction.scan import Term
from app.storage.models.negative_list import NegativeItem

MIN_TERM = 2  # a one-character keyword would cover half the page


def terms_in_force(session: Session) -> list[Term]:
    items = session.execute(select(NegativeItem).where(NegativeItem.deleted.is_(False),
                                                       NegativeItem.status.in_(IN_FORCE))
                            .order_by(NegativeItem.id)).scalars()
    out: dict[str, Term] = {}
    for item in items:
        for word in split_keywords(item.keywords):
            if len(word) >= MIN_TERM and word not in out:
                out[word] = Term(word, item.id, item.category)
    return list(out.values())
