"""Dated legal-basis entries (article, item, verbatim text) that letters cite: a regulation change is a data change."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from app.domain import dates
from app.errors import UserError
from app.paths import resource_path


@dataclass(frozen=True)
class LegalBasis:
    key: str
    law: str  # e.g. 《中华人民共和国政府信息公开条例》
    article: str | None  # e.g. 第三十六条; None when the document is cited as a whole
    item: str | None  # e.g. 第（四）项 or 第二款
    text: str  # verbatim (or a marked excerpt) of the article, paragraph or item
    valid_from: dt.date
    valid_to: dt.date | None
    source: str = ""
    doc_number: str | None = None  # the issuing document's 文号 for normative documents, e.g. 国办函〔2020〕109号

    def citation(self) -> str:
        """How a letter cites it: 《…条例》第三十六条第（四）项; 《…办法》（国办函〔2020〕109号）第三条."""
        number = f"（{self.doc_number}）" if self.doc_number else ""
        return f"{self.law}{number}{self.article or ''}{self.item or ''}"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _date(value: str | None, label: str) -> dt.date | None:
    return dates.parse_date(value, f"法律依据表的{label}")


@lru_cache(maxsize=1)
def entries() -> tuple[LegalBasis, ...]:
    """Every entry of resources/letters/legal_basis.json."""
    data = json.loads(resource_path("letters", "legal_basis.json").read_text(encoding="utf-8"))
    return tuple(
        LegalBasis(e["key"], e["law"], e["article"], e.get("item"), e["text"], _date(e["valid_from"], "生效日期"),
                   _date(e.get("valid_to"), "失效日期"), e.get("source", ""), e.get("doc_number"))
        for e in data["entries"]
    )


def keys() -> set[str]:
    return {e.key for e in entries()}


def lookup(key: str, on: dt.date) -> LegalBasis:
    """The entry `key` in force on `on`; a UserError when the key is unknown or has no version in force."""
    versions = [e for e in entries() if e.key == key]
    if not versions:
        raise UserError(f"文书模板引用了不存在的法律依据“{key}”，请检查模板。")
    for entry in versions:
        if entry.valid_on(on):
            return entry
    raise UserError(f"法律依据“{versions[0].citation()}”在{on.isoformat()}没有有效版本，请更新法律依据表。")
