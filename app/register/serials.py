"""Registration numbers (登记编号): the office's format, gap-free per year, read back from stored serials."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import sequences, settings
from app.storage.models.register import Application

SERIAL_FORMAT_SETTING = "register.serial_format"
DEFAULT_SERIAL_FORMAT = settings.default(SERIAL_FORMAT_SETTING)


def serial_format(session: Session) -> str:
    return settings.get_setting(session, SERIAL_FORMAT_SETTING)


def serial_pattern(fmt: str) -> re.Pattern:
    """A regex that reads year and number back from serials made with `fmt`."""
    parts = re.split(r"(\{year\}|\{number(?::[^}]*)?\})", fmt)
    out = []
    for part in parts:
        if part == "{year}":
            out.append(r"(?P<year>\d{4})")
        elif part.startswith("{number"):
            out.append(r"(?P<number>\d+)")
        else:
            out.append(re.escape(part))
    return re.compile("^" + "".join(out) + "$")


def sequence_key(year: int) -> str:
    return f"serial:{year}"


def next_serial(session: Session, office_id: int, year: int) -> str:
    """The next registration number (gap-free per year; a number already held, e.g. imported, is skipped)."""
    fmt = serial_format(session)
    while True:
        number = sequences.next_value(session, sequence_key(year))
        serial = fmt.format(year=year, number=number)
        taken = session.execute(
            select(Application.id).where(Application.office_id == office_id, Application.serial == serial)
        ).first()
        if taken is None:
            return serial
