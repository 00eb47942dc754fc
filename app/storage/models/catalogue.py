"""Models of the catalogue area: 政府信息公开目录 entries, their revisions and attachments, and the
基层政务公开标准目录 tree (domains → items) the entries are filed under."""

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

from app.storage.base import AttachmentColumns, Base, utcnow

# Codes stored in the database; the UI shows the Chinese labels (app.catalogue.entries.*_LABELS).
DISCLOSURE_MODES = ("proactive", "on_request", "not_disclosed")  # 主动公开 / 依申请公开 / 不予公开
VALIDITIES = ("valid", "expired", "repealed", "amended")  # 有效 / 失效 / 废止 / 修订


class CatalogueDomain(Base):
    """A domain (领域) of the 基层政务公开标准目录, e.g. 财政预决算 (docs/spec/legal-sources.md section 9)."""

    __tablename__ = "catalogue_domain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CatalogueDirectoryItem(Base):
    """One row of a domain's standard directory, with the ten columns of docs/spec/legal-sources.md section 9."""

    __tablename__ = "catalogue_directory_item"
    __table_args__ = (Index("ix_catalogue_directory_item_domain_id", "domain_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("catalogue_domain.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)  # 序号
    level1: Mapped[str] = mapped_column(String(200))  # 公开事项 一级事项
    level2: Mapped[str | None] = mapped_column(String(200))  # 公开事项 二级事项
    content: Mapped[str | None] = mapped_column(Text)  # 公开内容（要素）
    basis: Mapped[str | None] = mapped_column(Text)  # 公开依据
    time_limit: Mapped[str | None] = mapped_column(String(200))  # 公开时限 (text as in the directory)
    # The 公开时限 as a number of working days after the information is made (None: not computable).
    time_limit_days: Mapped[int | None] = mapped_column(Integer)
    # How often new information is expected (days); an item with nothing filed within it is warned about.
    cycle_days: Mapped[int | None] = mapped_column(Integer)
    responsible: Mapped[str | None] = mapped_column(String(200))  # 公开主体
    channels: Mapped[list[str] | None] = mapped_column(JSON)  # 公开渠道和载体 (check-list)
    audience: Mapped[str | None] = mapped_column(String(50))  # 公开对象: 全社会 / 特定群众
    method: Mapped[str | None] = mapped_column(String(50))  # 公开方式: 主动 / 依申请公开
    levels: Mapped[str | None] = mapped_column(String(50))  # 公开层级: 县级 / 乡级 …
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CatalogueEntry(Base):
    """One entry of the 政府信息公开目录 (条例 art. 12: 索引、名称、内容概述、生成日期)."""

    __tablename__ = "catalogue_entry"
    __table_args__ = (
        # The default list order; carrying the deleted flag keeps deep pages inside the index.
        Index("ix_catalogue_entry_published_on", "published_on", "id", "deleted"),
        Index("ix_catalogue_entry_office_id", "office_id"),
        Index("ix_catalogue_entry_directory_item_id", "directory_item_id", "published_on"),
        Index("ix_catalogue_entry_updated_at", "updated_at"),
        # The catalogue warnings (app.catalogue.alerts) read only these (migration 0011).
        Index("ix_catalogue_entry_publication_check", "disclosure_mode", "deleted", "written_on", "published_on"),
        Index("ix_catalogue_entry_validity_review", "is_normative", "validity", "deleted", "validity_reviewed_on",
              "written_on", "published_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    index_number: Mapped[str] = mapped_column(String(80), unique=True)  # 索引号
    title: Mapped[str] = mapped_column(String(500))  # 信息名称
    summary: Mapped[str | None] = mapped_column(Text)  # 内容概述
    publisher: Mapped[str | None] = mapped_column(String(200))  # 发布机构
    written_on: Mapped[dt.date | None] = mapped_column(Date)  # 成文日期 / 生成日期
    published_on: Mapped[dt.date | None] = mapped_column(Date)  # 发布日期
    doc_number: Mapped[str | None] = mapped_column(String(100))  # 文号
    disclosure_mode: Mapped[str] = mapped_column(String(20), default="proactive")  # 公开方式
    scope: Mapped[str | None] = mapped_column(String(100))  # 公开范围
    category: Mapped[str | None] = mapped_column(String(100))  # 主题分类
    genre: Mapped[str | None] = mapped_column(String(100))  # 体裁
    keywords: Mapped[str | None] = mapped_column(String(300))  # 关键词
    directory_item_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_directory_item.id"))
    # 行政规范性文件 and its validity marking (有效性).
    is_normative: Mapped[bool] = mapped_column(Boolean, default=False)
    validity: Mapped[str | None] = mapped_column(String(20))
    validity_on: Mapped[dt.date | None] = mapped_column(Date)  # date the validity took effect (废止日期 …)
    validity_reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class CatalogueRevision(Base):
    """The full previous content of an entry, written before each change (revision = the old number)."""

    __tablename__ = "catalogue_revision"
    __audited__ = False  # a copy of audited states; the entry itself is audited
    __table_args__ = (UniqueConstraint("entry_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("catalogue_entry.id"))
    revision: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    operator: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))  # update | delete | validity | restore


class CatalogueAttachment(AttachmentColumns, Base):
    """A file attached to an entry, stored with its SHA-256."""

    __tablename__ = "catalogue_attachment"
    __table_args__ = (Index("ix_catalogue_attachment_entry_id", "entry_id"),)

    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("catalogue_entry.id"))
    filename: Mapped[str] = mapped_column(String(300))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
