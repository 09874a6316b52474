"""Program pages: the curator's overview, a program's page (the curator and the mentor
edit it, the curator approves it, the mentor marks activities and logs meetings, the
mentee rates them), its files and its print as DOCX and PDF."""

from __future__ import annotations

import io

from flask import abort, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.rejections import ActionForm, carried_out, flash_refusal, pressed
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.pairs.services import network_mentor_of
from nastavnik.tenants.programs import services, work
from nastavnik.tenants.programs.forms import (
    ActivityForm,
    DoneForm,
    FeedbackForm,
    MeetingForm,
    ProgramForm,
    ResultsForm,
    new_activity_form,
)
from nastavnik.tenants.programs.models import (
    MEETING_FORMATS,
    Program,
    ProgramActivity,
    ProgramMark,
    ProgramMeeting,
    ProgramStatus,
    Side,
)
from nastavnik.tenants.programs.overview import (
    overview_rows,
    own_programs,
    pairs_without_program,
)
from nastavnik.tenants.programs.permissions import PROGRAMS
from nastavnik.tenants.programs.printing import DOCX_TYPE, program_docx, program_pdf
from nastavnik.tenants.teachers.accounts import teacher_of_account
from nastavnik.tenants.teachers.models import Teacher

bp = school_blueprint("programs", __name__, "/programs", template_folder="templates")


@bp.get("/")
@requires(PROGRAMS.read)
def index():
    order = request.args.get("order", "late")
    return render_template("programs/index.html", rows=overview_rows(g.place, order),
                           order=order, without=pairs_without_program(g.place),
                           action=ActionForm())


@bp.post("/pair/<int:pair_id>/start")
@requires(PROGRAMS.manage)
def start(pair_id: int):
    """A draft program for a pair formed before programs came to the platform."""
    pair = in_scope_or_404(MentoringPair, pair_id)
    form = ActionForm()
    if carried_out(form, lambda: services.start_program(g.place, pair),
                   "Черновик программы составлен."):
        return redirect(url_for(".show", program_id=services.program_of(pair).id), 303)
    flash_refusal(form)
    return redirect(url_for(".index"), 303)


@bp.get("/mine")
@requires(PROGRAMS.work)
def mine():
    teacher = _me()
    programs = own_programs(teacher) if teacher is not None else []
    if len(programs) == 1:
        return redirect(url_for(".show", program_id=programs[0].id))
    return render_template("programs/mine.html", programs=programs)


@bp.get("/pair/<int:pair_id>")
@requires(PROGRAMS.read)
def of_pair(pair_id: int):
    """The program of a pair (the link from the list of pairs)."""
    program = services.program_of(in_scope_or_404(MentoringPair, pair_id))
    if program is None:
        abort(404)
    return redirect(url_for(".show", program_id=program.id))


def _me(school: School | None = None) -> Teacher | None:
    """The reader as a teacher of the pairs here: a teacher of the school, or the mentor of
    a network pair, who teaches in another school of the municipality."""
    school = school or g.place
    return teacher_of_account(school, current_user) or network_mentor_of(school,
                                                                          current_user.id)


def _program(program_id: int) -> Program:
    """The program, if the reader is the school's staff or a person of its pair; else
    404: another pair's program does not exist for a mentor or a mentee."""
    program = in_scope_or_404(Program, program_id)
    if not can(PROGRAMS.read) and work.side_of(program, _me()) is None:
        abort(404)
    return program


def _editable(program_id: int) -> Program:
    """The program, for the curator or its own mentor (a mentee or another mentor: 404)."""
    program = _program(program_id)
    if not can(PROGRAMS.manage) and work.side_of(program, _me()) is not Side.MENTOR:
        abort(404)
    return program


def _activity(program: Program, activity_id: int) -> ProgramActivity:
    activity = in_scope_or_404(ProgramActivity, activity_id)
    if activity.program_id != program.id:
        abort(404)
    return activity


def _meeting(program: Program, meeting_id: int) -> ProgramMeeting:
    meeting = in_scope_or_404(ProgramMeeting, meeting_id)
    if meeting.program_id != program.id:
        abort(404)
    return meeting


def _show(program: Program, status: int = 200, **forms):
    me = _me()
    side = work.side_of(program, me)
    editable = can(PROGRAMS.manage) or side is Side.MENTOR
    draft = program.status == ProgramStatus.DRAFT
    today = clock.today(g.place)
    defaults = {
        # Filled from the program, never from another form's submission on this request.
        "program_form": ProgramForm(formdata=None, data={
            "goal": program.goal, "tasks": "\n".join(program.tasks),
            "expected_results": program.expected_results}),
        "results_form": ResultsForm(formdata=None,
                                    data={"achieved_results": program.achieved_results}),
        "activity_form": new_activity_form(formdata=None),
        "meeting_form": MeetingForm(formdata=None, data={"held_on": today}),
    }
    return render_template(
        "programs/show.html", program=program, pair=program.pair, side=side, me=me,
        editable=editable, draft=draft, today=today, formats=MEETING_FORMATS,
        labels=services.difficulty_labels(g.place), action=ActionForm(),
        **{**defaults, **forms}), status


@bp.get("/<int:program_id>")
@requires(PROGRAMS.open)
def show(program_id: int):
    return _show(_program(program_id))


@bp.post("/<int:program_id>/edit")
@requires(PROGRAMS.edit)
def edit(program_id: int):
    program = _editable(program_id)
    form = ProgramForm()
    if carried_out(form, lambda: services.update_program(
            g.place, program, form.goal.data, (form.tasks.data or "").splitlines(),
            form.expected_results.data), "Программа сохранена."):
        return redirect(url_for(".show", program_id=program.id), 303)
    return _show(program, 400, program_form=form)


@bp.post("/<int:program_id>/results")
@requires(PROGRAMS.edit)
def results(program_id: int):
    program = _editable(program_id)
    form = ResultsForm()
    if carried_out(form, lambda: services.record_results(g.place, program,
                                                         form.achieved_results.data),
                   "Достигнутые результаты сохранены."):
        return redirect(url_for(".show", program_id=program.id), 303)
    return _show(program, 400, results_form=form)


@bp.post("/<int:program_id>/approve")
@requires(PROGRAMS.manage)
def approve(program_id: int):
    program = _program(program_id)
    return pressed(lambda: services.approve_program(g.place, program, current_user),
                   "Программа утверждена.",
                   url_for(".show", program_id=program.id))


@bp.post("/<int:program_id>/activities")
@requires(PROGRAMS.edit)
def add_activity(program_id: int):
    program = _editable(program_id)
    form = new_activity_form()
    if carried_out(form, lambda: services.add_activity(
            g.place, program, form.title.data, form.planned_on.data, form.expected_result.data),
            "Мероприятие добавлено в план."):
        return redirect(url_for(".show", program_id=program.id), 303)
    return _show(program, 400, activity_form=form)


@bp.route("/<int:program_id>/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@requires(PROGRAMS.edit)
def edit_activity(program_id: int, activity_id: int):
    program = _editable(program_id)
    activity = _activity(program, activity_id)
    form = ActivityForm(obj=activity)
    if carried_out(form, lambda: services.change_activity(
            g.place, activity, form.title.data, form.planned_on.data,
            form.expected_result.data, form.achieved_result.data),
            "Мероприятие сохранено."):
        return redirect(url_for(".show", program_id=program.id), 303)
    return render_template("programs/activity.html", program=program, activity=activity,
                           form=form), 400 if form.errors or form.form_errors else 200


@bp.post("/<int:program_id>/activities/<int:activity_id>/remove")
@requires(PROGRAMS.edit)
def remove_activity(program_id: int, activity_id: int):
    program = _editable(program_id)
    form = ActionForm()
    activity = next((a for a in program.activities if a.id == activity_id), None)
    if activity is None:  # removed by the first of two clicks: nothing more to do
        return redirect(url_for(".show", program_id=program.id), 303)
    if not carried_out(form, lambda: services.remove_activity(g.place, activity),
                       "Мероприятие удалено из плана."):
        flash_refusal(form)
    return redirect(url_for(".show", program_id=program.id), 303)


@bp.route("/<int:program_id>/activities/<int:activity_id>/done", methods=["GET", "POST"])
@requires(PROGRAMS.work)
def done(program_id: int, activity_id: int):
    program = _program(program_id)
    activity = _activity(program, activity_id)
    if work.side_of(program, _me()) is not Side.MENTOR:
        abort(404)
    form = DoneForm(data=None if request.method == "POST" else {"done_on": clock.today()})
    upload = form.file.data if request.method == "POST" else None
    file = (upload.read(), upload.mimetype, upload.filename) if upload else None
    if carried_out(form, lambda: work.mark_done(g.place, activity, _me(), form.done_on.data,
                                                form.comment.data, file),
                   "Мероприятие отмечено выполненным."):
        return redirect(url_for(".show", program_id=program.id), 303)
    return render_template("programs/done.html", program=program, activity=activity,
                           form=form), 400 if form.errors or form.form_errors else 200


@bp.post("/<int:program_id>/meetings")
@requires(PROGRAMS.work)
def log_meeting(program_id: int):
    program = _program(program_id)
    if work.side_of(program, _me()) is not Side.MENTOR:
        abort(404)
    form = MeetingForm()
    if carried_out(form, lambda: work.log_meeting(
            g.place, program, _me(), form.held_on.data, form.format.data, form.topic.data,
            form.minutes.data), "Встреча записана."):
        return redirect(url_for(".show", program_id=program.id), 303)
    return _show(program, 400, meeting_form=form)


def _feedback(program: Program, about: dict, title: str):
    if work.side_of(program, _me()) is not Side.MENTEE:
        abort(404)
    form = FeedbackForm()
    if carried_out(form, lambda: work.give_feedback(g.place, _me(), form.rating.data,
                                                    form.comment.data, **about),
                   "Спасибо: оценка записана."):
        return redirect(url_for(".show", program_id=program.id), 303)
    return render_template("programs/feedback.html", program=program, form=form,
                           title=title), 400 if form.errors or form.form_errors else 200


@bp.route("/<int:program_id>/activities/<int:activity_id>/feedback", methods=["GET", "POST"])
@requires(PROGRAMS.work)
def activity_feedback(program_id: int, activity_id: int):
    program = _program(program_id)
    activity = _activity(program, activity_id)
    return _feedback(program, {"activity": activity}, f"Мероприятие: {activity.title}")


@bp.route("/<int:program_id>/meetings/<int:meeting_id>/feedback", methods=["GET", "POST"])
@requires(PROGRAMS.work)
def meeting_feedback(program_id: int, meeting_id: int):
    program = _program(program_id)
    meeting = _meeting(program, meeting_id)
    return _feedback(program, {"meeting": meeting},
                     f"Встреча {meeting.held_on:%d.%m.%Y}: {meeting.topic}")


@bp.get("/<int:program_id>/files/<int:mark_id>")
@requires(PROGRAMS.open)
def file(program_id: int, mark_id: int):
    program = _program(program_id)
    mark = in_scope_or_404(ProgramMark, mark_id)
    if mark.program_id != program.id or mark.file_data is None:
        abort(404)
    return send_file(io.BytesIO(mark.file_data), mimetype=mark.file_type, as_attachment=True,
                     download_name=mark.file_name, max_age=0)


def _print_name(program: Program, extension: str) -> str:
    return f"Программа наставничества № {program.id}.{extension}"


@bp.get("/<int:program_id>.docx")
@requires(PROGRAMS.open)
def docx(program_id: int):
    program = _program(program_id)
    return send_file(io.BytesIO(program_docx(program)), mimetype=DOCX_TYPE,
                     as_attachment=True, download_name=_print_name(program, "docx"),
                     max_age=0)


@bp.get("/<int:program_id>.pdf")
@requires(PROGRAMS.open)
def pdf(program_id: int):
    program = _program(program_id)
    return send_file(io.BytesIO(program_pdf(program)), mimetype="application/pdf",
                     as_attachment=True, download_name=_print_name(program, "pdf"),
                     max_age=0)


def own_programs_panel(school: School) -> dict | None:
    """A mentor's or mentee's programs on the school home page, with what is due."""
    if not can(PROGRAMS.work):
        return None
    teacher = _me(school)
    return {"template": "programs/own_panel.html",
            "programs": own_programs(teacher) if teacher is not None else [],
            "today": clock.today(school)}
