"""Projections of the event log into the aggregate tables of ``nastavnik.platform.aggregates``.

Each projection module registers itself on import; importing this package registers all.
"""

from nastavnik.workers.projections import (  # noqa: F401 - registers
    document_state,
    final_event_state,
    matching_state,
    monitoring_state,
    network_state,
    pair_state,
    practice_state,
    program_state,
    publication_state,
    roadmap_state,
    role_state,
    school_year_activity,
    seals,
    teacher_state,
    training_state,
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
