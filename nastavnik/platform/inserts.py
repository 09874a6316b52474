"""Insert rows that concurrent requests may also be inserting: the first one wins.

Things made lazily on first use (seeded reference data, a school's roadmap for a new
year) can be made by two requests at once. ``INSERT … ON CONFLICT DO NOTHING`` lets the
unique constraints decide without an error, and the caller learns which rows it made.

Not a SAVEPOINT with a caught ``IntegrityError``: committing a savepoint fires the
session's ``before_commit`` hook, and the event log would then write its pending events
and take its table lock early, in the middle of the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from nastavnik.extensions import db

_INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


def insert_new(model: type, rows: list[dict]) -> list:
    """Insert ``rows`` of ``model`` except those a unique constraint already holds.

    Returns the primary keys of the rows this call inserted (empty if another got there).
    """
    if not rows:
        return []
    insert = _INSERTS[db.session.get_bind().dialect.name]
    key = model.__table__.primary_key.columns
    statement = insert(model).values(rows).on_conflict_do_nothing().returning(*key)
    return list(db.session.execute(statement).scalars())
