"""Models of the calendar area: local working-day overrides and years with complete official data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, utcnow


class CalendarOverride(Base):
    """One date whose working-day status differs from chinesecalendar (or fills a year it lacks).

    Deleted overrides stay as tombstones (``deleted``) so packages can carry the deletion.
    """

    __tablename__ = "calendar_override"

    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # interchange id, derived from the date
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20), default="local")  # local | province
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CalendarYear(Base):
    """A year whose override set is the complete official schedule, so its dates are not provisional."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    official: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20), default="local")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
