"""Models of the reports area: annual reports (年度报告, 条例 art. 49–50) and the year locks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, utcnow


class AnnualReport(Base):
    """One office's report for one year: the editable text sections and, once issued, the numbers. A county
    office has two per year: its own (``summary`` false) and the county summary (``summary`` true)."""

    __tablename__ = "annual_report"
    __table_args__ = (
        UniqueConstraint("office_id", "year", "summary", name="uq_annual_report_office_id_year_summary"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    # draft | issued | published (the report published before, loaded from its workbook as the carry-in)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    summary: Mapped[bool] = mapped_column(Boolean, default=False)  # county roll-up over every office held
    overview: Mapped[str] = mapped_column(Text, default="")  # 一、总体情况
    problems: Mapped[str] = mapped_column(Text, default="")  # 五、存在的主要问题及改进情况
    other_matters: Mapped[str] = mapped_column(Text, default="")  # 六、其他需要报告的事项
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    issued_by: Mapped[str | None] = mapped_column(String(100))
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # docs/spec/annual-report.md JSON at issue
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ReportLock(Base):
    """A year whose data is frozen because its report was issued; unlocking is explicit and audited."""

    __tablename__ = "report_lock"
    __table_args__ = (UniqueConstraint("office_id", "year", name="uq_report_lock_office_id_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)  # why it was unlocked
