"""The practices the public pages show: a school's best practices and higher, the
municipality's and the region's chosen collections, without a teacher's name
(``publications.sections``). A public request stands nowhere, so each read takes the
place's own scope for its duration."""

from __future__ import annotations

import datetime as dt

from flask import g
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.tenancy import Scope
from nastavnik.tenants.practices.models import (
    BEST_OR_HIGHER,
    CHOSEN_BY_MUNICIPALITY,
    Practice,
    PracticeStatus,
    PracticeStep,
)
from nastavnik.tenants.publications.sections import PublicEntry

SUMMARY_MAX = 300
SHOWN = {School: BEST_OR_HIGHER, Municipality: CHOSEN_BY_MUNICIPALITY,
         Region: frozenset({PracticeStatus.CHOSEN_REGION})}


def public_practice_entries(place: School | Municipality | Region) -> list[PublicEntry]:
    """The place's practices for its public page and feed, the latest step first."""
    saved = g.get("scope")
    g.scope = Scope.of(place)
    try:
        last_step = (select(PracticeStep.practice_id, func.max(PracticeStep.at).label("at"))
                     .group_by(PracticeStep.practice_id).subquery())
        rows = db.session.execute(
            select(Practice, School.slug, last_step.c.at)
            .join(School, School.id == Practice.school_id)
            .outerjoin(last_step, last_step.c.practice_id == Practice.id)
            .where(Practice.status.in_([str(s) for s in SHOWN[type(place)]]))).all()
    finally:
        g.scope = saved
    entries = [PublicEntry(practice.title, practice.annotation[:SUMMARY_MAX],
                           f"/p/{slug}/", _aware(at or practice.submitted_at))
               for practice, slug, at in rows]
    return sorted(entries, key=lambda e: e.updated, reverse=True)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back a stored UTC moment without its zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
