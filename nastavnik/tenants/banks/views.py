"""Bank pages: lists with filters and export, entering a teacher, the teacher's own
questionnaire and the personal link. Views are thin: services decide and write."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.errors import bad_request
from nastavnik.platform.models import School
from nastavnik.platform.rejections import carried_out
from nastavnik.platform.roles import SCHOOL_STAFF, Role
from nastavnik.platform.scopes import personal_data, requires_roles, school_blueprint
from nastavnik.platform.tenancy import Scope, in_scope_or_404
from nastavnik.tenants.banks import services
from nastavnik.tenants.banks.exports import FORMATS, labels
from nastavnik.tenants.banks.forms import BankFilterForm, MenteeStatusForm
from nastavnik.tenants.banks.links import LinkInvalid, make_token, read_token
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.banks.statuses import (
    BANKS,
    MENTEE_CATEGORIES,
    MENTEE_STATUSES,
    MENTOR_STATUSES,
    QUALIFICATIONS,
)
from nastavnik.tenants.questionnaires.forms import (
    PREFIX,
    questionnaire_form,
    submitted_answers,
)
from nastavnik.tenants.teachers.models import Teacher

bp = school_blueprint("banks", __name__, "/banks", template_folder="templates")
# The personal link works without an account, so it lives outside the school tree.
links_bp = Blueprint("bank_links", __name__, url_prefix="/anketa", template_folder="templates")

ENTER = {"mentees": services.enter_mentee, "mentors": services.enter_mentor}
OWN_ROLE = {"mentees": Role.MENTEE, "mentors": Role.MENTOR}
CODES_QUESTION = {"mentees": "difficulties", "mentors": "competencies"}


def _bank(bank: str) -> str:
    if bank not in BANKS:
        abort(404)
    return bank


def _fill(bank: str, teacher: Teacher, school: School, done_url: str, heading: str):
    """One teacher's questionnaire for ``bank``: the flow behind the curator's page, the
    teacher's own page and the personal link."""
    template = services.bank_template(bank, school)
    stored = services.previous_answers(teacher, bank)  # an update starts from the last answers
    form = questionnaire_form(template, data={PREFIX + code: value
                                              for code, value in stored.items()})
    try:
        services.require_consent(teacher, bank)
    except ValidationError as error:
        return render_template("banks/no_consent.html", bank=bank, banks=BANKS,
                               message=error.messages["consent"][0],
                               heading=heading), 400 if request.method == "POST" else 200
    if carried_out(form, lambda: ENTER[bank](teacher, submitted_answers(form)),
                   "Анкета сохранена.", prefix=PREFIX):
        return redirect(done_url)
    return render_template("banks/fill.html", form=form, template=template, heading=heading,
                           bank=bank, banks=BANKS), 400 if form.errors or form.form_errors \
        else 200


def _filtered(bank: str):
    template = services.bank_template(bank, g.place)
    subjects = template.question("subjects")
    form = BankFilterForm(bank, template.question(CODES_QUESTION[bank]).option_labels,
                          subjects.option_labels if subjects else {}, formdata=request.args)
    if not form.validate():
        return form, None
    entries = services.bank_entries(g.place, bank, status=form.status.data or None,
                                    code=form.code.data or None,
                                    subject=form.subject.data or None,
                                    young_only=bool(form.young_only.data))
    return form, entries


@bp.route("/")
@personal_data
def index():
    return redirect(url_for("banks.listing", bank="mentees"))


@bp.route("/<bank>/")
@personal_data
def listing(bank: str):
    form, entries = _filtered(_bank(bank))
    candidates = services.candidates(g.place, bank) if Role.CURATOR in g.roles else []
    return render_template(
        "banks/list.html", bank=bank, banks=BANKS, form=form, entries=entries or [],
        candidates=candidates, labels=labels, statuses=MENTEE_STATUSES if bank == "mentees"
        else MENTOR_STATUSES, categories=MENTEE_CATEGORIES, qualifications=QUALIFICATIONS,
        status_form=MenteeStatusForm()), 400 if entries is None else 200


@bp.route("/<bank>/export.<fmt>")
@personal_data
def export(bank: str, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    _form, entries = _filtered(_bank(bank))
    if entries is None:
        return bad_request("Фильтр выгрузки задан неверно: выберите значения из списков.")
    content = services.export_bank(g.place, bank, entries, fmt)
    db.session.commit()
    return send_file(io.BytesIO(content), mimetype=FORMATS[fmt], as_attachment=True,
                     download_name=f"{bank}-{g.place.slug}-{clock.today():%Y-%m-%d}.{fmt}")


@bp.route("/<bank>/enter/<int:teacher_id>", methods=["GET", "POST"])
@personal_data
@requires_roles(Role.CURATOR)
def enter(bank: str, teacher_id: int):
    teacher = in_scope_or_404(Teacher, teacher_id)
    return _fill(_bank(bank), teacher, g.place, url_for("banks.listing", bank=bank),
                 f"{BANKS[bank]}. Анкета педагога: {teacher.full_name}")


@bp.route("/<bank>/link/<int:teacher_id>")
@personal_data
@requires_roles(Role.CURATOR)
def personal_link(bank: str, teacher_id: int):
    teacher = in_scope_or_404(Teacher, teacher_id)
    link = url_for("bank_links.personal", token=make_token(teacher.pseudonym, _bank(bank)),
                   _external=True)
    return render_template("banks/link.html", bank=bank, banks=BANKS, teacher=teacher,
                           link=link)


@bp.route("/mentees/<int:entry_id>/status", methods=["POST"])
@personal_data
@requires_roles(Role.CURATOR)
def mentee_status(entry_id: int):
    entry = in_scope_or_404(MenteeEntry, entry_id)
    form = MenteeStatusForm()
    if not form.validate_on_submit():
        return bad_request("Выберите статус из списка.")
    try:
        services.change_mentee_status(entry, form.status.data)
    except ValidationError as error:
        db.session.rollback()
        return bad_request(error.messages["status"][0])
    db.session.commit()
    flash(f"Статус изменён: {MENTEE_STATUSES[form.status.data]}.", "success")
    return redirect(url_for("banks.listing", bank="mentees"))


@bp.route("/<bank>/entries/<int:entry_id>")
@personal_data
def entry(bank: str, entry_id: int):
    model = services.ENTRY[_bank(bank)]
    found = in_scope_or_404(model, entry_id)
    return render_template("banks/entry.html", bank=bank, banks=BANKS, entry=found,
                           statuses=MENTEE_STATUSES if bank == "mentees" else MENTOR_STATUSES)


@bp.route("/my/<bank>", methods=["GET", "POST"])
def my_questionnaire(bank: str):
    if OWN_ROLE[_bank(bank)] not in g.roles:
        abort(404)
    teacher = db.first_or_404(select(Teacher).where(Teacher.user_id == current_user.id))
    return _fill(bank, teacher, g.place, url_for("school.school_home"),
                 f"{BANKS[bank]}: моя анкета")


@links_bp.route("/<token>", methods=["GET", "POST"])
def personal(token: str):
    try:
        pseudonym, bank = read_token(token)
    except LinkInvalid as error:
        return render_template("errors/error.html", code=400, title="Ссылка недействительна",
                               text=error.message), 400
    teacher = db.session.scalar(select(Teacher).where(Teacher.pseudonym == pseudonym))
    if teacher is None or bank not in BANKS:
        abort(404)
    school = db.session.get(School, teacher.school_id)
    g.scope = Scope.of(school)  # from here on, the link reaches this one school only
    return _fill(bank, teacher, school, url_for("bank_links.thanks"),
                 f"{BANKS[bank]}: анкета для {school.short_name}")


@links_bp.route("/spasibo")
def thanks():
    return render_template("banks/thanks.html")


def bank_panel(school: School) -> dict:
    """The school page's card: bank sizes for everyone, links for those who may follow them."""
    return {"template": "banks/panel.html", **services.bank_counts(school),
            "staff": bool(g.get("roles", set()) & SCHOOL_STAFF),
            "own": [(bank, BANKS[bank]) for bank, role in OWN_ROLE.items()
                    if role in g.get("roles", set())]}
