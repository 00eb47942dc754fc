"""LetterData: the plain facts a letter is built from (a contracts section-2 record plus the office profile)."""

from __future__ import annotations

import datetime as dt
import re
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
    return dates.parse_date(value, _DATE_LABELS.get(key, key))


def is_date_field(name: str) -> bool:
    """Fields the clerk gives as dates (--set previous_reply_on=2025-12-01): printed 2025年12月1日."""
    return name.endswith(("_on", "_due"))


_ISO_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")


def chinese_dates_in(text: str) -> str:
    """2026-02-03 (or 2026/2/3, 2026.2.3) inside free text becomes 2026年2月3日 (GB/T 9704 7.3.5.4)."""
    def repl(m: re.Match) -> str:
        try:
            return chinese_date(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return m.group(0)
    return _ISO_DATE.sub(repl, text)


_QUOTES = {"“": 1, "”": -1, "‘": 1, "’": -1}


def nest_quotes(text: str) -> str:
    """Quotes inside quotes are single: “…‘…’…” (GB/T 15834 4.1.3.2), whatever marks the input used.

    Straight quotes (") alternate opening and closing; a closing mark with nothing open stays as it is.
    """
    out, depth, straight_open = [], 0, False
    for ch in text:
        if ch == '"':
            ch = "”" if straight_open else "“"
            straight_open = not straight_open
        if ch in ("“", "‘"):
            out.append("“" if depth % 2 == 0 else "‘")
            depth += 1
        elif ch in ("”", "’") and depth > 0:
            depth -= 1
            out.append("”" if depth % 2 == 0 else "’")
        else:
            out.append(ch)
    return "".join(out)


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
        # The fee's method code (per_request / per_page) picks the standard's wording (app/letters/kinds.py);
        # it is never printed itself.
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
            if isinstance(value, str) and is_date_field(key) and value.strip():
                value = dates.parse_date(value, key)
            if isinstance(value, dt.date):
                value = chinese_date(value)
            if value not in (None, ""):
                f[key] = value
        return {k: chinese_dates_in(str(v)) for k, v in f.items() if v not in (None, "")}

    @property
    def fee_method(self) -> str | None:
        """per_request | per_page, from the clerk's --set fee_method=… or the recorded fee (None: not known)."""
        given = self.extra.get("fee_method")
        if given:
            return str(given)
        return (self.record.get("fee") or {}).get("method")
