"""Staff list pages: list, add one, import a file with preview."""

import io

from flask import abort, current_app, flash, g, redirect, render_template, send_file, url_for
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.credentials import LINK_VALIDITY
from nastavnik.platform.headers import kept_private
from nastavnik.platform.i18n import plural
from nastavnik.platform.models import User
from nastavnik.platform.permissions import requires
from nastavnik.platform.rejections import (
    ActionForm,
    carried_out,
    flat_messages,
    pressed,
)
from nastavnik.platform.roles import Role
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.spreadsheets import XLSX_MIMETYPE, xlsx_bytes
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.teachers import services
from nastavnik.tenants.teachers.accounts import Invitation, invite_teacher
from nastavnik.tenants.teachers.forms import (
    ImportConfirmForm,
    ImportUploadForm,
    InviteForm,
    LeaveForm,
    TeacherEditForm,
    TeacherForm,
)
from nastavnik.tenants.teachers.importing import TEMPLATE_HEADERS, ImportFileError, parse_upload
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.teachers.permissions import TEACHERS

bp = school_blueprint("teachers", __name__, "/teachers", template_folder="templates")


@bp.route("/", methods=["GET", "POST"])
@requires(TEACHERS.manage)
def index():
    form = TeacherForm()  # checks CSRF only: the service's schema validates the fields
    if carried_out(form, lambda: services.add_teacher_from_input(g.place, form.schema_input()),
                   lambda teacher: f"Педагог {teacher.full_name} добавлен."):
        return redirect(url_for(".index"))
    status = 400 if form.errors else 200
    return render_template("teachers/index.html", form=form,
                           teachers=services.list_teachers(), left=services.left_teachers(),
                           accounts=linked_accounts()), status


def linked_accounts() -> dict[int, User]:
    """The accounts tied to the school's teachers, by id, in one query."""
    return {user.id: user for user in db.session.scalars(
        select(User).join(Teacher, Teacher.user_id == User.id)
        .where(Teacher.school_id == g.place.id))}


@bp.route("/<int:teacher_id>", methods=["GET", "POST"])
@requires(TEACHERS.manage)
def teacher(teacher_id: int):
    found = in_scope_or_404(Teacher, teacher_id)
    form = TeacherEditForm(obj=found)
    if carried_out(form, lambda: services.update_teacher_from_input(
            g.place, found, form.schema_input()), "Запись педагога сохранена."):
        return redirect(url_for(".index"))
    return _teacher_page(found, form, LeaveForm(formdata=None, left_on=clock.today(g.place)))


def _teacher_page(found: Teacher, form: TeacherEditForm, leave: LeaveForm):
    account = db.session.get(User, found.user_id) if found.user_id else None
    status = 400 if form.errors or leave.errors else 200
    return render_template("teachers/teacher.html", teacher=found, form=form, leave=leave,
                           account=account, action=ActionForm()), status


@bp.route("/<int:teacher_id>/leave", methods=["POST"])
@requires(TEACHERS.manage)
def leave(teacher_id: int):
    found = in_scope_or_404(Teacher, teacher_id)
    form = LeaveForm()
    if carried_out(form, lambda: services.mark_left(g.place, found, form.left_on.data,
                                                    form.reason.data),
                   lambda t: f"Педагог {t.full_name} отмечен(а) как выбывший(ая): запись "
                             "сохранена в истории школы."):
        return redirect(url_for(".index"))
    return _teacher_page(found, TeacherEditForm(obj=found, formdata=None), form)


@bp.route("/<int:teacher_id>/return", methods=["POST"])
@requires(TEACHERS.manage)
def return_to_list(teacher_id: int):
    found = in_scope_or_404(Teacher, teacher_id)
    return pressed(lambda: services.return_teacher(g.place, found),
                   "Педагог возвращён в список школы.",
                   url_for(".index"), code=302)


@bp.route("/<int:teacher_id>/invite", methods=["GET", "POST"])
@requires(TEACHERS.invite)
def invite(teacher_id: int):
    found = in_scope_or_404(Teacher, teacher_id)
    if not found.employed:
        abort(404)  # a teacher who left is invited by no one
    account = db.session.get(User, found.user_id) if found.user_id else None
    form = InviteForm(email=account.email if account else None)
    done: list[Invitation] = []
    if carried_out(form, lambda: done.append(invite_teacher(
            g.place, found, form.email.data, Role(form.role.data), current_user)),
            "Педагог приглашён."):
        invitation = done[0]
        link = url_for("accounts.reset_password", token=invitation.link_token,
                       _external=True) if invitation.link_token else None
        return kept_private(current_app.make_response(render_template(
            "teachers/invited.html", invitation=invitation, link=link,
            validity=LINK_VALIDITY)))
    return render_template("teachers/invite.html", teacher=found, form=form,
                           account=account), 400 if form.errors else 200


@bp.route("/import", methods=["GET", "POST"])
@requires(TEACHERS.manage)
def import_upload():
    form = ImportUploadForm()
    rows, token = None, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = parse_upload(upload.filename, upload.read())
        except ImportFileError as error:
            form.file.errors = [*form.file.errors, str(error)]
        else:
            services.check_duplicates(g.place, rows)
            if not any(row.errors for row in rows):
                token = services.sign_rows(g.place, rows)
    status = 400 if form.errors or (rows and not token) else 200
    return render_template("teachers/import.html", form=form, rows=rows,
                           confirm=ImportConfirmForm(token=token) if token else None), status


@bp.route("/import/confirm", methods=["POST"])
@requires(TEACHERS.manage)
def import_confirm():
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash("Предпросмотр не найден: загрузите файл ещё раз.", "danger")
        return redirect(url_for(".import_upload"))
    try:
        count = services.import_signed_rows(g.place, form.token.data, current_user.id)
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(flat_messages(error.messages)) + " Ничего не импортировано.", "danger")
        return redirect(url_for(".import_upload"))
    flash("Импортировано: " + plural(count, "педагог", "педагога", "педагогов") + ".", "success")
    return redirect(url_for(".index"))


@bp.route("/import/template.xlsx")
@requires(TEACHERS.manage)
def import_template():
    example = ["Иванова", "Мария", "Петровна", 1999, 2023, "учитель", "математика", "нет", 2024]
    content = xlsx_bytes(TEMPLATE_HEADERS, [example], "Педагоги")
    return send_file(io.BytesIO(content), download_name="шаблон-список-педагогов.xlsx",
                     as_attachment=True, mimetype=XLSX_MIMETYPE)
