"""The school's audit page (its events, newest first) and the activity panel.

Both read what workers produced or the log itself; neither writes. The panel reads the
``school_year_activity`` projection, so its cost does not grow with the log.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, g, render_template, request
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.aggregates import school_year_summary
from nastavnik.platform.events import Event, catalog
from nastavnik.platform.models import School, User
from nastavnik.platform.permissions import allow, declare, requires
from nastavnik.platform.roles import Role
from nastavnik.platform.scopes import add_school_panel, school_blueprint

PAGE_SIZE = 50
# The log names who acted: the school's curator and director read it.
AUDIT = declare("audit", read=allow(Role.CURATOR, Role.DIRECTOR))

bp = school_blueprint("audit", __name__, "/audit", template_folder="templates")


class AuditFilterForm(FlaskForm):
    # A GET filter changes nothing, so it carries no CSRF token (it would land in the URL).
    class Meta:
        csrf = False

    type = SelectField("Тип события", validators=[Optional()], validate_choice=False)
    since = DateField("С даты", validators=[Optional()])
    until = DateField("По дату", validators=[Optional()])

    def validate_type(self, field: SelectField) -> None:
        if field.data and field.data not in dict(field.choices):
            raise ValidationError("Такого типа событий нет.")

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("Дата окончания раньше даты начала.")


def page_number(raw: str | None) -> int:
    """The requested page; anything that is not a positive number means the first."""
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 10**6 else 1


@bp.route("/")
@requires(AUDIT.read)
def audit_log():
    labels = {kind.name: kind.description for kind in catalog()}
    form = AuditFilterForm(request.args)
    form.type.choices = [("", "Все события"), *labels.items()]
    query = select(Event).where(Event.school_id == g.place.id)
    if form.validate():
        query = _filtered(query, form)
    page = page_number(request.args.get("page"))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(query.order_by(Event.position.desc())
                                .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template("audit/index.html", school=g.place, form=form, events=events,
                           labels=labels, actors=actor_names(events), page=page, pages=pages,
                           total=total)


def actor_names(events: list[Event]) -> dict[int, str]:
    """Who acted, by user id: the page is the curator's and director's, so names are shown.

    One query for the page. An account erased after a withdrawn consent reads as erased.
    """
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def _filtered(query, form: AuditFilterForm):
    if form.type.data:
        query = query.where(Event.type == form.type.data)
    # Filter dates are the school's calendar days, from its own midnight.
    if form.since.data:
        query = query.where(Event.occurred_at >= clock.start_of(form.since.data))
    if form.until.data:
        query = query.where(Event.occurred_at < clock.start_of(form.until.data + dt.timedelta(1)))
    return query


def activity_panel(school: School) -> dict:
    year = clock.current_academic_year(school)
    total, last = school_year_summary(school.id, year)
    return {"template": "audit/panel.html", "total": total, "last": last,
            "year": f"{year}/{year + 1}"}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_school_panel(activity_panel)
