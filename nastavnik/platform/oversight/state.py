"""The schools' state as the log tells it: people, pairs, documents, roles, roadmap work,
the training of mentors.

Only the state projections (``nastavnik/workers/projections/*_state.py``) write these
tables; the indicators (``nastavnik.platform.oversight``) read them. Every row is one
version of one thing (a teacher's pseudonym, a pair's member, a document, a role, a roadmap
activity) and names the log positions it held between: ``since_position`` ≤ P <
``until_position`` (open while current). So the state at any log position P reads back
exactly — a report built at P is rebuilt with the same numbers after later events — and
today's state is the open rows. No names: pseudonyms, ids, codes and dates only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ColumnElement, Date, Float, Index, String, Table, and_, or_
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from nastavnik.extensions import db
from nastavnik.platform.aggregates import Position


class Versioned:
    """Columns of every state table: where the thing is and the positions it held between."""

    projection: str  # the name of the projection that writes the table

    municipality_id: Mapped[int]
    region_id: Mapped[int]
    # Last in the primary key: the open version of one thing is found by its key's prefix.
    since_position: Mapped[int] = mapped_column(Position, primary_key=True,
                                                autoincrement=False, sort_order=100)
    until_position: Mapped[int | None] = mapped_column(Position, sort_order=100)

    @declared_attr.directive
    def __table_args__(cls):
        # Dashboards read the open rows of one municipality or region.
        open_rows = {"postgresql_where": cls.until_position.is_(None),
                     "sqlite_where": cls.until_position.is_(None)}
        return (Index(f"ix_{cls.__tablename__}_open_municipality", "municipality_id",
                      **open_rows),
                Index(f"ix_{cls.__tablename__}_open_region", "region_id", **open_rows))


def held_at(table: Table, position: int | None) -> ColumnElement[bool]:
    """The rows of ``table`` that were the state at log ``position`` (None: the current)."""
    if position is None:
        return table.c.until_position.is_(None)
    return and_(table.c.since_position <= position,
                or_(table.c.until_position.is_(None), table.c.until_position > position))


class TeacherState(Versioned, db.Model):
    """A teacher of a school by pseudonym: in the school when, young specialist, banks."""

    __tablename__ = "teacher_state"
    projection = "teacher_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    teacher: Mapped[str] = mapped_column(String(36), primary_key=True)
    young_specialist: Mapped[bool] = mapped_column(Boolean, default=False)
    under_35: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_on: Mapped[dt.date] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    mentor_bank: Mapped[bool] = mapped_column(Boolean, default=False)
    mentee_status: Mapped[str | None] = mapped_column(String(16))  # None: not in the bank
    waiting_since: Mapped[dt.date | None] = mapped_column(Date)


class PairMemberState(Versioned, db.Model):
    """One member (the mentor, or a mentee) of a pair or group, with the pair's facts."""

    __tablename__ = "pair_member_state"
    projection = "pair_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    pair_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    teacher: Mapped[str] = mapped_column(String(36), primary_key=True)
    role: Mapped[str] = mapped_column(String(8))  # mentor | mentee
    form: Mapped[str] = mapped_column(String(64))
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # active|finished|ended_early|cancelled
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    order_document: Mapped[int | None]  # the approved order that fixed the pair


class DocumentState(Versioned, db.Model):
    """An approved school document: its kind, year, number and dates."""

    __tablename__ = "document_state"
    projection = "document_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    document: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    academic_year: Mapped[int]
    number: Mapped[str | None] = mapped_column(String(32))
    dated: Mapped[dt.date | None] = mapped_column(Date)  # the document's own date
    approved_on: Mapped[dt.date] = mapped_column(Date)


class RoleState(Versioned, db.Model):
    """A school role held by an account (the curator is the one oversight asks about)."""

    __tablename__ = "school_role_state"
    projection = "role_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    account: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_on: Mapped[dt.date] = mapped_column(Date)


class RoadmapActivityState(Versioned, db.Model):
    """A school roadmap activity: its window's end, its status and the day it was done
    (``roadmap.created`` and ``roadmap.activity_updated``, version 2)."""

    __tablename__ = "roadmap_activity_state"
    projection = "roadmap_activity_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    academic_year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    stage: Mapped[int]
    due_to: Mapped[dt.date | None] = mapped_column(Date)  # unknown from version 1 events
    status: Mapped[str] = mapped_column(String(16))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)


class ProgramItemState(Versioned, db.Model):
    """What a pair's personalized program holds, one row per item: the program (approved
    when), each plan activity (planned, done when), each meeting (held when) and each
    mentee's rating. A cancelled pair closes them all: its program never counts."""

    __tablename__ = "program_item_state"
    projection = "program_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    pair_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # ``program``, ``activity:<id>``, ``meeting:<id>``, ``rating:<mentee>:<activity|meeting>:<id>``
    item: Mapped[str] = mapped_column(String(96), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # program | activity | meeting | rating
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    # The item's day: the program's approval, an activity's planned date, a meeting's date,
    # the day a rating was given.
    day: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)  # an activity's actual date
    rating: Mapped[int | None]


class TrainingMaterialState(Versioned, db.Model):
    """A methodical material in a school's set: its own, or a shared one the school
    included (``training.material_added``), and the day it was taken out (as a teacher's
    ``left_on``: a past day still counts the material it then had)."""

    __tablename__ = "training_material_state"
    projection = "training_material_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    material: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    level: Mapped[str] = mapped_column(String(16))  # school | municipality | region
    topic: Mapped[str] = mapped_column(String(16))
    added_on: Mapped[dt.date] = mapped_column(Date)
    removed_on: Mapped[dt.date | None] = mapped_column(Date)


class TrainingAttendanceState(Versioned, db.Model):
    """A mentor of a school marked present at a training session, by pseudonym
    (``training.attendance_recorded``: the school's latest sheet of that session)."""

    __tablename__ = "training_attendance_state"
    projection = "training_attendance_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    session: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    teacher: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # setup | consultation | exchange
    held_on: Mapped[dt.date] = mapped_column(Date)


class MatchingDecisionState(Versioned, db.Model):
    """A curator's decision on a proposed mentor (``matching.decided``): its outcome, its
    day and the pair formed from it."""

    __tablename__ = "matching_decision_state"
    projection = "matching_decision_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    decision: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    outcome: Mapped[str] = mapped_column(String(16))  # accepted | edited | rejected
    decided_on: Mapped[dt.date] = mapped_column(Date)
    pair_id: Mapped[int | None]


class SupportPlanState(Versioned, db.Model):
    """A mentee's support plan while waiting for a mentor (``support.plan_saved``)."""

    __tablename__ = "support_plan_state"
    projection = "support_plan_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    teacher: Mapped[str] = mapped_column(String(36), primary_key=True)
    made_on: Mapped[dt.date] = mapped_column(Date)


class NetworkState(Versioned, db.Model):
    """Network mentoring in a school: the school in the municipality's network (item
    ``school``), a mentor's consent to be offered (``mentor:<pseudonym>``), a proposed
    cross-school pair in the mentee's school (``proposal:<id>``) and how it ended."""

    __tablename__ = "network_state"
    projection = "network_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    item: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # school | mentor | proposal
    status: Mapped[str] = mapped_column(String(16))  # in | consented | proposed|agreed|declined
    since: Mapped[dt.date] = mapped_column(Date)  # the day it began (a proposal: proposed)


class PracticeState(Versioned, db.Model):
    """A practice of a school's methodical bank: its category, the day it was submitted
    and where it stands on its path (submitted … chosen by the region)."""

    __tablename__ = "practice_state"
    projection = "practice_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    practice_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    category: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24))
    submitted_on: Mapped[dt.date] = mapped_column(Date)


class PublicationState(Versioned, db.Model):
    """The school's public section: a published news item (item ``news:<id>``, from
    ``publication.published`` until ``publication.withdrawn``) and a document made public
    (``document:<kind>:<year>``, from ``publication.document_shown`` until hidden)."""

    __tablename__ = "publication_state"
    projection = "publication_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    item: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # news | document
    since: Mapped[dt.date] = mapped_column(Date)  # the day it was published or shown
    # The day it was withdrawn or hidden (as a teacher's ``left_on``: a past day still
    # counts what was public then).
    ended_on: Mapped[dt.date | None] = mapped_column(Date)


class MonitoringState(Versioned, db.Model):
    """A monitoring request to a pair's participant (``monitoring.requested``) and, once
    answered (``monitoring.answered``), its scores: numbers only, never the free text."""

    __tablename__ = "monitoring_state"
    projection = "monitoring_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    request: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    participant: Mapped[str] = mapped_column(String(8))  # mentor | mentee
    academic_year: Mapped[int]
    requested_on: Mapped[dt.date] = mapped_column(Date)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    satisfaction: Mapped[int | None]
    difficulty_change: Mapped[float | None] = mapped_column(Float)


class FinalEventState(Versioned, db.Model):
    """A school's final event of a year: planned or held, its day and its counts (how
    many mentors and mentees took part, how many nominations; never who)."""

    __tablename__ = "final_event_state"
    projection = "final_event_state"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    event: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    academic_year: Mapped[int]
    status: Mapped[str] = mapped_column(String(8))  # planned | held
    held_on: Mapped[dt.date] = mapped_column(Date)
    mentors: Mapped[int]
    mentees: Mapped[int]
    nominations: Mapped[int] = mapped_column(default=0)


STATE_TABLES = (TeacherState, PairMemberState, DocumentState, RoleState, RoadmapActivityState,
                ProgramItemState, TrainingMaterialState, TrainingAttendanceState,
                MatchingDecisionState, SupportPlanState, NetworkState,
                PracticeState, PublicationState, MonitoringState, FinalEventState)
STATE_PROJECTIONS = tuple(model.projection for model in STATE_TABLES)
