"""The curator's page of the final event: plan it, mark it held, award nominations."""

from flask import flash, g, redirect, render_template, url_for

from nastavnik.platform import clock
from nastavnik.platform.permissions import requires
from nastavnik.platform.rejections import ActionForm, carried_out, flash_refusal
from nastavnik.platform.scopes import school_blueprint
from nastavnik.tenants.final_event.forms import EventForm, NominationForm
from nastavnik.tenants.final_event.models import EventFormat, ParticipantRole
from nastavnik.tenants.final_event.permissions import FINAL_EVENT
from nastavnik.tenants.final_event.services import (
    add_nomination,
    event_of,
    mark_held,
    nominee_choices,
    save_event,
    year_people,
)

NO_EVENT = "Сначала запишите итоговое мероприятие."
bp = school_blueprint("final_event", __name__, "/final-event", template_folder="templates")


@bp.get("/")
@requires(FINAL_EVENT.read)
def index():
    return _page(_event_form(), _nomination_form())


@bp.post("/")
@requires(FINAL_EVENT.manage)
def save():
    form = _event_form()
    year = clock.current_academic_year(g.place)
    if carried_out(form, lambda: save_event(
            g.place, year, form.held_on.data, form.format.data, form.mentors.data or [],
            form.mentees.data or [], form.programme.data or ""),
            "Сведения об итоговом мероприятии сохранены."):
        return redirect(url_for("final_event.index"))
    return _page(form, _nomination_form()), 400


@bp.post("/held")
@requires(FINAL_EVENT.manage)
def held():
    event = event_of(g.place, clock.current_academic_year(g.place))
    form = ActionForm()
    if event is None:
        flash(NO_EVENT, "danger")
    elif not carried_out(form, lambda: mark_held(g.place, event),
                         "Итоговое мероприятие отмечено проведённым."):
        flash_refusal(form)
    return redirect(url_for("final_event.index"))


@bp.post("/nominations")
@requires(FINAL_EVENT.manage)
def nominate():
    event = event_of(g.place, clock.current_academic_year(g.place))
    form = _nomination_form()
    if event is None:
        flash(NO_EVENT, "danger")  # the page shows no nomination form without an event
        return redirect(url_for("final_event.index"))
    if carried_out(form, lambda: add_nomination(g.place, event, form.title.data,
                                                  form.nominee.data),
                     "Номинация присуждена."):
        return redirect(url_for("final_event.index"))
    return _page(_event_form(), form), 400


def _event_form() -> EventForm:
    year = clock.current_academic_year(g.place)
    event = event_of(g.place, year)
    form = EventForm(obj=None)
    people = year_people(g.place, year)
    form.mentors.choices = [(t.id, t.full_name) for t in people[ParticipantRole.MENTOR]]
    form.mentees.choices = [(t.id, t.full_name) for t in people[ParticipantRole.MENTEE]]
    if event is not None and not form.is_submitted():
        form.held_on.data, form.format.data = event.held_on, EventFormat(event.format).value
        form.mentors.data = [p.teacher_id for p in event.participants
                             if p.role == ParticipantRole.MENTOR]
        form.mentees.data = [p.teacher_id for p in event.participants
                             if p.role == ParticipantRole.MENTEE]
        form.programme.data = "\n".join(f"{i['time']} {i['title']}" for i in event.programme)
    return form


def _nomination_form() -> NominationForm:
    form = NominationForm()
    form.nominee.choices = [("", "— выберите —"),
                            *nominee_choices(g.place, clock.current_academic_year(g.place))]
    return form


def _page(form: EventForm, nomination_form: NominationForm) -> str:
    year = clock.current_academic_year(g.place)
    return render_template("final_event/index.html", event=event_of(g.place, year),
                           year=year, form=form, nomination_form=nomination_form,
                           held_form=ActionForm(), roles=ParticipantRole,
                           formats=EventFormat)
