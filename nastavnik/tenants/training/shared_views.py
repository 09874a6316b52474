"""The shared libraries: ``/m/<municipality>/training/`` (the methodologist: materials and
municipal sessions, with each school's attendance as numbers, never names) and
``/r/<region>/training/`` (the regional operator: materials)."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.permissions import requires
from nastavnik.platform.rejections import carried_out
from nastavnik.platform.scopes import municipality_blueprint, region_blueprint
from nastavnik.tenants.training import places, services
from nastavnik.tenants.training.forms import MaterialForm, SessionForm
from nastavnik.tenants.training.permissions import TRAINING
from nastavnik.tenants.training.views import LABELS, removal, send_material

municipal_bp = municipality_blueprint("training_municipal", __name__, "/training",
                                      template_folder="templates")
regional_bp = region_blueprint("training_regional", __name__, "/training",
                               template_folder="templates")


def _library_routes(bp: Blueprint, permission: str, with_sessions: bool) -> None:
    """The material routes both levels share; ``with_sessions``: the page shows sessions."""

    def page(material_form: MaterialForm, session_form: SessionForm | None, status: int = 200):
        sessions = None
        if with_sessions:
            names = dict(db.session.execute(select(School.id, School.short_name).where(
                School.municipality_id == g.place.id)).all())
            sessions = [(session, [(names.get(school, "—"), present, marked)
                                   for school, present, marked in services.school_counts(session)])
                        for session in places.municipal_sessions(g.place)]
        return render_template("training/shared.html", materials=places.shared_library(g.place),
                               sessions=sessions, material_form=material_form,
                               session_form=session_form, endpoint=bp.name,
                               **LABELS), status

    def blank_session_form() -> SessionForm | None:
        return SessionForm(data={"held_on": clock.today()}) if with_sessions else None

    @bp.get("/", endpoint="index")
    @requires(permission)
    def index():
        return page(MaterialForm(), blank_session_form())

    @bp.post("/materials", endpoint="add_material")
    @requires(permission)
    def add_material():
        form = MaterialForm()
        upload = form.file.data
        if carried_out(form, lambda: services.add_material(
                g.place, current_user, title=form.title.data, topic=form.topic.data,
                description=form.description.data, url=form.url.data,
                data=upload.read() if upload else None,
                filename=upload.filename if upload else None),
                "Материал добавлен: школы видят его в своих библиотеках."):
            return redirect(url_for(f"{bp.name}.index"), 303)
        return page(form, blank_session_form(), 400)

    @bp.get("/materials/<int:material_id>/file", endpoint="download")
    @requires(permission)
    def download(material_id: int):
        return send_material(places.material_of_place(g.place, material_id) or abort(404))

    @bp.route("/materials/<int:material_id>/remove", methods=["GET", "POST"],
              endpoint="remove_material")
    @requires(permission)
    def remove_material(material_id: int):
        material = places.material_of_place(g.place, material_id) or abort(404)
        return removal(material, f"{bp.name}.index",
                       "Материал удалён: из библиотек и наборов школ тоже.")

    if not with_sessions:
        return

    @bp.post("/sessions", endpoint="plan_session")
    @requires(permission)
    def plan_session():
        form = SessionForm()
        if carried_out(form, lambda: services.plan_session(
                g.place, current_user, held_on=form.held_on.data, topic=form.topic.data,
                kind=form.kind.data, format=form.format.data, organiser=form.organiser.data),
                "Мероприятие запланировано: кураторы школ отметят на нём своих наставников."):
            return redirect(url_for(f"{bp.name}.index"), 303)
        return page(MaterialForm(), form, 400)


_library_routes(municipal_bp, TRAINING.share_municipal, with_sessions=True)
_library_routes(regional_bp, TRAINING.share_regional, with_sessions=False)
