"""LetterData: the plain facts a letter is built from (a contracts section-2 record plus the office profile)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from app.domain import dates


def chinese_date(day: dt.date) -> str:
    """GB/T 9704 7.3.5.4: full year, no leading zeros, e.g. 2026年3月9日."""
    return f"{day.year}年{day.month}月{day.day}日"


_DATE_LABELS = {"received_on": "收到申请日期", "replied_on": "答复日期", "reply_due": "答复期限",
                "notified_on": "告知日期", "sent_on": "征求意见书发出日期"}


def _date(value, key: str) -> dt.date | None:
    return dates.parse_date(value, _DATE_LABELS[key])


def _money(value) -> str | None:
    if value in (None, ""):
        return None
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    return f"{amount:,.2f}".replace(",", "")


@dataclass
class LetterData:
    """Everything a template may use. ``fields()`` gives the {name} -> text mapping."""

    office: dict
    record: dict
    letter_date: dt.date
    extra: dict = field(default_factory=dict)
    negative_bases: list[str] = field(default_factory=list)

    @classmethod
    def from_record(cls, record: Mapping, office: Mapping, *, letter_date: dt.date | None = None,
                    extra: Mapping | None = None, negative_bases: list[str] | None = None) -> LetterData:
        """``office``: the office's fields (OfficeProfile.as_dict())."""
        return cls(dict(office), dict(record), letter_date or dt.date.today(), dict(extra or {}),
                   list(negative_bases or []))

    @property
    def applicant(self) -> dict:
        return self.record.get("applicant") or {}

    def fields(self) -> dict[str, str]:
        rec, office, applicant = self.record, self.office, self.applicant
        f: dict[str, object] = {
            "office_name": office.get("name"),
            "office_short_name": office.get("short_name") or office.get("name"),
            "review_agency": office.get("review_agency"),
            "court": office.get("court"),
            "contact_phone": office.get("contact_phone"),
            "contact_address": office.get("contact_address"),
            "postcode": office.get("postcode"),
            "website": office.get("website"),
            "date": chinese_date(self.letter_date),
            "serial": rec.get("serial"),
            "applicant_name": applicant.get("name"),
            "applicant_contact_person": applicant.get("contact_person"),
            "content": rec.get("content"),
            "outcome_note": rec.get("outcome_note"),
            "legal_basis": rec.get("legal_basis"),
        }
        kind = applicant.get("kind")
        f["applicant_kind"] = kind
        for key in ("received_on", "replied_on", "reply_due"):
            day = _date(rec.get(key), key)
            f[key] = chinese_date(day) if day else None
        correction = rec.get("correction") or {}
        for key in ("notified_on", "received_on"):
            day = _date(correction.get(key), key)
            f[f"correction_{key}"] = chinese_date(day) if day else None
        extension = rec.get("extension") or {}
        f["extension_days"] = extension.get("working_days")
        if extension and rec.get("reply_due"):
            f["extension_due"] = f["reply_due"]
        fee = rec.get("fee") or {}
        f["fee_amount"] = _money(fee.get("amount_yuan"))
        day = _date(fee.get("notified_on"), "notified_on")
        f["fee_notified_on"] = chinese_date(day) if day else None
        f["payment_method"] = fee.get("method")
        for c in rec.get("consultations") or []:
            target = "third_party_name" if c.get("party") == "third_party" else "agency_name"
            if c.get("party_name") and not f.get(target):
                f[target] = c["party_name"]
            day = _date(c.get("sent_on"), "sent_on")
            if c.get("party") == "third_party" and day and not f.get("consultation_sent_on"):
                f["consultation_sent_on"] = chinese_date(day)
        withheld = rec.get("withheld")
        if withheld:
            f["withheld"] = withheld if isinstance(withheld, str) else "、".join(map(str, withheld))
        if self.negative_bases:
            f["negative_bases"] = "；".join(self.negative_bases)
        for key, value in self.extra.items():
            if isinstance(value, dt.date):
                value = chinese_date(value)
            if value not in (None, ""):
                f[key] = value
        return {k: str(v) for k, v in f.items() if v not in (None, "")}
