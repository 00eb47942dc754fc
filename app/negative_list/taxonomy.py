"""Negative-list categories mapped to 条例 arts. 14–16, statuses and review decisions (data in resources)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from app.errors import ValidationError
from app.paths import resource_path

REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class Category:
    code: str
    label: str  # 国家秘密 …
    article: str | None  # 第十四条 …; None for "other" (the clerk names the basis)
    outcome: str | None  # the outcome code (docs/spec/application-records.md) a refusal on this ground records
    hint: str
    text: str | None  # verbatim article text of the regulation


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    with open(resource_path("negative_list", "categories.json"), encoding="utf-8") as fh:
        return json.load(fh)


def article_text(article: str) -> str | None:
    """The verbatim text of an article of the regulation held in the resource, e.g. 第十五条."""
    return _data()["articles"].get(article)


@functools.lru_cache(maxsize=1)
def categories() -> tuple[Category, ...]:
    data = _data()
    return tuple(
        Category(
            code=c["code"],
            label=c["label"],
            article=c["article"],
            outcome=c["outcome"],
            hint=c["hint"],
            text=data["articles"].get(c["article"]) if c["article"] else None,
        )
        for c in data["categories"]
    )


def category(code: str) -> Category:
    """The category by code or by its Chinese label; ValidationError when unknown."""
    value = (code or "").strip()
    for cat in categories():
        if value in (cat.code, cat.label):
            return cat
    labels = "、".join(c.label for c in categories())
    raise ValidationError(f"事项类别“{value}”无效，应为：{labels}。")


def _codes(kind: str) -> dict[str, str]:
    return {entry["code"]: entry["label"] for entry in _data()[kind]}


def status_labels() -> dict[str, str]:
    """{'active': '有效', 'adjusted': '已调整', 'released': '已解除'}."""
    return _codes("statuses")


def decision_labels() -> dict[str, str]:
    """{'keep': …, 'change': …, 'release': …}."""
    return _codes("review_decisions")


def status_code(value: str) -> str:
    """A status by code or Chinese label."""
    value = (value or "").strip()
    for code, label in status_labels().items():
        if value in (code, label):
            return code
    raise ValidationError(f"状态“{value}”无效，应为：{'、'.join(status_labels().values())}。")


def categories_for_outcome(outcome: str) -> set[str]:
    """Category codes whose items can support a refusal recorded with `outcome`."""
    return {c.code for c in categories() if c.outcome == outcome}
