"""How every screen shows a kept file (app.core.attachments.AttachmentInfo): its size and its label."""

from __future__ import annotations

from app.core.attachments import AttachmentInfo


def size_text(size: int) -> str:
    """A file size for people: 字节 / KB / MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def label(att: AttachmentInfo) -> str:
    """One line for a list: file name, size and the start of the SHA-256."""
    return f"{att.filename}　{size_text(att.size)}　SHA-256 {att.sha256[:12]}…"
