"""Indicators of pairs and groups: who is mentored, by whom, in which form, how it ends."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, exists, select

from nastavnik.platform.oversight.indicators import (
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
    share,
)
from nastavnik.platform.oversight.names import provide
from nastavnik.platform.oversight.pairs import members, working_on
from nastavnik.platform.oversight.state import TeacherState, held_at
from nastavnik.tenants.pairs.services import forms_of_mentoring
from nastavnik.tenants.teachers.indicators import present

teachers = TeacherState.__table__
SECTION = "Наставнические пары и группы"
provide("form", lambda: {form.code: form.name for form in forms_of_mentoring()})


def pairs(s: Slice, *where: ColumnElement[bool]) -> dict[int, Value]:
    return count_by_school(members, *working_on(s), members.c.role == "mentor", *where)


def people(s: Slice, role: str) -> dict[int, Value]:
    return count_by_school(members, *working_on(s), members.c.role == role,
                           distinct=members.c.teacher)


def paired(s: Slice, *roles: str) -> ColumnElement[bool]:
    """The teacher is a member (in ``roles``) of a pair working on the snapshot day."""
    return exists(select(members.c.pair_id).where(
        *working_on(s), members.c.school_id == teachers.c.school_id,
        members.c.teacher == teachers.c.teacher, members.c.role.in_(roles)))


def network(s: Slice) -> ColumnElement[bool]:
    """The mentor is not a teacher of the pair's school: a network (cross-school) pair."""
    return ~exists(select(teachers.c.teacher).where(
        held_at(teachers, s.position), teachers.c.school_id == members.c.school_id,
        teachers.c.teacher == members.c.teacher))


def closed_in_year(s: Slice, status: str) -> dict[int, Value]:
    return count_by_school(
        members, s.of(members), members.c.role == "mentor", members.c.status == status,
        members.c.ended_on >= s.year_starts, members.c.ended_on <= s.as_of,
        *([members.c.on_time.is_(True)] if status == "finished" else []))


def started_in_year(s: Slice) -> dict[int, Value]:
    return count_by_school(members, s.of(members), members.c.role == "mentor",
                           members.c.starts_on >= s.year_starts, members.c.starts_on <= s.as_of)


def _of_young(s: Slice) -> Mapping[int, Value]:
    return share(present(s, teachers.c.young_specialist, paired(s, "mentee")),
                 present(s, teachers.c.young_specialist))


def _under_35_involved(s: Slice) -> Mapping[int, Value]:
    return share(present(s, teachers.c.under_35, paired(s, "mentor", "mentee")),
                 present(s, teachers.c.under_35))


declare(Indicator(
    "young_with_mentor", "Охват молодых специалистов наставничеством", "%",
    "молодые специалисты — наставляемые в действующей паре или группе ÷ все молодые "
    "специалисты × 100", Rollup.SHARE, _of_young, SECTION, order=20))
declare(Indicator(
    "pairs", "Действующих пар и групп", "шт.",
    "пары и группы, сформированные к дате и не завершённые до неё", Rollup.SUM, pairs,
    SECTION, order=21, higher_is_better=None))
declare(Indicator(
    "groups", "из них групп", "шт.", "действующие группы (один наставник, несколько "
    "наставляемых)", Rollup.SUM, lambda s: pairs(s, members.c.is_group.is_(True)), SECTION,
    order=22, higher_is_better=None))
declare(Indicator(
    "mentors", "Наставников", "чел.", "разные наставники действующих пар и групп",
    Rollup.SUM, lambda s: people(s, "mentor"), SECTION, order=23, higher_is_better=None))
declare(Indicator(
    "mentees", "Наставляемых", "чел.", "разные наставляемые действующих пар и групп",
    Rollup.SUM, lambda s: people(s, "mentee"), SECTION, order=24, higher_is_better=None))
declare(Indicator(
    "pairs_fixed_by_order", "Пары и группы, закреплённые приказом", "%",
    "действующие пары и группы, закреплённые утверждённым приказом ÷ все действующие × 100",
    Rollup.SHARE, lambda s: share(pairs(s, members.c.order_document.is_not(None)), pairs(s)),
    SECTION, order=25))
declare(Indicator(
    "network_pairs", "Сетевое наставничество (наставник из другой школы)", "%",
    "действующие пары и группы с наставником из другой организации ÷ все действующие × 100",
    Rollup.SHARE, lambda s: share(pairs(s, network(s)), pairs(s)), SECTION, order=26,
    higher_is_better=None))
declare(Indicator(
    "under_35_involved", "Педагоги до 35 лет, вовлечённые в наставничество", "%",
    "педагоги моложе 35 лет — наставники или наставляемые действующих пар ÷ все педагоги "
    "моложе 35 лет × 100", Rollup.SHARE, _under_35_involved, SECTION, order=27))
declare(Indicator(
    "programs_started", "Программ начато в учебном году", "шт.",
    "пары и группы с началом программы с 1 сентября по дату", Rollup.SUM, started_in_year,
    SECTION, order=28, higher_is_better=None))
declare(Indicator(
    "programs_on_time", "Программ завершено в срок", "шт.",
    "программы, завершённые в срок с 1 сентября по дату", Rollup.SUM,
    lambda s: closed_in_year(s, "finished"), SECTION, order=29, higher_is_better=None))
declare(Indicator(
    "programs_ended_early", "Программ прекращено досрочно", "шт.",
    "программы, прекращённые досрочно с 1 сентября по дату", Rollup.SUM,
    lambda s: closed_in_year(s, "ended_early"), SECTION, order=30, higher_is_better=None))

