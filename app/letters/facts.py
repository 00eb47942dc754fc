"""Facts a reply takes from the application's earlier letters (the fee notice's and 说明理由告知书's 文号 and date)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models.letters import IssuedLetter

# kind of the earlier letter -> (field for its 文号, field for its date)
_EARLIER = {"fee": ("fee_doc_number", None), "reason_request": ("reason_request_doc_number", "reason_requested_on")}


def issued_facts(session: Session, application_id: int) -> dict:
    """The 文号 (and date) of the latest fee notice and 说明理由告知书 issued for the application."""
    rows = session.execute(select(IssuedLetter.kind, IssuedLetter.doc_number, IssuedLetter.letter_date).where(
        IssuedLetter.application_id == application_id, IssuedLetter.kind.in_(list(_EARLIER)))
        .order_by(IssuedLetter.version, IssuedLetter.id)).all()
    facts: dict = {}
    for kind, doc_number, letter_date in rows:
        number_key, date_key = _EARLIER[kind]
        if doc_number:
            facts[number_key] = doc_number
        if date_key:
            facts[date_key] = letter_date
    return facts
