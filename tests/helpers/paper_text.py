"""The scan for things that must never reach paper: codes, ISO dates, placeholders, badly nested quotes."""

from __future__ import annotations

import re

from app.pdf import gbt9704

# What may legitimately be ASCII on a letter: the application's number, a 统一社会信用代码, a web address.
_ALLOWED = [re.compile(p) for p in (r"GK-\d{4}-\d{5}", r"\b[0-9A-Z]{18}\b", r"(?:https?://)?www(?:\.[A-Za-z0-9-]+)+")]
_ASCII_WORD = re.compile(r"[A-Za-z_]{2,}|[A-Za-z]+_[A-Za-z_]*")
_ISO_DATE = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")
_PLACEHOLDER = re.compile(r"[{}]|\[\[|\]\]|【请填写")


def document_text(document: gbt9704.Document) -> str:
    """The text model of a composed letter, block by block."""
    parts = []
    for block in document.blocks:
        for name in ("text", "name", "date", "note"):
            value = getattr(block, name, None)
            if isinstance(value, str):
                parts.append(value)
    return "\n".join(parts)


def quote_problems(text: str) -> list[str]:
    """Quotes must alternate “…‘…’…”: a double quote opened inside a double quote is wrong."""
    problems, stack = [], []
    for i, ch in enumerate(text):
        if ch in "“‘":
            expected = "“" if len(stack) % 2 == 0 else "‘"
            if ch != expected:
                problems.append(f"{ch} at {i}: {text[max(0, i - 10):i + 10]}")
            stack.append(ch)
        elif ch in "”’" and stack:
            opened = stack.pop()
            if {"“": "”", "‘": "’"}[opened] != ch:
                problems.append(f"{ch} closes {opened} at {i}")
    if '"' in text or "'" in text:
        problems.append("straight quote on paper")
    return problems


def paper_problems(text: str) -> list[str]:
    """Everything in ``text`` that is internal: ASCII identifiers, ISO dates, placeholders, quotes."""
    scrubbed = text
    for pattern in _ALLOWED:
        scrubbed = pattern.sub(" ", scrubbed)
    problems = [f"ASCII identifier {m.group(0)!r}" for m in _ASCII_WORD.finditer(scrubbed)]
    problems += [f"ISO date {m.group(0)!r}" for m in _ISO_DATE.finditer(text)]
    problems += [f"placeholder {m.group(0)!r}" for m in _PLACEHOLDER.finditer(text)]
    return problems + quote_problems(text)
