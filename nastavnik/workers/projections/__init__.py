"""Projections of the event log into the aggregate tables of ``nastavnik.platform.aggregates``.

Each projection module registers itself on import; importing this package registers all.
"""

from nastavnik.workers.projections import (  # noqa: F401 - registers
    roadmap_state,
    school_year_activity,
    seals,
)
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
