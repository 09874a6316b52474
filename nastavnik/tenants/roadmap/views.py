"""The school's roadmap: the page per academic year, the curator's edit form, the home panel."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for

from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.rejections import carried_out, pressed
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.documents.permissions import DOCUMENTS
from nastavnik.tenants.roadmap.forms import ActivityForm, submitted
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.permissions import ROADMAP
from nastavnik.tenants.roadmap.seed import seed, stage_titles
from nastavnik.tenants.roadmap.services import (
    completed_late,
    ensure_school_roadmap,
    evidence_documents,
    overdue,
    roadmap_years,
    school_roadmap,
    stage_progress,
    update_activity,
)

bp = school_blueprint("roadmap", __name__, "/roadmap", template_folder="templates")

FIRST_YEAR = 2025  # the year of the seed; the platform keeps no roadmaps before it


def _year(raw: int | None) -> int:
    """The academic year asked for: from the seed's year to the next one, else 404."""
    year = clock.current_academic_year() if raw is None else raw
    if not FIRST_YEAR <= year <= clock.current_academic_year() + 1:
        abort(404)
    return year


@bp.get("/")
@requires(ROADMAP.read)
def index():
    year = _year(request.args.get("year", type=int))
    activities = school_roadmap(g.place, year)
    return render_template(
        "roadmap/index.html", year=year, activities=activities, today=clock.today(),
        years=sorted({*roadmap_years(g.place), clock.current_academic_year()}),
        stages=stage_titles(), progress=stage_progress(activities), title=seed()["title"])


@bp.post("/open")
@requires(ROADMAP.open)
def open_year():
    """The curator opens a year's roadmap that the yearly job has not opened yet."""
    year = _year(request.args.get("year", type=int))
    return pressed(lambda: ensure_school_roadmap(g.place, year),
                   f"Дорожная карта на {year}/{year + 1} учебный год открыта.",
                   url_for("roadmap.index", year=year), code=302)


@bp.route("/<int:activity_id>/edit", methods=["GET", "POST"])
@requires(ROADMAP.edit)
def edit(activity_id: int):
    activity = in_scope_or_404(RoadmapActivity, activity_id)
    form = ActivityForm(obj=activity).offer(activity, evidence_documents(g.place))
    if carried_out(form, lambda: update_activity(g.place, activity, submitted(form)),
                   f"Мероприятие {activity.code} сохранено."):
        return redirect(url_for("roadmap.index", year=activity.academic_year,
                                _anchor=f"activity-{activity.id}"))
    return render_template("roadmap/edit.html", activity=activity, form=form), \
        400 if form.errors else 200


def roadmap_panel(school: School) -> dict | None:
    """The home page panel: the seven stages of this year with progress, and what is late."""
    if not can(ROADMAP.read):
        return None
    year = clock.current_academic_year()
    activities = school_roadmap(school, year)
    return {"template": "roadmap/panel.html", "year": year, "opened": bool(activities),
            "progress": stage_progress(activities),
            "overdue": overdue(activities, clock.today()),
            "late": completed_late(activities),
            # The curator and the director find the list in «Ждёт вас» (waiting.py).
            "listed_elsewhere": can(ROADMAP.edit) or can(DOCUMENTS.sign)}
