"""Run something once when a session's outermost unit of work ends.

SQLAlchemy sends `after_commit` for the release of a SAVEPOINT too (a package is applied inside
`begin_nested()`), so a listener that means "the unit of work is over" has to tell the two apart: the
outermost transaction is noted when the listener is set, and only its end counts.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction


def at_end(session: Session, fn: Callable[[bool], None]) -> None:
    """Call `fn(committed)` once, when the session's outermost transaction commits or rolls back."""
    session.connection()  # begins the unit of work if nothing has yet
    root = session.get_transaction()
    assert root is not None
    committed: list[bool] = []

    def after_commit(_sess: Session) -> None:
        if not root.is_active:  # the outermost commit, not a SAVEPOINT's release
            committed.append(True)

    done: list[bool] = []

    def after_end(_sess: Session, transaction: SessionTransaction) -> None:
        # The listeners stay (removing one while the event is sent is refused); they act once.
        if transaction is not root or done:
            return
        done.append(True)
        fn(bool(committed))

    event.listen(session, "after_commit", after_commit)
    event.listen(session, "after_transaction_end", after_end)
