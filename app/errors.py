"""Error classes: user errors carry one Chinese sentence; anything else is a bug."""

from __future__ import annotations


class UserError(Exception):
    """A rule violation or bad input. ``str(err)`` is one clear Chinese sentence for the clerk."""

    exit_code = 2

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Optional list of specific problems (e.g. every bad line of an import), each in Chinese.
        self.details = list(details or [])

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Input that fails validation (bad date, check digit, missing field)."""


class NotFoundError(UserError):
    """A record the clerk named does not exist."""


class ConflictError(UserError):
    """The operation conflicts with the current state (locked year, duplicate, wrong workflow step)."""


class StorageError(UserError):
    """The database or a file cannot be used; the message names the file and the likely cause."""

    exit_code = 3


class Cancelled(Exception):
    """Raised inside long work when the user pressed cancel; the unit of work is rolled back."""
