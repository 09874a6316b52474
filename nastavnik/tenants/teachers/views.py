"""Staff list pages: list, add one, import a file with preview."""

import io

from flask import flash, g, redirect, render_template, send_file, url_for
from flask_login import current_user
from marshmallow import ValidationError

from nastavnik.extensions import db
from nastavnik.platform.i18n import plural
from nastavnik.platform.permissions import requires
from nastavnik.platform.rejections import carried_out, flat_messages
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.spreadsheets import XLSX_MIMETYPE, xlsx_bytes
from nastavnik.tenants.teachers import services
from nastavnik.tenants.teachers.forms import ImportConfirmForm, ImportUploadForm, TeacherForm
from nastavnik.tenants.teachers.importing import TEMPLATE_HEADERS, ImportFileError, parse_upload
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
                           teachers=services.list_teachers()), status


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
    example = ["Иванова", "Мария", "Петровна", 1999, 2023, "учитель", "математика", "нет"]
    content = xlsx_bytes(TEMPLATE_HEADERS, [example], "Педагоги")
    return send_file(io.BytesIO(content), download_name="шаблон-список-педагогов.xlsx",
                     as_attachment=True, mimetype=XLSX_MIMETYPE)
