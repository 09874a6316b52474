"""Forming mentoring pairs and groups, and reading them for pages and documents."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import occurring_at, record
from nastavnik.platform.inserts import insert_new
from nastavnik.platform.locks import locked, locked_all
from nastavnik.platform.models import School
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.platform.tenancy import across_municipality_of
from nastavnik.tenants.banks.services import available_mentors, waiting_mentees
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.pairs.models import (
    END_OUTCOMES,
    END_REASONS,
    MentoringForm,
    MentoringPair,
    PairKind,
    PairMentee,
    PairStatus,
)
from nastavnik.tenants.teachers.models import Teacher

FORMS_SEED = Path(__file__).parent / "seed" / "forms.json"
# DOMAIN.md: a personalized program runs from 3 months to 1 year.
PROGRAM_MIN_MONTHS, PROGRAM_MAX_MONTHS = 3, 12
refuse_duplicates("uq_pair_mentees_active", {"mentees": [
    "Наставляемый уже в действующей паре или группе."]})


@cache
def _seed_forms() -> list[dict]:
    """The shipped list, read once per process: every pairs page asks for the forms."""
    return json.loads(FORMS_SEED.read_text(encoding="utf-8"))


def seed_forms_of_mentoring() -> None:
    """Add the forms of ``seed/forms.json`` that are missing (reference data).

    Existing rows are left alone, so names edited later survive a re-seed.
    """
    known = set(db.session.scalars(select(MentoringForm.code)))
    insert_new(MentoringForm, [{"code": item["code"], "name": item["name"], "position": index,
                                "active": True}
                               for index, item in enumerate(_seed_forms())
                               if item["code"] not in known])


def forms_of_mentoring() -> list[MentoringForm]:
    """The active forms of mentoring, in their order."""
    return list(db.session.scalars(
        select(MentoringForm).where(MentoringForm.active).order_by(MentoringForm.position)))


def pair_candidates(school: School) -> dict[str, list[Teacher]]:
    """Who may be chosen: mentors and waiting mentees of the school's banks.

    Only bank entries qualify, because only they carry the consent that lets the school
    process a teacher's data for mentoring (152-ФЗ).
    """
    return {"mentors": available_mentors(school), "mentees": waiting_mentees(school)}


def program_period_error(starts_on: dt.date, ends_on: dt.date) -> str | None:
    today = clock.today()
    # Schools log last year's pairs too, but a start decades away is a typing slip.
    if not today - relativedelta(years=2) <= starts_on <= today + relativedelta(years=1):
        return "Дата начала программы должна быть не раньше чем два года назад и не позже " \
               "чем через год."
    shortest = starts_on + relativedelta(months=PROGRAM_MIN_MONTHS)
    longest = starts_on + relativedelta(months=PROGRAM_MAX_MONTHS)
    if not shortest <= ends_on <= longest:
        return "Программа наставничества длится от 3 месяцев до 1 года: проверьте даты."
    return None


def form_pair(school: School, mentor: Teacher, mentees: list[Teacher], form_code: str,
              starts_on: dt.date, ends_on: dt.date,
              kind: PairKind = PairKind.PAIR) -> MentoringPair:
    """Form a pair or group and record ``pair.formed`` (the caller commits)."""
    return _formed(school, mentor, mentees, form_code, starts_on, ends_on, kind)


def form_network_pair(school: School, mentor: Teacher, mentee: Teacher, form_code: str,
                      starts_on: dt.date, ends_on: dt.date) -> MentoringPair:
    """Form a network pair in the mentee's ``school`` with a mentor of another school of
    the municipality, and record ``pair.formed`` (the caller commits).

    The mentor is not in this school's bank: the caller (``tenants/network``) has checked
    the network rules — consent, readiness, places across schools, both schools' agreement —
    and stands in the municipality (``across_municipality_of``) to reach the mentor's row.
    Here the mentee side is checked as for any pair, and that the mentor is of another
    school of the same municipality.
    """
    return _formed(school, mentor, [mentee], form_code, starts_on, ends_on, PairKind.PAIR,
                   network=True)


def _formed(school: School, mentor: Teacher, mentees: list[Teacher], form_code: str,
            starts_on: dt.date, ends_on: dt.date, kind: PairKind,
            network: bool = False) -> MentoringPair:
    kind, mentees = PairKind(kind), list({t.id: t for t in mentees}.values())
    # Everyone involved is locked before the checks: a double click, or two curators
    # pairing the same mentee, wait here and then find the first pair formed.
    locked_all([mentor, *(t for t in mentees if t.id != mentor.id)])
    errors = _pair_errors(school, mentor, mentees, form_code, starts_on, ends_on, kind,
                          network)
    if errors:
        raise Rejected(errors)
    pair = MentoringPair(school_id=school.id, mentor_id=mentor.id, form_code=form_code,
                         kind=kind, starts_on=starts_on, ends_on=ends_on,
                         status=PairStatus.ACTIVE,
                         mentees=[PairMentee(teacher_id=t.id) for t in mentees])
    db.session.add(pair)
    db.session.flush()
    record("pair.formed", {
        "pair": pair.id,
        "mentor": mentor.pseudonym,
        "mentees": [t.pseudonym for t in mentees],
        "form": form_code,
        "group": kind is PairKind.GROUP,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }, school=school, stream=f"pair:{school.id}:{pair.id}")
    return pair


def finish_pair(school: School, pair: MentoringPair, finished_on: dt.date) -> MentoringPair:
    """Close an active pair's program and record ``pair.finished`` (the caller commits)."""
    pair = locked(pair)  # a double click finishes it once
    _require_active(pair)
    if finished_on < pair.starts_on:
        raise Rejected({"finished_on": ["Программа не может завершиться раньше начала."]})
    _close(pair, PairStatus.FINISHED)
    with occurring_at(finished_on):
        record("pair.finished", {"pair": pair.id, "finished_on": finished_on,
                                 "on_time": finished_on <= pair.ends_on},
               school=school, stream=f"pair:{school.id}:{pair.id}")
    return pair


def update_pair(school: School, pair: MentoringPair, form_code: str, starts_on: dt.date,
                ends_on: dt.date) -> MentoringPair:
    """Change a working pair's period or form of mentoring; ``pair.updated`` if anything
    changed (a repeated submit of the same values changes nothing and records nothing)."""
    pair = locked(pair)
    _require_active(pair)
    errors: dict[str, list[str]] = {}
    if db.session.get(MentoringForm, form_code) is None:
        errors["form_code"] = ["Выберите форму наставничества из списка."]
    if (period := program_period_error(starts_on, ends_on)) is not None:
        errors["ends_on"] = [period]
    if errors:
        raise Rejected(errors)
    if (pair.form_code, pair.starts_on, pair.ends_on) == (form_code, starts_on, ends_on):
        return pair
    pair.form_code, pair.starts_on, pair.ends_on = form_code, starts_on, ends_on
    db.session.flush()
    record("pair.updated", {"pair": pair.id, "form": form_code, "starts_on": starts_on,
                            "ends_on": ends_on},
           school=school, stream=f"pair:{school.id}:{pair.id}")
    return pair


def cancel_pair(school: School, pair: MentoringPair) -> MentoringPair:
    """Undo a pair formed by mistake: ``pair.cancelled``, which banks and projections read
    as if the pair had never been formed (its mentees wait for a mentor again)."""
    pair = locked(pair)  # a double click cancels it once
    _require_active(pair)
    pair.cancelled_at = clock.now()
    _close(pair, PairStatus.CANCELLED)
    record("pair.cancelled", {"pair": pair.id}, school=school,
           stream=f"pair:{school.id}:{pair.id}")
    return pair


def end_pair_early(school: School, pair: MentoringPair, ended_on: dt.date, reason: str,
                   outcome: str) -> MentoringPair:
    """Stop a working program before its end: ``pair.ended_early``, never a completion."""
    pair = locked(pair)  # a double click ends it once
    _require_active(pair)
    errors: dict[str, list[str]] = {}
    if reason not in END_REASONS:
        errors["reason"] = ["Выберите причину из списка."]
    if outcome not in END_OUTCOMES:
        errors["outcome"] = ["Выберите результат из списка."]
    if ended_on < pair.starts_on:
        errors.setdefault("ended_on", []).append(
            "Программа не может прекратиться раньше своего начала.")
    if ended_on > clock.today():
        errors.setdefault("ended_on", []).append(
            "Дата прекращения не может быть позже сегодняшнего дня.")
    if ended_on >= pair.ends_on:
        errors.setdefault("ended_on", []).append(
            "Программа дошла до срока окончания: её нужно завершить, а не прекратить досрочно.")
    if errors:
        raise Rejected(errors)
    pair.ended_on, pair.end_reason, pair.end_outcome = ended_on, reason, outcome
    _close(pair, PairStatus.ENDED_EARLY)
    with occurring_at(ended_on):
        record("pair.ended_early", {"pair": pair.id, "ended_on": ended_on, "reason": reason,
                                    "outcome": outcome},
               school=school, stream=f"pair:{school.id}:{pair.id}")
    return pair


NOT_ACTIVE = {
    PairStatus.FINISHED: "Программа этой пары уже завершена.",
    PairStatus.ENDED_EARLY: "Программа этой пары уже прекращена досрочно.",
    PairStatus.CANCELLED: "Эта пара уже отменена.",
}


def _require_active(pair: MentoringPair) -> None:
    if pair.status != PairStatus.ACTIVE:
        raise Rejected({"pair": [NOT_ACTIVE[PairStatus(pair.status)]]})


def _close(pair: MentoringPair, status: PairStatus) -> None:
    pair.status = status
    for mentee in pair.mentees:
        mentee.active = False  # free for another pair (the unique index counts active ones)
    db.session.flush()


def _pair_errors(school, mentor, mentees, form_code, starts_on, ends_on, kind,
                 network=False) -> dict:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if network:
        mentor_school = db.session.get(School, mentor.school_id)
        if mentor.school_id == school.id or mentor_school is None \
                or mentor_school.municipality_id != school.municipality_id:
            add("mentor", "В сетевой паре наставник работает в другой школе того же "
                          "муниципалитета.")
    elif mentor.school_id != school.id:
        add("mentor", "Наставник должен работать в этой школе.")
    # Each person is explained once: by school, by an active pair, or by the banks.
    busy = _already_paired(school, mentees)
    candidates = pair_candidates(school)
    if not network and mentor.school_id == school.id and mentor not in candidates["mentors"]:
        add("mentor", "Наставник должен быть в банке наставников и иметь свободное место.")
    outside = [t for t in mentees if t.school_id == school.id and t not in busy
               and t not in candidates["mentees"]]
    if outside:
        add("mentees", "Не ожидают наставника в банке наставляемых: "
                       + ", ".join(t.full_name for t in outside) + ".")
    if any(t.school_id != school.id for t in mentees):
        add("mentees", "Наставляемые должны работать в этой школе.")
    if not mentees:
        add("mentees", "Выберите хотя бы одного наставляемого.")
    if any(t.id == mentor.id for t in mentees):
        add("mentees", "Наставник не может быть наставляемым в своей паре или группе.")
    if kind is PairKind.PAIR and len(mentees) > 1:
        add("kind", "В паре один наставляемый; для нескольких выберите группу.")
    if kind is PairKind.GROUP and len(mentees) < 2:
        add("kind", "В группе должно быть не меньше двух наставляемых.")
    if db.session.get(MentoringForm, form_code) is None:
        add("form_code", "Выберите форму наставничества из списка.")
    if (period := program_period_error(starts_on, ends_on)) is not None:
        add("ends_on", period)
    if busy:
        add("mentees", "Уже в действующей паре или группе: "
                       + ", ".join(t.full_name for t in busy) + ".")
    return errors


def _already_paired(school: School, mentees: list[Teacher]) -> list[Teacher]:
    busy = set(db.session.scalars(
        select(PairMentee.teacher_id).join(MentoringPair)
        .where(MentoringPair.school_id == school.id,
               MentoringPair.status == PairStatus.ACTIVE,
               PairMentee.teacher_id.in_([t.id for t in mentees]))))
    return [t for t in mentees if t.id in busy]


def pair_rows(school: School, academic_year: int | None = None,
              cancelled: bool = False) -> list[dict]:
    """The school's pairs and groups as plain rows (pages, the order fixing pairs).

    With ``academic_year`` (its start year), only the pairs whose program runs during that
    year: an order of 2026/2027 does not fix last year's finished pairs again. A pair
    cancelled as a mistake is left out unless ``cancelled`` (the curator's own list).
    """
    query = select(MentoringPair).where(MentoringPair.school_id == school.id)
    if not cancelled:
        query = query.where(MentoringPair.status != PairStatus.CANCELLED)
    if academic_year is not None:
        query = query.where(MentoringPair.starts_on <= dt.date(academic_year + 1, 8, 31),
                            MentoringPair.ends_on >= dt.date(academic_year, 9, 1))
    return _rows(query)


def network_pairs_led_by(school: School) -> list[dict]:
    """The network pairs whose mentor is a teacher of ``school``: formed in the mentees'
    schools of the municipality, and listed in the mentor's own school too (each row
    adds the pair's school, ``"school"``, and the mentor, ``"mentor_id"``). Both schools
    agreed to them, so names show."""
    with across_municipality_of(school):
        own = select(Teacher.id).where(Teacher.school_id == school.id)
        rows = _rows(select(MentoringPair).where(
            MentoringPair.school_id != school.id, MentoringPair.mentor_id.in_(own),
            MentoringPair.status != PairStatus.CANCELLED))
        found = {pair: (name, mentor) for pair, name, mentor in db.session.execute(
            select(MentoringPair.id, School.short_name, MentoringPair.mentor_id).join(
                School, MentoringPair.school_id == School.id).where(
                MentoringPair.id.in_([row["id"] for row in rows])))}
    return [{**row, "school": found[row["id"]][0], "mentor_id": found[row["id"]][1]}
            for row in rows]


def network_pairs_mentored_by(school: School, account_id: int) -> list[dict]:
    """The network pairs of ``school`` whose mentor — a teacher of another school — has the
    account ``account_id``: what that mentor, granted the mentor role here, works in."""
    with across_municipality_of(school):
        mentors = select(Teacher.id).where(Teacher.user_id == account_id,
                                           Teacher.school_id != school.id)
        return _rows(select(MentoringPair).where(
            MentoringPair.school_id == school.id, MentoringPair.mentor_id.in_(mentors),
            MentoringPair.status != PairStatus.CANCELLED))


def network_mentor_of(school: School, account_id: int) -> Teacher | None:
    """The teacher of another school whose account ``account_id`` mentors a network pair of
    ``school``: who that account is in this school's programs (it has no teacher here)."""
    with across_municipality_of(school):
        return db.session.scalar(select(Teacher).where(
            Teacher.user_id == account_id, Teacher.school_id != school.id,
            Teacher.id.in_(select(MentoringPair.mentor_id).where(
                MentoringPair.school_id == school.id,
                MentoringPair.status != PairStatus.CANCELLED))).limit(1))


def refuse_leaving_with_active_pairs(_sender=None, *, teacher: Teacher, school: School) -> None:
    """A teacher in a working pair cannot just leave: the pair's end (its reason and
    outcome) is what the indicators count, so the curator records it first."""
    working = db.session.scalar(select(func.count()).select_from(MentoringPair).where(
        MentoringPair.school_id == school.id, MentoringPair.status == PairStatus.ACTIVE,
        with_teacher(teacher)))
    if working:
        raise Rejected("Педагог входит в действующую наставническую пару или группу. "
                       "Сначала завершите её или прекратите досрочно с причиной на странице "
                       "«Пары и группы», затем отметьте выбытие.")


def pairs_of(teacher: Teacher) -> list[dict]:
    """The pairs and groups ``teacher`` belongs to, as mentor or as mentee."""
    return _rows(select(MentoringPair).where(MentoringPair.status != PairStatus.CANCELLED,
                                             with_teacher(teacher)))


def with_teacher(teacher: Teacher):
    """The condition on ``MentoringPair``: ``teacher`` is its mentor or one of its mentees."""
    as_mentee = select(PairMentee.pair_id).where(PairMentee.teacher_id == teacher.id)
    return or_(MentoringPair.mentor_id == teacher.id, MentoringPair.id.in_(as_mentee))


def _rows(query) -> list[dict]:
    # The people and forms come in three queries however many pairs there are.
    pairs = db.session.scalars(query.order_by(MentoringPair.starts_on, MentoringPair.id).options(
        joinedload(MentoringPair.mentor), joinedload(MentoringPair.form),
        selectinload(MentoringPair.mentees).joinedload(PairMentee.teacher))).all()
    orders = _fixing_orders({p.fixed_by_document_id for p in pairs} - {None})
    mentors = {pair.id: pair.mentor for pair in pairs if pair.mentor is not None}
    mentors.update(_mentors_of_other_schools([p for p in pairs if p.mentor is None]))
    return [{
        "id": pair.id,
        "mentor": mentors[pair.id].full_name,
        "mentor_position": mentors[pair.id].position,
        "mentees": [m.teacher.full_name for m in pair.mentees],
        "mentee_positions": [m.teacher.position for m in pair.mentees],
        "form": pair.form.name,
        "group": pair.kind == PairKind.GROUP,
        "starts_on": pair.starts_on,
        "ends_on": pair.ends_on,
        "active": pair.status == PairStatus.ACTIVE,
        "status": pair.status,
        "fixed_by": orders.get(pair.fixed_by_document_id),
        "form_code": pair.form_code,
        "ended_on": pair.ended_on,
        "end_reason": END_REASONS.get(pair.end_reason) if pair.end_reason else None,
        "end_outcome": END_OUTCOMES.get(pair.end_outcome) if pair.end_outcome else None,
    } for pair in pairs]


def _mentors_of_other_schools(pairs: list[MentoringPair]) -> dict[int, Teacher]:
    """The mentors of network pairs by pair id. Such a mentor is a teacher of another
    school, which the tenant filter keeps out of the school's join; both schools agreed
    to the pair (``tenants/network``), so the mentee's school reads the name."""
    found = {}
    for pair in pairs:
        with across_municipality_of(db.session.get(School, pair.school_id)):
            found[pair.id] = db.session.scalar(select(Teacher).where(
                Teacher.id == pair.mentor_id))
    return found


def _fixing_orders(ids: set[int]) -> dict[int, str]:
    """«приказ № 12-од от 01.10.2026» of each order that fixed a pair, in one query."""
    if not ids:
        return {}
    return {document.id: f"приказ № {document.number} от {document.date:%d.%m.%Y}"
            for document in db.session.scalars(
                select(SchoolDocument).where(SchoolDocument.id.in_(ids)))}


def _editions_of(document: SchoolDocument):
    """The ids of the editions of ``document``'s order (same kind, year and number)."""
    return select(SchoolDocument.id).where(
        SchoolDocument.school_id == document.school_id,
        SchoolDocument.kind == document.kind,
        SchoolDocument.academic_year == document.academic_year,
        SchoolDocument.number == document.number)


def pairs_to_fix(school: School, document: SchoolDocument) -> list[dict]:
    """The pairs a pair order lists: working pairs of its year that no other order fixed
    (an earlier edition of this same order does not count), never a pair that ended."""
    year = document.academic_year
    return _rows(select(MentoringPair).where(
        MentoringPair.school_id == school.id,
        MentoringPair.status == PairStatus.ACTIVE,
        MentoringPair.ends_on >= document.date,
        MentoringPair.starts_on <= dt.date(year + 1, 8, 31),
        MentoringPair.ends_on >= dt.date(year, 9, 1),
        or_(MentoringPair.fixed_by_document_id.is_(None),
            MentoringPair.fixed_by_document_id.in_(_editions_of(document)))))


def fix_pairs(school: School, pair_ids: Sequence[int], document: SchoolDocument) -> list[int]:
    """The approved ``document`` fixes the pairs it lists (those no other order fixed
    meanwhile); return their ids, which its ``document.approved`` event records."""
    if not pair_ids:
        return []
    editions = set(db.session.scalars(_editions_of(document)))  # once, not once per pair
    fixed = []
    for pair in locked_all(list(db.session.scalars(select(MentoringPair).where(
            MentoringPair.school_id == school.id, MentoringPair.id.in_(pair_ids))))):
        if pair.fixed_by_document_id is None or pair.fixed_by_document_id in editions:
            pair.fixed_by_document_id = document.id
            fixed.append(pair.id)
    return sorted(fixed)
