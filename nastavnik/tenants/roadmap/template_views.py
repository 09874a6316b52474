"""The methodologist's page: the municipality's roadmap template, adjusted copy-on-write."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, url_for

from nastavnik.platform.permissions import requires
from nastavnik.platform.rejections import carried_out, pressed
from nastavnik.platform.scopes import municipality_blueprint
from nastavnik.tenants.roadmap.forms import MONTHS, TemplateActivityForm, submitted
from nastavnik.tenants.roadmap.permissions import ROADMAP_TEMPLATE
from nastavnik.tenants.roadmap.seed import stage_titles
from nastavnik.tenants.roadmap.services import (
    add_template_activity,
    adjust_template_activity,
    remove_template_activity,
    template_activity,
    template_for,
)

bp = municipality_blueprint("roadmap_template", __name__, "/roadmap-template",
                            template_folder="templates")


@bp.get("/")
@requires(ROADMAP_TEMPLATE.read)
def index():
    template = template_for(g.place.id)
    return render_template("roadmap/template.html", template=template, stages=stage_titles(),
                           own=template.municipality_id is not None, months=dict(MONTHS))


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires(ROADMAP_TEMPLATE.edit)
def edit(code: str):
    activity = template_activity(template_for(g.place.id), code) or abort(404)
    form = TemplateActivityForm(obj=activity)
    return _save(form, f"Мероприятие {code}", lambda values: adjust_template_activity(
        g.place, code, values), stage=activity.stage)


@bp.route("/stage/<int:stage>/add", methods=["GET", "POST"])
@requires(ROADMAP_TEMPLATE.edit)
def add(stage: int):
    if stage not in stage_titles():
        abort(404)
    form = TemplateActivityForm(data={"due_from_month": 0, "due_to_month": 8})
    return _save(form, "Новое мероприятие", lambda values: add_template_activity(
        g.place, stage, values), stage=stage)


@bp.post("/<code>/remove")
@requires(ROADMAP_TEMPLATE.edit)
def remove(code: str):
    template_activity(template_for(g.place.id), code) or abort(404)
    return pressed(lambda: remove_template_activity(g.place, code),
                   f"Мероприятие {code} удалено из шаблона муниципалитета.",
                   url_for("roadmap_template.index"), code=302)


def _save(form: TemplateActivityForm, heading: str, change, stage: int):
    """Apply ``change`` to the submitted values, or show the form with its errors."""
    if carried_out(form, lambda: change(submitted(form)),
                   lambda activity: f"Мероприятие {activity.code} сохранено в шаблоне "
                                    "муниципалитета."):
        return redirect(url_for("roadmap_template.index"))
    return render_template("roadmap/template_edit.html", form=form, heading=heading,
                           stage=stage, stage_title=stage_titles()[stage]), \
        400 if form.errors else 200
