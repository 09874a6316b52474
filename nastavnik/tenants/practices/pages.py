"""What the copilka pages show of a practice. In the school: the pair with its people's
names. Above the school (a municipal or regional collection, the public page): the
school's name and the pair's number, never a teacher's name."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can
from nastavnik.platform.tenancy import Scope
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.practices.models import (
    BEST_OR_HIGHER,
    CATEGORIES,
    Practice,
    PracticeStatus,
)
from nastavnik.tenants.practices.search import searched
from nastavnik.tenants.practices.transitions import Step, steps_from


@dataclass(frozen=True)
class PracticeCard:
    id: int
    title: str
    annotation: str
    category: str
    status: str
    school: str
    pair: str | None  # «Пара № 12» above the school; with the names in the school
    links: list[str]


def card(practice: Practice, names: bool) -> PracticeCard:
    school = db.session.get(School, practice.school_id)
    return PracticeCard(practice.id, practice.title, practice.annotation,
                        CATEGORIES.get(practice.category, practice.category),
                        practice.status_label, school.short_name,
                        _pair(practice.pair_id, names), list(practice.links or []))


def _pair(pair_id: int | None, names: bool) -> str | None:
    if pair_id is None:
        return None
    if not names:
        return f"Пара (группа) № {pair_id}"
    pair = db.session.get(MentoringPair, pair_id)
    mentees = ", ".join(m.teacher.full_name for m in pair.mentees)
    return f"Пара (группа) № {pair_id}: {pair.mentor.full_name} — {mentees}"


def practices_in(statuses: frozenset[PracticeStatus] | None, words: str | None,
                 names: bool) -> list[PracticeCard]:
    """The practices the scope reaches (with one of ``statuses``), searched by ``words``."""
    query = select(Practice)
    if statuses is not None:
        query = query.where(Practice.status.in_([str(s) for s in statuses]))
    return [card(p, names) for p in db.session.scalars(searched(query, words))]


def steps_for_reader(practice: Practice) -> list[Step]:
    """The next steps the reader may take from the practice's status (the buttons)."""
    return [step for step in steps_from(practice.status) if can(step.permission)]


def public_practices(school: School) -> list[PracticeCard]:
    """The school's practices best in the school or higher, newest first, without a
    teacher's name: for the school's public page. Reads in the school's own scope, so a
    public request (which stands nowhere) may call it."""
    saved = g.get("scope")
    g.scope = Scope.of(school)
    try:
        return practices_in(BEST_OR_HIGHER, None, names=False)
    finally:
        g.scope = saved
