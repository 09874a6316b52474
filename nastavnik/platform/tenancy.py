"""Tenant scoping: where a request stands, who may stand there, and what it may read.

Every school-owned row carries ``school_id`` (the ``SchoolOwned`` mixin). The scope of
the request lives on ``flask.g``; one ORM hook adds the tenant filter to every SELECT,
UPDATE and DELETE of a school-owned entity, and one flush hook refuses to write a row
of a school outside the scope. Views therefore never filter by school themselves, and a
query that forgets to is still confined. A request that has entered no scope (the
login page, a personal link before its record is read) reaches no school at all: the
default is closed. Code outside a request (workers, CLI) has no scope and sees every
school, which is what aggregation needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, g, has_app_context, has_request_context
from sqlalchemy import ForeignKey, event, false, select
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)

from nastavnik.extensions import db
from nastavnik.platform.models import Municipality, Region, School, User
from nastavnik.platform.roles import Level, Role


class SchoolOwned:
    """Mixin for every table that belongs to one school."""

    @declared_attr
    def school_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("schools.id"), index=True)


@dataclass(frozen=True)
class Scope:
    level: Level
    region_id: int | None = None
    municipality_id: int | None = None
    school_id: int | None = None

    @classmethod
    def of(cls, place: Region | Municipality | School) -> Scope:
        if isinstance(place, School):
            return cls(Level.SCHOOL, place.region_id, place.municipality_id, place.id)
        if isinstance(place, Municipality):
            return cls(Level.MUNICIPALITY, place.region_id, place.id)
        return cls(Level.REGION, place.id)

    def contains_school(self, school: School) -> bool:
        return {
            Level.PLATFORM: True,
            Level.REGION: school.region_id == self.region_id,
            Level.MUNICIPALITY: school.municipality_id == self.municipality_id,
            Level.SCHOOL: school.id == self.school_id,
        }[self.level]


# Where a request stands before it has entered a scope: no school is visible or writable.
NOWHERE = Scope(Level.SCHOOL, school_id=None)
# Workers and commands: every school.
EVERYWHERE = Scope(Level.PLATFORM)


def current_scope() -> Scope:
    if has_request_context():
        return g.get("scope") or NOWHERE
    return (g.get("scope") or EVERYWHERE) if has_app_context() else EVERYWHERE


def enter_scope(place: Region | Municipality | School, roles: set[Role]) -> None:
    """The request stands in ``place`` from now on, holding ``roles`` there."""
    g.scope, g.place, g.roles = Scope.of(place), place, roles


@contextmanager
def reading_the_record_that_names_the_scope() -> Iterator[None]:
    """Lift confinement for one lookup: a personal link's own record, read by its token.

    Only for the row whose signed token the request presented; the caller enters that
    row's school right after.
    """
    saved = g.get("scope")
    g.scope = EVERYWHERE
    try:
        yield
    finally:
        g.scope = saved


@contextmanager
def across_municipality_of(school: School) -> Iterator[None]:
    """Stand in ``school``'s municipality for one operation: network mentoring, where the
    act of one school (agreeing to a cross-school pair, a pair's end) reads or changes a
    row of another school of the same municipality — a mentor's load, the pair formed in
    the mentee's school. Only the network rules call it, after their own checks; the rows
    changed are flushed before the narrower scope returns. A wider scope stays as it is.
    """
    saved = g.get("scope")
    scope = current_scope()
    if scope.level is not Level.SCHOOL and scope.contains_school(school):
        yield
        return
    g.scope = Scope(Level.MUNICIPALITY, school.region_id, school.municipality_id)
    try:
        yield
        db.session.flush()
    finally:
        g.scope = saved


def roles_in(user: User, scope: Scope) -> set[Role]:
    """The roles ``user`` holds that reach ``scope``: a role covers its place and below."""
    held = set()
    for assignment in user.roles:
        role = Role(assignment.role)
        reaches = {
            Level.PLATFORM: True,
            Level.REGION: assignment.region_id == scope.region_id,
            Level.MUNICIPALITY: assignment.municipality_id is not None
            and assignment.municipality_id == scope.municipality_id,
            Level.SCHOOL: assignment.school_id is not None
            and assignment.school_id == scope.school_id,
        }[role.level]
        if reaches:
            held.add(role)
    return held


def _school_filter(scope: Scope):
    if scope is NOWHERE:
        return lambda cls: false()
    if scope.level is Level.SCHOOL:
        school_id = scope.school_id
        return lambda cls: cls.school_id == school_id
    if scope.level is Level.MUNICIPALITY:
        municipality_id = scope.municipality_id
        return lambda cls: cls.school_id.in_(
            select(School.id).where(School.municipality_id == municipality_id)
        )
    region_id = scope.region_id
    return lambda cls: cls.school_id.in_(select(School.id).where(School.region_id == region_id))


def _confine_statement(state: ORMExecuteState) -> None:
    scope = current_scope()
    if scope.level is Level.PLATFORM:
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the parent entity was already confined
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(SchoolOwned, _school_filter(scope), include_aliases=True)
        )


class OutOfScopeWrite(Exception):
    """A school-owned row of another school was about to be written."""


def _refuse_foreign_rows(session: Session, _context, _instances) -> None:
    scope = current_scope()
    if scope.level is Level.PLATFORM:
        return
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, SchoolOwned) and obj.school_id is not None:
            school = session.get(School, obj.school_id)
            if scope is NOWHERE or school is None or not scope.contains_school(school):
                raise OutOfScopeWrite(f"{type(obj).__name__} of school {obj.school_id}")


def init_app(app: Flask) -> None:
    # Session-class listeners are process-wide: register once however many apps are made.
    for name, listener in (("do_orm_execute", _confine_statement),
                           ("before_flush", _refuse_foreign_rows)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def in_scope_or_404(model: type, ident: int):
    """The ``model`` row ``ident`` of the scope, else 404 — including another school's row.

    A query, never ``session.get``: the tenant filter is added to SQL, and an identity-map
    hit would return a row loaded earlier without it.
    """
    return db.first_or_404(select(model).where(model.id == ident))
