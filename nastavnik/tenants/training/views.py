"""The school's training page ``/s/<school>/training/``: the library (its own materials
and those shared by its municipality and region), the sessions with their attendance
sheets, and each mentor's training status."""

from __future__ import annotations

import io

from flask import abort, g, redirect, render_template, send_file, url_for
from flask_login import current_user

from nastavnik.platform import clock
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.rejections import ActionForm, carried_out, pressed
from nastavnik.platform.scopes import school_blueprint
from nastavnik.tenants.training import places, services
from nastavnik.tenants.training.forms import AttendanceForm, MaterialForm, SessionForm
from nastavnik.tenants.training.kinds import (
    LEVELS,
    SESSION_FORMATS,
    SESSION_KINDS,
    TOPICS,
    TRAINED_RULE,
)
from nastavnik.tenants.training.models import TrainingMaterial, TrainingSession
from nastavnik.tenants.training.permissions import TRAINING
from nastavnik.tenants.training.printing import attendance_sheet_pdf

bp = school_blueprint("training", __name__, "/training", template_folder="templates")
LABELS = {"topics": TOPICS, "kinds": SESSION_KINDS, "formats": SESSION_FORMATS,
          "levels": LEVELS}


@bp.get("/")
@requires(TRAINING.read)
def index():
    return _page(MaterialForm(), SessionForm(data={"held_on": clock.today()}))


def _page(material_form: MaterialForm, session_form: SessionForm, status: int = 200):
    school = g.place
    mentors = None
    if can(TRAINING.see_attendance):
        trained = services.trained_on(school)
        mentors = [(teacher, trained.get(teacher.id))
                   for teacher in services.sheet_mentors(school, None)]
    return render_template(
        "training/index.html", materials=places.school_library(school),
        chosen=services.school_set(school), sessions=places.school_sessions(school),
        mentors=mentors, material_form=material_form, session_form=session_form,
        trained_rule=TRAINED_RULE, today=clock.today(), **LABELS), status


def _material(material_id: int) -> TrainingMaterial:
    return places.material_of_school(g.place, material_id) or abort(404)


@bp.post("/materials")
@requires(TRAINING.manage)
def add_material():
    form = MaterialForm()
    upload = form.file.data
    if carried_out(form, lambda: services.add_material(
            g.place, current_user, title=form.title.data, topic=form.topic.data,
            description=form.description.data, url=form.url.data,
            data=upload.read() if upload else None,
            filename=upload.filename if upload else None),
            "Материал добавлен в библиотеку школы."):
        return redirect(url_for("training.index"), 303)
    return _page(form, SessionForm(data={"held_on": clock.today()}), 400)


@bp.get("/materials/<int:material_id>/file")
@requires(TRAINING.read)
def download(material_id: int):
    return send_material(_material(material_id))


def send_material(material: TrainingMaterial):
    if material.is_link:
        abort(404)
    return send_file(io.BytesIO(material.data), mimetype=material.content_type,
                     as_attachment=True, download_name=material.filename, max_age=0)


@bp.route("/materials/<int:material_id>/remove", methods=["GET", "POST"])
@requires(TRAINING.manage)
def remove_material(material_id: int):
    material = _material(material_id)
    if material.level != "school":
        abort(404)  # a shared material is its owner's to remove; the school excludes it
    return removal(material, "training.index", "Материал удалён из библиотеки школы.")


def removal(material: TrainingMaterial, back: str, done: str):
    """A page of its own asking to confirm (a shared material leaves every school's set
    that holds it), so a stray click removes nothing; its POST removes."""
    form = ActionForm()
    if carried_out(form, lambda: services.remove_material(g.place, material), done):
        return redirect(url_for(back), 303)
    return render_template("training/remove.html", material=material, form=form,
                           sets=services.sets_holding(material), back=url_for(back),
                           **LABELS), 400 if form.is_submitted() else 200


@bp.post("/materials/<int:material_id>/include")
@requires(TRAINING.manage)
def include_material(material_id: int):
    material = _material(material_id)
    return pressed(lambda: services.include_material(g.place, material),
                   "Материал включён в набор школы для наставников.",
                   url_for("training.index"))


@bp.post("/materials/<int:material_id>/exclude")
@requires(TRAINING.manage)
def exclude_material(material_id: int):
    material = _material(material_id)
    return pressed(lambda: services.exclude_material(g.place, material),
                   "Материал исключён из набора школы.",
                   url_for("training.index"))


@bp.post("/sessions")
@requires(TRAINING.manage)
def plan_session():
    form = SessionForm()
    if carried_out(form, lambda: services.plan_session(
            g.place, current_user, held_on=form.held_on.data, topic=form.topic.data,
            kind=form.kind.data, format=form.format.data, organiser=form.organiser.data),
            "Мероприятие запланировано."):
        return redirect(url_for("training.index"), 303)
    return _page(MaterialForm(), form, 400)


def _session(session_id: int) -> TrainingSession:
    return places.session_of_school(g.place, session_id) or abort(404)


@bp.get("/sessions/<int:session_id>")
@requires(TRAINING.see_attendance)
def session(session_id: int):
    session = _session(session_id)
    marks = services.attendance_marks(g.place, session)
    return _session_page(session, AttendanceForm(
        data={"present": [teacher for teacher, here in marks.items() if here]}))


@bp.post("/sessions/<int:session_id>")
@requires(TRAINING.manage)
def record_attendance(session_id: int):
    session = _session(session_id)
    form = AttendanceForm()
    form.present.choices = _sheet_choices(session)
    if carried_out(form, lambda: services.record_attendance(
            g.place, session, set(form.present.data)),
            lambda changed: "Лист регистрации сохранён." if changed
            else "Лист регистрации не изменился: эти отметки уже сохранены."):
        return redirect(url_for("training.session", session_id=session.id), 303)
    return _session_page(session, form, 400)


def _sheet_choices(session: TrainingSession) -> list[tuple[int, str]]:
    return [(t.id, t.full_name) for t in services.sheet_mentors(g.place, session)]


def _session_page(session: TrainingSession, form: AttendanceForm, status: int = 200):
    form.present.choices = _sheet_choices(session)
    return render_template("training/session.html", session=session, form=form,
                           marks=services.attendance_marks(g.place, session),
                           today=clock.today(), **LABELS), status


@bp.get("/sessions/<int:session_id>/sheet.pdf")
@requires(TRAINING.see_attendance)
def sheet_pdf(session_id: int):
    session = _session(session_id)
    pdf = attendance_sheet_pdf(session, g.place, services.sheet_mentors(g.place, session),
                               services.attendance_marks(g.place, session))
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"Лист регистрации {session.held_on:%d.%m.%Y}.pdf",
                     max_age=0)
