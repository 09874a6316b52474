"""The school's pairs and groups: the list, the curator's form to form one, and its life
cycle: edit (period, form), finish, end early (with a reason) and cancel as a mistake.
Ending and cancelling are pages of their own with a confirmation box, so they work without
JavaScript and never happen on a stray click."""

import io

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.rejections import carried_out, pressed
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.documents.pdf_file import render_pdf
from nastavnik.tenants.documents.permissions import DOCUMENTS
from nastavnik.tenants.pairs.documents import own_documents
from nastavnik.tenants.pairs.forms import PairCancelForm, PairEditForm, PairEndForm, PairForm
from nastavnik.tenants.pairs.models import MentoringPair, PairStatus
from nastavnik.tenants.pairs.permissions import PAIRS
from nastavnik.tenants.pairs.services import (
    NOT_ACTIVE,
    cancel_pair,
    end_pair_early,
    finish_pair,
    form_pair,
    forms_of_mentoring,
    network_pairs_led_by,
    network_pairs_mentored_by,
    pair_candidates,
    pair_rows,
    pairs_of,
    update_pair,
)
from nastavnik.tenants.teachers.accounts import teacher_of_account
from nastavnik.tenants.teachers.models import Teacher

bp = school_blueprint("pairs", __name__, "/pairs", template_folder="templates")


@bp.get("/")
@requires(PAIRS.read)
def index():
    form, _teachers = _pair_form()
    return _page(form)


@bp.post("/")
@requires(PAIRS.manage)
def create():
    form, teachers = _pair_form()
    if carried_out(form, lambda: form_pair(
            g.place, teachers[form.mentor.data], [teachers[i] for i in form.mentees.data],
            form.form_code.data, form.starts_on.data, form.ends_on.data, form.kind.data),
            "Наставническая пара (группа) сформирована."):
        return redirect(url_for("pairs.index"))
    return _page(form), 400


@bp.post("/<int:pair_id>/finish")
@requires(PAIRS.manage)
def finish(pair_id: int):
    pair = in_scope_or_404(MentoringPair, pair_id)
    return pressed(lambda: finish_pair(g.place, pair, clock.today()),
                   "Программа пары (группы) завершена.",
                   url_for("pairs.index"), code=302)


@bp.route("/<int:pair_id>/edit", methods=["GET", "POST"])
@requires(PAIRS.manage)
def edit(pair_id: int):
    pair = _active_or_back(pair_id)
    if not isinstance(pair, MentoringPair):
        return pair
    form = PairEditForm(obj=pair)
    form.form_code.choices = [(f.code, f.name) for f in forms_of_mentoring()]
    if carried_out(form, lambda: update_pair(g.place, pair, form.form_code.data,
                                             form.starts_on.data, form.ends_on.data),
                   "Изменения пары (группы) сохранены."):
        return redirect(url_for("pairs.index"), 303)
    return _pair_page("pairs/edit.html", pair, form)


@bp.route("/<int:pair_id>/end", methods=["GET", "POST"])
@requires(PAIRS.manage)
def end(pair_id: int):
    pair = _active_or_back(pair_id)
    if not isinstance(pair, MentoringPair):
        return pair
    form = PairEndForm(data=None if request.method == "POST" else {"ended_on": clock.today()})
    if carried_out(form, lambda: end_pair_early(g.place, pair, form.ended_on.data,
                                                form.reason.data, form.outcome.data),
                   "Программа пары (группы) прекращена досрочно."):
        return redirect(url_for("pairs.index"), 303)
    return _pair_page("pairs/end.html", pair, form)


@bp.route("/<int:pair_id>/cancel", methods=["GET", "POST"])
@requires(PAIRS.manage)
def cancel(pair_id: int):
    pair = _active_or_back(pair_id)
    if not isinstance(pair, MentoringPair):
        return pair
    form = PairCancelForm()
    if carried_out(form, lambda: cancel_pair(g.place, pair),
                   "Пара (группа) отменена: в показателях она не учитывается."):
        return redirect(url_for("pairs.index"), 303)
    return _pair_page("pairs/cancel.html", pair, form)


def _active_or_back(pair_id: int):
    """The pair, or (when its program no longer runs: a second tab, a double click) the
    way back to the list with the reason, so a repeated submit has no second effect."""
    pair = in_scope_or_404(MentoringPair, pair_id)
    if pair.status == PairStatus.ACTIVE:
        return pair
    reason = NOT_ACTIVE[PairStatus(pair.status)]
    if request.method == "POST":
        flash(reason, "warning")
        return redirect(url_for("pairs.index"), 303)
    return render_template("pairs/closed.html", reason=reason), 409


def _pair_page(template: str, pair: MentoringPair, form):
    row = next(r for r in pair_rows(g.place) if r["id"] == pair.id)
    return render_template(template, row=row, form=form), \
        400 if form.errors or form.form_errors else 200


def _pair_form() -> tuple[PairForm, dict[int, Teacher]]:
    """The form with its choices, and the teachers those choices stand for by id."""
    chosen = pair_candidates(g.place)
    form = PairForm()
    form.mentor.choices = [(t.id, t.full_name) for t in chosen["mentors"]]
    form.mentees.choices = [(t.id, t.full_name) for t in chosen["mentees"]]
    form.form_code.choices = [(f.code, f.name) for f in forms_of_mentoring()]
    return form, {t.id: t for t in chosen["mentors"] + chosen["mentees"]}


@bp.get("/my-documents")
@requires(DOCUMENTS.read_own)
def my_documents():
    documents = own_documents(g.place, teacher_of_account(g.place, current_user))
    return render_template("pairs/my_documents.html", documents=documents)


@bp.get("/my-documents/<int:document_id>.pdf")
@requires(DOCUMENTS.read_own)
def my_document_pdf(document_id: int):
    document = in_scope_or_404(SchoolDocument, document_id)
    if document not in own_documents(g.place, teacher_of_account(g.place, current_user)):
        abort(404)  # a document that does not concern the reader does not exist for them
    return send_file(io.BytesIO(render_pdf(document)), mimetype="application/pdf",
                     as_attachment=True, max_age=0,
                     download_name=f"{DocumentKind(document.kind).label} "
                                   f"{document.academic_year_title}.pdf".replace("/", "-"))


def pairs_panel(school: School) -> dict | None:
    """The home page card: how many pairs and groups are working now."""
    if not can(PAIRS.read):
        return None
    return {"template": "pairs/panel.html",
            "active": sum(row["active"] for row in pair_rows(school))}


def own_pairs_panel(school: School) -> dict | None:
    """A mentor's or mentee's own pairs on the school home page."""
    if not can(PAIRS.see_own):
        return None
    teacher = teacher_of_account(school, current_user)
    # Network pairs: a mentor of another school sees here the pairs he or she mentors; in
    # the mentor's own school, the pairs mentored in other schools are listed too.
    own = [] if teacher is None else pairs_of(teacher) + [
        row for row in network_pairs_led_by(school) if row["mentor_id"] == teacher.id]
    return {"template": "pairs/own_panel.html",
            "rows": own + network_pairs_mentored_by(school, current_user.id)}


def _page(form: PairForm):
    return render_template("pairs/index.html", form=form,
                           rows=pair_rows(g.place, cancelled=can(PAIRS.manage)),
                           network_rows=network_pairs_led_by(g.place))
