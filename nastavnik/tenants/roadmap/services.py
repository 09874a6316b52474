"""The roadmap: templates, each school's yearly roadmap, curator updates, auto-completion.

The only code writing the roadmap tables. School roadmap changes record events; template
changes do not, because the event log is per school and a template belongs to a
municipality (the school roadmaps later made from it record ``roadmap.created``).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from dateutil.relativedelta import relativedelta
from marshmallow import Schema, ValidationError
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import moment_of_record, record
from nastavnik.platform.inserts import insert_new
from nastavnik.platform.models import Municipality, School
from nastavnik.platform.rejections import Rejected
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.roadmap.conditions import condition_holds
from nastavnik.tenants.roadmap.models import RoadmapActivity, RoadmapTemplate, TemplateActivity
from nastavnik.tenants.roadmap.schemas import ActivityUpdateSchema, TemplateActivitySchema
from nastavnik.tenants.roadmap.seed import completing_event_types, seed, stage_titles
from nastavnik.tenants.roadmap.statuses import CLOSED, Status


class RecordedEvent(Protocol):
    """What auto-completion reads of an event (``Event`` has it all)."""

    event_id: object
    type: str
    payload: dict
    academic_year: int
    occurred_at: dt.datetime


def _load(schema: Schema, data: dict) -> dict:
    try:
        return schema.load(data)
    except ValidationError as error:
        raise Rejected(error.messages) from error


# Templates -----------------------------------------------------------------------------

_COPIED = ("code", "stage", "position", "title", "result", "responsible", "due_from_month",
           "due_to_month", "auto_complete")


def default_template() -> RoadmapTemplate:
    """The platform default, loaded from the shipped seed by ``flask reference seed``."""
    template = db.session.scalar(select(RoadmapTemplate).where(
        RoadmapTemplate.municipality_id.is_(None), RoadmapTemplate.seed == seed()["name"]))
    if template is None:
        raise LookupError("the default roadmap template is not seeded: "
                          "run `flask --app wsgi reference seed`")
    return template


def seed_default_template() -> None:
    """Load the shipped seed as the platform's default template, unless it is there."""
    name = seed()["name"]
    if db.session.scalar(select(RoadmapTemplate.id).where(
            RoadmapTemplate.municipality_id.is_(None), RoadmapTemplate.seed == name)) is None:
        _make_template(None, name, [
            {"code": item["code"], "stage": item["stage"], "position": index,
             "title": item["title"], "result": item["result"],
             "responsible": item["responsible"], "due_from_month": item["due_from"],
             "due_to_month": item["due_to"], "auto_complete": item["auto_complete"]}
            for index, item in enumerate(seed()["activities"])])


def municipal_template(municipality_id: int) -> RoadmapTemplate | None:
    return db.session.scalar(
        select(RoadmapTemplate).where(RoadmapTemplate.municipality_id == municipality_id))


def template_for(municipality_id: int) -> RoadmapTemplate:
    """The template new school roadmaps of the municipality are made from."""
    return municipal_template(municipality_id) or default_template()


def _adjustable_template(municipality: Municipality) -> RoadmapTemplate:
    """The municipality's own template, copied from the default on its first change."""
    if (own := municipal_template(municipality.id)) is None:
        base = default_template()
        _make_template(municipality.id, base.seed, [
            {field: getattr(a, field) for field in _COPIED} for a in base.activities])
        own = municipal_template(municipality.id)
    return own


def _make_template(municipality_id: int | None, seed_name: str, activities: list[dict]) -> None:
    made = insert_new(RoadmapTemplate, [{"municipality_id": municipality_id,
                                         "seed": seed_name}])
    if made:  # else a concurrent request made the same template first
        insert_new(TemplateActivity, [{"template_id": made[0], **a} for a in activities])


def template_activity(template: RoadmapTemplate, code: str) -> TemplateActivity | None:
    return next((a for a in template.activities if a.code == code), None)


def adjust_template_activity(municipality: Municipality, code: str,
                             data: dict) -> TemplateActivity:
    """Change an activity's title, result, responsible role or due window."""
    values = _load(TemplateActivitySchema(), data)
    activity = template_activity(_adjustable_template(municipality), code)
    if activity is None:
        raise LookupError(code)
    for field, value in values.items():
        setattr(activity, field, value)
    db.session.flush()
    return activity


def add_template_activity(municipality: Municipality, stage: int, data: dict) -> TemplateActivity:
    """Add an activity at the end of ``stage``; its code is the next free one there."""
    if stage not in stage_titles():
        raise Rejected({"stage": ["Такого этапа нет."]})
    values = _load(TemplateActivitySchema(), data)
    template = _adjustable_template(municipality)
    numbers = [int(a.code.split(".")[1]) for a in template.activities if a.stage == stage]
    activity = TemplateActivity(code=f"{stage}.{max(numbers, default=0) + 1}", stage=stage,
                                position=max((a.position for a in template.activities),
                                             default=0) + 1, auto_complete=None, **values)
    template.activities.append(activity)
    db.session.flush()
    return activity


def remove_template_activity(municipality: Municipality, code: str) -> None:
    template = _adjustable_template(municipality)
    activity = template_activity(template, code)
    if activity is None:
        raise LookupError(code)
    template.activities.remove(activity)
    db.session.flush()


# A school's roadmap --------------------------------------------------------------------

def month_start(academic_year: int, offset: int) -> dt.date:
    """The first day of the ``offset``-th month of the year (0 = September)."""
    return dt.date(academic_year, 9, 1) + relativedelta(months=offset)


def month_end(academic_year: int, offset: int) -> dt.date:
    return month_start(academic_year, offset + 1) - dt.timedelta(days=1)


def school_roadmap(school: School, academic_year: int) -> list[RoadmapActivity]:
    return list(db.session.scalars(
        select(RoadmapActivity)
        .where(RoadmapActivity.school_id == school.id,
               RoadmapActivity.academic_year == academic_year)
        .order_by(RoadmapActivity.stage, RoadmapActivity.position)))


def roadmap_years(school: School) -> list[int]:
    return list(db.session.scalars(
        select(RoadmapActivity.academic_year).where(RoadmapActivity.school_id == school.id)
        .distinct().order_by(RoadmapActivity.academic_year)))


def ensure_school_roadmap(school: School, academic_year: int) -> list[RoadmapActivity]:
    """The school's roadmap for the year, opened from its municipality's template if missing.

    A write: called by the yearly job, when a school is created, by the curator's button
    and by auto-completion — never by a page that merely shows a roadmap.
    """
    if existing := school_roadmap(school, academic_year):
        return existing
    template = template_for(school.municipality_id)
    made = insert_new(RoadmapActivity, [{
        "school_id": school.id, "academic_year": academic_year, "code": a.code,
        "stage": a.stage, "position": a.position, "title": a.title, "result": a.result,
        "responsible": a.responsible, "due_from": month_start(academic_year, a.due_from_month),
        "due_to": month_end(academic_year, a.due_to_month), "status": Status.PLANNED.value,
        "evidence_url": "", "evidence_note": "", "auto_complete": a.auto_complete,
        "completed_automatically": False} for a in template.activities])
    if not made:  # a concurrent request made this year's roadmap first
        return school_roadmap(school, academic_year)
    activities = school_roadmap(school, academic_year)
    record("roadmap.created", {
        "academic_year": academic_year, "activities": len(made),
        "municipal_template": template.municipality_id is not None,
        "codes": [a.code for a in activities],
        "due_from": [a.due_from for a in activities],
        "due_to": [a.due_to for a in activities],
    }, school=school, stream=f"roadmap:{school.id}:{academic_year}")
    return activities


def open_roadmap_of_new_school(_sender, school: School) -> None:
    """A school added to the platform starts with this academic year's roadmap."""
    ensure_school_roadmap(school, clock.current_academic_year())


def open_current_roadmaps() -> int:
    """The yearly job: open this academic year's roadmap of every school lacking one.

    Run daily by the scheduler, so a school's new year is there from 1 September on;
    returns how many were opened.
    """
    year = clock.current_academic_year()
    have = select(RoadmapActivity.school_id).where(RoadmapActivity.academic_year == year)
    lacking = db.session.scalars(select(School).where(School.id.not_in(have))).all()
    for school in lacking:
        ensure_school_roadmap(school, year)
    return len(lacking)


def update_activity(school: School, activity: RoadmapActivity, data: dict) -> RoadmapActivity:
    """The curator sets status, responsible and evidence (the caller commits).

    Fields absent from ``data`` are left as they are; the form always sends them all, so
    a field the curator emptied is saved empty. «Выполнено» by hand needs evidence (a
    document of the school, a link or a note) and is refused for an activity the
    platform completes itself; an activity it completed keeps that status.
    """
    values = _load(ActivityUpdateSchema(), data)
    status = Status(values.pop("status"))
    values = {field: value for field, value in values.items() if field in data}
    _check_evidence_document(school, values.get("evidence_document_id"))
    if activity.completed_automatically and activity.status == Status.DONE:
        if status is not Status.DONE:
            raise Rejected({"status": [
                "Мероприятие выполнено автоматически по событию на платформе; "
                "его статус вручную не меняется."]})
    elif status is Status.DONE:
        if activity.status != Status.DONE and activity.tracked:
            raise Rejected({"status": [
                f"Это мероприятие {activity.rule_words}. "
                "Отметить его выполненным вручную нельзя."]})
        if not _has_evidence({field: values.get(field, getattr(activity, field))
                              for field in EVIDENCE}):
            raise Rejected({"status": [
                "Чтобы отметить мероприятие выполненным, приложите подтверждение: "
                "документ школы, ссылку или комментарий."]})
        if activity.status != Status.DONE:
            _mark_done(activity, school, at=moment_of_record(school))
    else:
        _forget_completion(activity)
    activity.status = status
    for field, value in values.items():
        setattr(activity, field, value)
    _record_update(school, activity, automatic=False)
    return activity


EVIDENCE = ("evidence_document_id", "evidence_url", "evidence_note")


def _has_evidence(evidence: dict) -> bool:
    return any(evidence.get(field) for field in EVIDENCE)


def _check_evidence_document(school: School, document_id: int | None) -> None:
    if document_id is not None and db.session.scalar(select(SchoolDocument.id).where(
            SchoolDocument.id == document_id, SchoolDocument.school_id == school.id)) is None:
        raise Rejected({"evidence_document_id": ["Выберите документ школы из списка."]})


def evidence_documents(school: School) -> list[SchoolDocument]:
    """The school's documents a curator may name as evidence, newest first."""
    return list(db.session.scalars(
        select(SchoolDocument).where(SchoolDocument.school_id == school.id)
        .order_by(SchoolDocument.academic_year.desc(), SchoolDocument.date.desc(),
                  SchoolDocument.id.desc())))


def complete_from_event(event: RecordedEvent, *, school: School) -> list[RoadmapActivity]:
    """Complete the open activities whose rule ``event`` satisfies; return them.

    Connected to ``event_recorded``: it runs inside the writer's transaction, so the
    completion commits or rolls back with the event that caused it.
    """
    if event.type not in completing_event_types():
        return []  # most events complete nothing: answer without touching the database
    activities = school_roadmap(school, event.academic_year)
    if not activities:
        if not _template_completes(school, event):
            return []  # an unrelated event must not conjure up a roadmap
        activities = ensure_school_roadmap(school, event.academic_year)
    completed = [a for a in activities
                 if a.status not in CLOSED and rule_matches(a.auto_complete, event)
                 and condition_holds(a.auto_complete.get("condition"), school)]
    for activity in completed:
        _mark_done(activity, school, at=event.occurred_at, event=event)
        activity.status = Status.DONE
        _record_update(school, activity, automatic=True)
    return completed


def _template_completes(school: School, event: RecordedEvent) -> bool:
    """Whether a roadmap made now would have an activity that ``event`` completes.

    Read from the shipped seed unless the municipality has its own template, so that an
    unrelated event writes nothing at all.
    """
    own = municipal_template(school.municipality_id)
    rules = ([a.auto_complete for a in own.activities] if own is not None
             else [item["auto_complete"] for item in seed()["activities"]])
    return any(rule_matches(rule, event) and condition_holds(rule.get("condition"), school)
               for rule in rules)


def rule_matches(rule: dict | None, event: RecordedEvent) -> bool:
    """``{"event": type, "where": {field: value}}`` against an event's type and payload."""
    if not rule or rule["event"] != event.type:
        return False
    return all(event.payload.get(field) == value
               for field, value in rule.get("where", {}).items())


def _mark_done(activity: RoadmapActivity, school: School, at: dt.datetime,
               event: RecordedEvent | None = None) -> None:
    activity.completed_at = at
    activity.completed_on = clock.local_date(at, school)
    activity.completed_automatically = event is not None
    activity.completed_by_event = event.event_id if event else None
    activity.completed_by_event_type = event.type if event else None


def _forget_completion(activity: RoadmapActivity) -> None:
    activity.completed_at = activity.completed_by_event = activity.completed_on = None
    activity.completed_by_event_type = None
    activity.completed_automatically = False


def _record_update(school: School, activity: RoadmapActivity, *, automatic: bool) -> None:
    record("roadmap.activity_updated", {
        "activity": activity.code, "academic_year": activity.academic_year,
        "status": Status(activity.status).value, "automatic": automatic,
        "due_from": activity.due_from, "due_to": activity.due_to,
        "completed_on": activity.completed_on,
    }, school=school, stream=f"roadmap:{school.id}:{activity.academic_year}")


# Reading -------------------------------------------------------------------------------

def stage_progress(activities: list[RoadmapActivity]) -> list[dict]:
    """Per stage: done ÷ applicable (activities marked «не требуется» do not count)."""
    progress = []
    for number, title in stage_titles().items():
        own = [a for a in activities if a.stage == number]
        applicable = [a for a in own if a.applicable]
        done = sum(a.status == Status.DONE for a in applicable)
        progress.append({"number": number, "title": title, "done": done,
                         "late": sum(a.completed_late for a in applicable),
                         "applicable": len(applicable),
                         "percent": round(100 * done / len(applicable)) if applicable else 100})
    return progress


def overdue(activities: list[RoadmapActivity], today: dt.date) -> list[RoadmapActivity]:
    return [a for a in activities if a.is_overdue(today)]


def completed_late(activities: list[RoadmapActivity]) -> list[RoadmapActivity]:
    """Done after their window closed: they count as late in the indicators."""
    return [a for a in activities if a.completed_late]


def document_rows(school: School, academic_year: int) -> list[dict]:
    """The school's roadmap as rows of the road map document: one activity per row."""
    titles = stage_titles()
    return [{
        "stage": f"{activity.stage}. {titles.get(activity.stage, '')}",
        "activities": f"{activity.code}. {activity.title}",
        "dates": f"{activity.due_from:%d.%m.%Y} — {activity.due_to:%d.%m.%Y}",
        "responsible": activity.responsible,
        "result": activity.result,
    } for activity in school_roadmap(school, academic_year)]
