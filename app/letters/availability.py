"""Which letters a case's state allows (the 出具文书 dialog offers only these, `letter` names them in its
refusal): a letter already issued can always be reprinted; otherwise each kind has its moment in the case."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.letters.kinds import KIND_LABELS
from app.storage.models.letters import IssuedLetter
from app.storage.models.register import Application, Consultation, Extension, FeeNotice


@dataclass(frozen=True)
class KindChoice:
    kind: str
    label: str
    issued: bool  # already issued: opening it shows the archived original


def available_kinds(session, application_id: int) -> list[KindChoice]:
    """The letters the case allows, in the order of KIND_LABELS:
    - every kind already issued for it (reprint or correct);
    - 接收回执 always;
    - 补正告知书, 延期答复告知书, 收费通知书 while the case is open (issuing one records that step);
    - 征求第三方意见书 and 公开决定告知书 once a third party is consulted, 征求意见函 once another agency is;
    - 答复书 once the outcome is recorded (its body follows the outcome, art. 36);
    - 说明理由告知书 while the case is open (art. 35)."""
    app = session.get(Application, application_id)
    issued = set(session.scalars(select(IssuedLetter.kind).where(IssuedLetter.application_id == application_id)))
    parties = set(session.scalars(select(Consultation.party).where(Consultation.application_id == application_id)))
    extended = session.scalar(select(Extension.id).where(Extension.application_id == application_id)) is not None
    fee = session.scalar(select(FeeNotice.id).where(FeeNotice.application_id == application_id)) is not None
    is_open = app.outcome is None
    allowed = {
        "receipt": True,
        "correction": is_open,
        "extension": is_open or extended,
        "fee": is_open or fee,
        "consultation": "third_party" in parties,
        "public_interest_notice": "third_party" in parties,
        "agency_consultation": "agency" in parties,
        "reply": not is_open,
        # 说明理由告知书 (art. 35): asked of an applicant of many repeated requests while the case is open.
        "reason_request": is_open,
    }
    return [KindChoice(kind, label, kind in issued) for kind, label in KIND_LABELS.items()
            if kind in issued or allowed[kind]]
