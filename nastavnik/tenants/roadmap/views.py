"""The school's roadmap: the page per academic year, the curator's edit form, the home panel."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.rejections import carried_out
from nastavnik.platform.roles import SCHOOL_READERS, Role
from nastavnik.platform.scopes import requires_roles, school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.roadmap.forms import ActivityForm, submitted
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.seed import seed, stage_titles
from nastavnik.tenants.roadmap.services import (
    ensure_school_roadmap,
    overdue,
    roadmap_years,
    stage_progress,
    update_activity,
)

bp = school_blueprint("roadmap", __name__, "/roadmap", template_folder="templates")

FIRST_YEAR = 2025  # the year of the seed; the platform keeps no roadmaps before it


def current_year() -> int:
    return clock.current_academic_year()


@bp.get("/")
@requires_roles(*SCHOOL_READERS)
def index():
    year = request.args.get("year", default=current_year(), type=int)
    if not FIRST_YEAR <= year <= current_year() + 1:
        abort(404)
    activities = ensure_school_roadmap(g.place, year)
    db.session.commit()  # a roadmap made on first sight is kept
    today = clock.today()
    return render_template(
        "roadmap/index.html", year=year, activities=activities, today=today,
        years=sorted({*roadmap_years(g.place), current_year()}), stages=stage_titles(),
        progress=stage_progress(activities), title=seed()["title"],
        can_edit=Role.CURATOR in g.roles)


@bp.route("/<int:activity_id>/edit", methods=["GET", "POST"])
@requires_roles(Role.CURATOR)
def edit(activity_id: int):
    activity = in_scope_or_404(RoadmapActivity, activity_id)
    form = ActivityForm(obj=activity)
    if carried_out(form, lambda: update_activity(g.place, activity, submitted(form)),
                   f"Мероприятие {activity.code} сохранено."):
        return redirect(url_for("roadmap.index", year=activity.academic_year,
                                _anchor=f"activity-{activity.id}"))
    return render_template("roadmap/edit.html", activity=activity, form=form), \
        400 if form.errors else 200


def roadmap_panel(school: School) -> dict | None:
    """The home page panel: the seven stages of this year with progress, and what is late."""
    if not g.roles & SCHOOL_READERS:
        return None
    activities = ensure_school_roadmap(school, current_year())
    db.session.commit()  # a roadmap made on first sight is kept
    return {"template": "roadmap/panel.html", "year": current_year(),
            "progress": stage_progress(activities),
            "overdue": overdue(activities, clock.today())}
