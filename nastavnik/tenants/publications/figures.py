"""The numbers a public page shows: counts only, never a person. Read from the live
tables of the place the request stands in (the tenant filter confines them to it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.statuses import LISTED
from nastavnik.tenants.pairs.models import MentoringPair, PairStatus


@dataclass(frozen=True)
class Figures:
    pairs: int
    mentors: int
    mentees: int
    schools: int | None = None  # above a school: its schools with a public section


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def figures(schools: list[School]) -> Figures:
    """Pairs working now, mentors and mentees in the banks, over ``schools``."""
    ids = [school.id for school in schools]
    return Figures(
        pairs=_count(MentoringPair, MentoringPair.school_id.in_(ids),
                     MentoringPair.status == PairStatus.ACTIVE),
        mentors=_count(MentorEntry, MentorEntry.school_id.in_(ids),
                       MentorEntry.status.in_(LISTED["mentors"])),
        mentees=_count(MenteeEntry, MenteeEntry.school_id.in_(ids),
                       MenteeEntry.status.in_(LISTED["mentees"])))


def schools_of(place: School | Municipality | Region) -> list[School]:
    if isinstance(place, School):
        return [place]
    column = School.municipality_id if isinstance(place, Municipality) else School.region_id
    return list(db.session.scalars(select(School).where(column == place.id)
                                   .order_by(School.short_name)))
