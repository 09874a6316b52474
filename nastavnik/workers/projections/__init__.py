"""Projections of the event log into the aggregate tables of ``nastavnik.platform.aggregates``.

Each projection module registers itself on import; importing this package registers all.
"""

from nastavnik.workers.projections import school_year_activity, seals  # noqa: F401 - registers
from nastavnik.workers.projections.engine import (
    Projection,
    Status,
    advance,
    find,
    projections,
    rebuild,
    register,
    status,
)

__all__ = ["Projection", "Status", "advance", "find", "projections", "rebuild", "register",
           "status"]
