"""Models of the negative list (负面清单): withheld-information items, their versions, reviews and citations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, utcnow


class NegativeItem(Base):
    """One item of the negative list: information the agency does not disclose, with its legal basis.

    Categories map to 条例 arts. 14–16 (resources/negative_list/categories.json). Status: `active` (有效),
    `adjusted` (已调整: changed after a review, still withheld), `released` (已解除: to be disclosed, art. 18).
    """

    __tablename__ = "negative_item"
    __table_args__ = (
        Index("ix_negative_item_office_status", "office_id", "status"),
        Index("ix_negative_item_next_review_on", "next_review_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    name: Mapped[str] = mapped_column(String(300))  # 事项名称
    category: Mapped[str] = mapped_column(String(40))  # code, see categories.json
    basis_law: Mapped[str] = mapped_column(String(200))  # 依据法规, e.g. 《中华人民共和国政府信息公开条例》
    basis_article: Mapped[str] = mapped_column(String(100))  # e.g. 第十五条
    basis_text: Mapped[str] = mapped_column(Text)  # the article text, verbatim
    scope: Mapped[str | None] = mapped_column(Text)  # 适用范围 / 具体内容
    responsible_unit: Mapped[str | None] = mapped_column(String(200))  # 责任单位
    decided_on: Mapped[dt.date | None] = mapped_column(Date)  # 确定日期
    approver: Mapped[str | None] = mapped_column(String(100))  # 批准人
    review_cycle_months: Mapped[int] = mapped_column(Integer, default=12)
    next_review_on: Mapped[dt.date | None] = mapped_column(Date)
    last_reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    keywords: Mapped[str | None] = mapped_column(Text)  # joined by "、"
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class NegativeItemVersion(Base):
    """A previous state of an item: written before every change, so the full history is kept."""

    __tablename__ = "negative_item_version"
    __table_args__ = (UniqueConstraint("item_id", "version", name="uq_negative_item_version_item_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("negative_item.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the item's content fields as they were
    valid_from: Mapped[dt.datetime] = mapped_column(DateTime)  # updated_at of that state
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    replaced_by: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)  # why it changed (edit, review …)


class NegativeItemReview(Base):
    """One periodic review of an item (条例 art. 18): keep, change or release."""

    __tablename__ = "negative_item_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("negative_item.id"), index=True)
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(20))  # keep | change | release
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(100))
    next_review_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ApplicationNegativeItem(Base):
    """A decision (refusal or partial disclosure) citing a negative-list item as its basis."""

    __tablename__ = "application_negative_item"
    __table_args__ = (
        UniqueConstraint("application_id", "item_id", name="uq_application_negative_item_application_item"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("negative_item.id"), index=True)
    cited_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    cited_by: Mapped[str | None] = mapped_column(String(100))
