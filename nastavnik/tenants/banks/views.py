"""Bank pages: lists with filters and export, entering a teacher, the teacher's own
questionnaire and the personal link. Views are thin: services decide and write."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from marshmallow import ValidationError

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.errors import bad_request
from nastavnik.platform.headers import kept_private
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can, require, requires
from nastavnik.platform.pipeline import Standing, blueprint_stands_in
from nastavnik.platform.rejections import ActionForm, Rejected, carried_out, flash_refusal
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import (
    enter_scope,
    in_scope_or_404,
    reading_the_record_that_names_the_scope,
)
from nastavnik.tenants.banks import links, services
from nastavnik.tenants.banks.exports import FORMATS, labels
from nastavnik.tenants.banks.forms import BankFilterForm, MenteeStatusForm
from nastavnik.tenants.banks.models import MenteeEntry, PersonalLink
from nastavnik.tenants.banks.permissions import BANKS as MAY
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
from nastavnik.tenants.questionnaires.services import known_answers
from nastavnik.tenants.teachers.accounts import teacher_of_account
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.training.services import trained_on

bp = school_blueprint("banks", __name__, "/banks", template_folder="templates")
# The personal link works without an account, so it lives outside the school tree.
links_bp = blueprint_stands_in(
    Blueprint("bank_links", __name__, url_prefix="/anketa", template_folder="templates"),
    Standing.OWN_RECORD)

ENTER = {"mentees": services.enter_mentee, "mentors": services.enter_mentor}
FILL_OWN = {"mentees": MAY.fill_own_mentee, "mentors": MAY.fill_own_mentor}
CODES_QUESTION = {"mentees": "difficulties", "mentors": "competencies"}


def _bank(bank: str) -> str:
    if bank not in BANKS:
        abort(404)
    return bank


def _fill(bank: str, teacher: Teacher, school: School, done_url: str, heading: str,
          show_free_text: bool = True):
    """One teacher's questionnaire for ``bank``: the flow behind the curator's page, the
    teacher's own page and the personal link (which never shows earlier free text back:
    whoever holds a link is not necessarily the person who wrote it)."""
    template = services.bank_template(bank, school)
    stored = services.previous_answers(teacher, bank, free_text=show_free_text)
    form = questionnaire_form(template, known=known_answers(template, teacher),
                              data={PREFIX + code: value for code, value in stored.items()})
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
                           bank=bank, banks=BANKS, free_text_hidden=not show_free_text), \
        400 if form.errors or form.form_errors else 200


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
@requires(MAY.read)
def index():
    return redirect(url_for("banks.listing", bank="mentees"))


@bp.route("/<bank>/")
@requires(MAY.read)
def listing(bank: str):
    form, entries = _filtered(_bank(bank))
    candidates = services.candidates(g.place, bank) if can(MAY.manage) else []
    summary = services.requests_summary(g.place) if bank == "mentees" else []
    # Each mentor's training status (docs/training.md), next to the name.
    trained = trained_on(g.place) if bank == "mentors" else {}
    return render_template(
        "banks/list.html", bank=bank, banks=BANKS, form=form, entries=entries or [],
        summary=summary, trained=trained,
        candidates=candidates, labels=labels, statuses=MENTEE_STATUSES if bank == "mentees"
        else MENTOR_STATUSES, categories=MENTEE_CATEGORIES, qualifications=QUALIFICATIONS,
        status_form=MenteeStatusForm()), 400 if entries is None else 200


@bp.route("/<bank>/export.<fmt>", methods=["POST"])
@requires(MAY.export)
def export(bank: str, fmt: str):
    """A POST from the list's buttons: the export is recorded, and the CSRF check keeps
    another site from making a signed-in user's browser start one. Filters stay in the
    query string, as on the list."""
    if fmt not in FORMATS:
        abort(404)
    _form, entries = _filtered(_bank(bank))
    if entries is None:
        return bad_request("Фильтр выгрузки задан неверно: выберите значения из списков.")
    content = services.export_bank(g.place, bank, entries, fmt)
    return send_file(io.BytesIO(content), mimetype=FORMATS[fmt], as_attachment=True,
                     download_name=f"{bank}-{g.place.slug}-{clock.today():%Y-%m-%d}.{fmt}")


@bp.route("/<bank>/enter/<int:teacher_id>", methods=["GET", "POST"])
@requires(MAY.manage)
def enter(bank: str, teacher_id: int):
    teacher = in_scope_or_404(Teacher, teacher_id)
    return _fill(_bank(bank), teacher, g.place, url_for("banks.listing", bank=bank),
                 f"{BANKS[bank]}. Анкета педагога: {teacher.full_name}")


@bp.route("/<bank>/link/<int:teacher_id>", methods=["GET", "POST"])
@requires(MAY.manage)
def personal_link(bank: str, teacher_id: int):
    """The teacher's open links for ``bank``, and issuing a new one (shown once, on POST)."""
    teacher, bank = in_scope_or_404(Teacher, teacher_id), _bank(bank)
    form, tokens = ActionForm(), []  # a token leaves the unit of work only if it commits
    carried_out(form, lambda: tokens.append(links.issue_link(teacher, bank, current_user.id)),
                "Ссылка выдана. Скопируйте её сейчас: позже её не показать.")
    link = url_for("bank_links.personal", token=tokens[0], _external=True) if tokens else None
    return kept_private(make_response(render_template(
        "banks/link.html", bank=bank, banks=BANKS, teacher=teacher, form=form, link=link,
        open_links=links.open_links(teacher, bank), days=links.link_days())))


@bp.post("/<bank>/link/<int:teacher_id>/<int:link_id>/revoke")
@requires(MAY.manage)
def revoke_link(bank: str, teacher_id: int, link_id: int):
    link = in_scope_or_404(PersonalLink, link_id)
    if link.teacher_id != teacher_id or link.bank != _bank(bank):
        abort(404)
    carried_out(ActionForm(), lambda: links.revoke_link(link),
                "Ссылка отозвана: по ней больше нельзя открыть анкету.")
    return redirect(url_for("banks.personal_link", bank=bank, teacher_id=teacher_id), 303)


@bp.route("/mentees/<int:entry_id>/status", methods=["POST"])
@requires(MAY.manage)
def mentee_status(entry_id: int):
    entry = in_scope_or_404(MenteeEntry, entry_id)
    form = MenteeStatusForm()
    if form.is_submitted() and not form.validate():
        return bad_request("Выберите статус из списка.")
    if not carried_out(form, lambda: services.change_mentee_status(entry, form.status.data),
                       lambda _: f"Статус изменён: {MENTEE_STATUSES[form.status.data]}."):
        flash_refusal(form)
    return redirect(url_for("banks.listing", bank="mentees"))


@bp.route("/<bank>/entries/<int:entry_id>")
@requires(MAY.read)
def entry(bank: str, entry_id: int):
    model = services.ENTRY[_bank(bank)]
    found = in_scope_or_404(model, entry_id)
    return render_template("banks/entry.html", bank=bank, banks=BANKS, entry=found,
                           statuses=MENTEE_STATUSES if bank == "mentees" else MENTOR_STATUSES)


@bp.route("/my/<bank>", methods=["GET", "POST"])
def my_questionnaire(bank: str):
    require(FILL_OWN[_bank(bank)])
    # The teacher of *this* school: one person may be a teacher in two schools.
    teacher = teacher_of_account(g.place, current_user) or abort(404)
    return _fill(bank, teacher, g.place, url_for("school.school_home"),
                 f"{BANKS[bank]}: моя анкета")


@links_bp.get("/<token>")
def personal(token: str):
    """Trade the token for a session marker and leave its URL at once (history, logs)."""
    try:
        with reading_the_record_that_names_the_scope():
            link = links.link_of_token(token)
    except Rejected as error:
        return _link_refused(error)
    links.remember(link)
    return redirect(url_for("bank_links.questionnaire"), 303)


@links_bp.route("/", methods=["GET", "POST"])
def questionnaire():
    try:
        with reading_the_record_that_names_the_scope():
            link = links.remembered()
            teacher = db.session.get(Teacher, link.teacher_id)
    except Rejected as error:
        return _link_refused(error)
    school = db.session.get(School, teacher.school_id)
    enter_scope(school, roles=set())  # from here on, the link reaches this one school only
    return _fill(link.bank, teacher, school, url_for("bank_links.thanks"),
                 f"{BANKS[link.bank]}: анкета для {school.short_name}", show_free_text=False)


@links_bp.route("/spasibo")
def thanks():
    links.forget()  # the questionnaire is saved: this browser needs the link again to reopen it
    return render_template("banks/thanks.html")


def _link_refused(error: Rejected):
    return render_template("errors/error.html", code=400, title="Ссылка недействительна",
                           text=error.message), 400


# Nothing of a link's pages may be cached or tell another site where the reader came from.
links_bp.after_request(kept_private)


def bank_panel(school: School) -> dict:
    """The school page's card: bank sizes for everyone, links for those who may follow them."""
    return {"template": "banks/panel.html", **services.bank_counts(school),
            "own": [(bank, BANKS[bank]) for bank, action in FILL_OWN.items() if can(action)]}
