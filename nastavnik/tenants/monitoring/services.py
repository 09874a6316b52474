"""Monitoring of the quality of mentoring (roadmap 6.1): requests sent to a pair's
participants, their answers, and the school's results. The only writer of
``monitoring_requests``.

A finished pair's participants are asked by ``on_event_recorded`` on ``pair.finished``,
in the transaction that finished it; the curator may also ask a working pair mid-way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import mean

from sqlalchemy import and_, or_, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event, record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.platform.tenancy import across_municipality_of
from nastavnik.tenants.monitoring.models import MonitoringRequest, Round
from nastavnik.tenants.pairs.models import MentoringPair, PairStatus
from nastavnik.tenants.questionnaires.models import QuestionnaireResponse, QuestionnaireTemplate
from nastavnik.tenants.questionnaires.services import submit_response
from nastavnik.tenants.teachers.models import Teacher

TEMPLATE_CODES = {"mentor": "monitoring_mentor", "mentee": "monitoring_mentee"}
SATISFACTION = "satisfaction"
FREE_TEXT = "comment"

ALREADY_ANSWERED = "На эту анкету мониторинга уже дан ответ: второй раз её не заполнить."
ALREADY_SENT = "Промежуточные анкеты этой паре (группе) уже направлены."
NOT_WORKING = "Пара (группа) уже не работает: промежуточный мониторинг направить нельзя."
refuse_duplicates("uq_monitoring_requests_pair_teacher_round", {"_schema": [ALREADY_SENT]})


def monitoring_template(participant: str, school: School) -> QuestionnaireTemplate:
    """The newest monitoring template for ``participant`` that applies to ``school``: a
    municipality's or region's extension wins over the platform's."""
    candidates = db.session.scalars(select(QuestionnaireTemplate).where(
        QuestionnaireTemplate.code == TEMPLATE_CODES[participant],
        or_(QuestionnaireTemplate.municipality_id == school.municipality_id,
            and_(QuestionnaireTemplate.municipality_id.is_(None),
                 or_(QuestionnaireTemplate.region_id == school.region_id,
                     QuestionnaireTemplate.region_id.is_(None)))))).all()
    if not candidates:
        raise LookupError("the monitoring templates are not seeded (flask reference seed)")
    return max(candidates, key=lambda t: (t.municipality_id is not None,
                                          t.region_id is not None, t.version))


def pair_school(pair: MentoringPair) -> School:
    return db.session.get(School, pair.school_id)


def participants(pair: MentoringPair) -> list[tuple[str, int]]:
    """(participant, teacher id) of the pair's mentor and mentees: a working pair's
    current ones; a finished pair's all (closing a pair frees its mentees' places)."""
    working = pair.status == PairStatus.ACTIVE
    # A network mentor is a teacher of another school: this school's requests, pages and
    # links cannot reach him or her, so only the school's own people are asked.
    with across_municipality_of(pair_school(pair)):
        mentor_school = db.session.scalar(select(Teacher.school_id).where(
            Teacher.id == pair.mentor_id))
    own_mentor = [("mentor", pair.mentor_id)] if mentor_school == pair.school_id else []
    return own_mentor + [
        ("mentee", m.teacher_id) for m in sorted(pair.mentees, key=lambda m: m.id)
        if m.active or not working]


def _event(type_: str, school: School, request: MonitoringRequest, **extra) -> None:
    record(type_, {"request": request.id, "pair": request.pair_id,
                   "respondent": request.teacher.pseudonym,
                   "participant": request.participant, "round": str(request.round),
                   "academic_year": request.academic_year, **extra},
           school=school, stream=f"pair:{school.id}:{request.pair_id}")


def send_requests(school: School, pair: MentoringPair, round_: Round,
                  on: dt.date) -> list[MonitoringRequest]:
    """Ask each participant of ``pair`` who has no request of ``round_`` yet, as of the
    day ``on`` (its academic year is the request's); the new requests (the caller commits)."""
    pair = locked(pair)  # a double click asks once
    asked = set(db.session.scalars(select(MonitoringRequest.teacher_id).where(
        MonitoringRequest.pair_id == pair.id, MonitoringRequest.round == round_)))
    made = []
    for participant, teacher_id in participants(pair):
        if teacher_id in asked:
            continue
        request = MonitoringRequest(
            school_id=school.id, pair_id=pair.id, teacher_id=teacher_id,
            participant=participant, round=round_,
            template_id=monitoring_template(participant, school).id,
            academic_year=clock.academic_year_of(on), requested_on=on)
        db.session.add(request)
        db.session.flush()
        _event("monitoring.requested", school, request)
        made.append(request)
    return made


def send_midway(school: School, pair: MentoringPair) -> list[MonitoringRequest]:
    """The curator's button: a mid-way round for a working pair."""
    if pair.status != PairStatus.ACTIVE:
        raise Rejected(NOT_WORKING)
    made = send_requests(school, pair, Round.MIDWAY, clock.today(school))
    if not made:
        raise Rejected(ALREADY_SENT)
    return made


def on_event_recorded(event: Event, school: School, **_kwargs) -> None:
    """Receiver of ``event_recorded``: a finished pair's participants are asked."""
    if event.type != "pair.finished":
        return
    pair = db.session.get(MentoringPair, int(event.payload["pair"]))
    if pair is not None:  # the day the program ended: a pair finished in May is May's
        send_requests(school, pair, Round.FINAL,
                      dt.date.fromisoformat(str(event.payload["finished_on"])))


def difficulty_change(scores: dict[str, int]) -> float | None:
    """Mean of (before − after) over the difficulties rated both before and after: how
    much lighter they became (positive is better); none if none was rated."""
    changes = [scores[code] - scores["after_" + code.removeprefix("before_")]
               for code in scores if code.startswith("before_")
               and "after_" + code.removeprefix("before_") in scores]
    return round(mean(changes), 2) if changes else None


def scores_of(response: QuestionnaireResponse) -> dict[str, int]:
    return {a.question.code: a.score for a in response.answers if a.score is not None}


def answer(school: School, request: MonitoringRequest, raw: dict) -> MonitoringRequest:
    """Store the participant's answers once (the caller commits).

    Raises ``Rejected`` if already answered, ``marshmallow.ValidationError`` (Russian,
    by question code) for bad answers; nothing is written then.
    """
    request = locked(request)  # a double submit finds the first answer
    if request.answered:
        raise Rejected(ALREADY_ANSWERED)
    response = submit_response(school, request.teacher, request.template, raw)
    request.response_id, request.answered_at = response.id, clock.now()
    db.session.flush()
    scores = scores_of(response)
    _event("monitoring.answered", school, request, satisfaction=scores[SATISFACTION],
           difficulty_change=difficulty_change(scores))
    return request


def open_requests(teacher_ids: list[int]) -> list[MonitoringRequest]:
    """The requests of these teachers still waiting for an answer, oldest first."""
    return list(db.session.scalars(select(MonitoringRequest).where(
        MonitoringRequest.teacher_id.in_(teacher_ids), MonitoringRequest.response_id.is_(None))
        .order_by(MonitoringRequest.id)))


def _mean(values: list[float]) -> float | None:
    return round(mean(values), 2) if values else None


@dataclass
class Tally:
    """Requests and answers of one pair, or of the whole school."""

    requests: int = 0
    answers: int = 0
    mentee_satisfaction: list[int] = field(default_factory=list)
    mentor_satisfaction: list[int] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (participant, text)

    def add(self, request: MonitoringRequest) -> None:
        self.requests += 1
        if request.response is None:
            return
        self.answers += 1
        scores = scores_of(request.response)
        target = self.mentee_satisfaction if request.participant == "mentee" \
            else self.mentor_satisfaction
        target.append(scores[SATISFACTION])
        # The change of difficulties is the mentee's own view (the mentor's is shown apart).
        if request.participant == "mentee" and (change := difficulty_change(scores)) is not None:
            self.changes.append(change)
        comment = request.response.answer(FREE_TEXT)
        if comment is not None and comment.text:
            self.comments.append((request.participant, comment.text))

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.answers / self.requests, 1) if self.requests else None

    @property
    def mean_mentee_satisfaction(self) -> float | None:
        return _mean(self.mentee_satisfaction)

    @property
    def mean_mentor_satisfaction(self) -> float | None:
        return _mean(self.mentor_satisfaction)

    @property
    def mean_change(self) -> float | None:
        return _mean(self.changes)


def years_asked() -> list[int]:
    """The academic years the school (of the request's scope) sent requests in, newest first."""
    return list(db.session.scalars(select(MonitoringRequest.academic_year).distinct()
                                   .order_by(MonitoringRequest.academic_year.desc())))


def school_results(school: School,
                   academic_year: int) -> tuple[list[tuple[MentoringPair, Tally]], Tally]:
    """Each asked pair's tally and the school's, for the requests of ``academic_year``."""
    requests = db.session.scalars(select(MonitoringRequest).where(
        MonitoringRequest.school_id == school.id,
        MonitoringRequest.academic_year == academic_year).order_by(MonitoringRequest.id))
    pairs: dict[int, tuple[MentoringPair, Tally]] = {}
    total = Tally()
    for request in requests:
        pairs.setdefault(request.pair_id, (request.pair, Tally()))[1].add(request)
        total.add(request)
    return list(pairs.values()), total
