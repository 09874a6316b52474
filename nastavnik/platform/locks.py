"""Row locks for check-then-write: a double-clicked form must have the effect of one.

Two requests that both check "is there already an active consent?" and then insert one
each see nothing and both insert. A service therefore locks the row its rule hangs on
(the teacher, the document, the school) before it checks: the second request waits
for the first to commit, then checks again and finds the first one's work. A unique
constraint on the table stays the last word, for any writer that forgets the lock.

``FOR NO KEY UPDATE``, not ``FOR UPDATE``: inserting a row that refers to the locked
one (a consent of this teacher, a teacher of this school) takes ``KEY SHARE`` on it,
which ``FOR UPDATE`` would block — every write of the school would then queue behind
the lock. SQLite has no row locks; it serialises writers by itself.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import inspect

from nastavnik.extensions import db

T = TypeVar("T")


def locked(row: T) -> T:
    """Lock ``row`` until the transaction ends and reload it: it may have changed while
    this request waited for the lock."""
    return db.session.get(type(row), inspect(row).identity, populate_existing=True,
                          with_for_update={"key_share": True})


def locked_all(rows: list[T]) -> list[T]:
    """Lock several rows of one table in the order of their keys, so that two requests
    locking overlapping sets cannot each hold one and wait for the other."""
    return [locked(row) for row in sorted(rows, key=lambda row: inspect(row).identity)]
