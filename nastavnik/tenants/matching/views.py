"""The curator's matching pages: proposals and the best distribution, a decision on each
proposal, the weights, the decisions made («Результаты подбора наставников»), and the
queue of mentees waiting for a mentor with their support plans."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user

from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.rejections import carried_out
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.matching.bank import LOOKING, read_bank
from nastavnik.tenants.matching.forms import (
    PLAN_ROWS,
    AcceptAllForm,
    AcceptForm,
    EditForm,
    RejectForm,
    SupportPlanForm,
    WeightsForm,
)
from nastavnik.tenants.matching.permissions import MATCHING
from nastavnik.tenants.matching.proposals import WEIGHT_FIELDS, matching, school_weights
from nastavnik.tenants.matching.scoring import Weights
from nastavnik.tenants.matching.services import (
    accept,
    accept_all,
    decisions,
    distribution_key,
    reject,
    save_weights,
)
from nastavnik.tenants.matching.support import (
    mentee_entry,
    plan_of,
    queue,
    save_plan,
    waiting_counts,
)
from nastavnik.tenants.pairs.services import forms_of_mentoring
from nastavnik.tenants.teachers.models import Teacher

bp = school_blueprint("matching", __name__, "/matching", template_folder="templates")


def _forms() -> list[tuple[str, str]]:
    return [(f.code, f.name) for f in forms_of_mentoring()]


def _with_period(form):
    """A decision form with its choices and, on first view, a school year's period."""
    form.form_code.choices = _forms()
    if request.method == "GET":
        today = clock.today(g.place)
        # Until the end of May of this school year, or half a year when May is too near.
        ends = dt.date(clock.academic_year_of(today) + 1, 5, 31)
        form.starts_on.data = today
        form.ends_on.data = ends if ends >= today + relativedelta(months=3) \
            else today + relativedelta(months=6)
    return form


@bp.get("/")
@requires(MATCHING.read)
def index():
    found = matching(g.place)
    form = _with_period(AcceptAllForm())
    return render_template("matching/index.html", found=found, form=form,
                           shown=distribution_key(found))


@bp.post("/accept-all")
@requires(MATCHING.manage)
def accept_everything():
    form = AcceptAllForm()
    form.form_code.choices = _forms()
    if carried_out(form, lambda: accept_all(
            g.place, request.form.get("shown", ""), form.form_code.data, form.starts_on.data,
            form.ends_on.data, current_user.id),
            lambda made: f"Сформировано пар по лучшему распределению: {len(made)}."):
        return redirect(url_for("matching.results"), 303)
    found = matching(g.place)
    return render_template("matching/index.html", found=found, form=form,
                           shown=distribution_key(found)), 400


def _people(mentee_id: int, mentor_id: int) -> tuple[Teacher, Teacher]:
    return in_scope_or_404(Teacher, mentee_id), in_scope_or_404(Teacher, mentor_id)


def _decision_page(mentee: Teacher, mentor: Teacher, accept_form=None, edit_form=None,
                   reject_form=None, status: int = 200):
    optimal = request.values.get("optimal") == "1"
    found = matching(g.place)
    proposal = next((p for p in found.proposals.get(mentee.id, []) if p.mentor.id == mentor.id),
                    None) or next((p for p in found.optimal if p.mentee.id == mentee.id
                                   and p.mentor.id == mentor.id), None)
    accept_form = accept_form or _with_period(AcceptForm(from_optimal="1" if optimal else ""))
    edit_form = edit_form or _with_period(EditForm(from_optimal="1" if optimal else ""))
    edit_form.mentor.choices = [(t.id, t.full_name) for t in other_mentors(mentee).values()
                                if t.id != mentor.id]
    reject_form = reject_form or RejectForm(from_optimal="1" if optimal else "")
    return render_template("matching/decide.html", mentee=mentee, mentor=mentor,
                           proposal=proposal, accept_form=accept_form, edit_form=edit_form,
                           reject_form=reject_form), status


def other_mentors(mentee: Teacher) -> dict[int, Teacher]:
    """The mentors the curator may choose instead: those matching may propose."""
    bank = read_bank(g.place)
    return {m.key: bank.teachers[m.key] for m in bank.mentors if m.key != mentee.id}


@bp.get("/<int:mentee_id>/<int:mentor_id>/")
@requires(MATCHING.manage)
def decide(mentee_id: int, mentor_id: int):
    mentee, mentor = _people(mentee_id, mentor_id)
    return _decision_page(mentee, mentor)


@bp.post("/<int:mentee_id>/<int:mentor_id>/accept")
@requires(MATCHING.manage)
def accept_proposal(mentee_id: int, mentor_id: int):
    mentee, mentor = _people(mentee_id, mentor_id)
    form = AcceptForm()
    form.form_code.choices = _forms()
    if carried_out(form, lambda: accept(
            g.place, mentee, mentor, form.form_code.data, form.starts_on.data,
            form.ends_on.data, from_optimal=form.from_optimal.data == "1",
            user_id=current_user.id), "Предложение принято, пара сформирована."):
        return redirect(url_for("matching.index"), 303)
    return _decision_page(mentee, mentor, accept_form=form, status=400)


@bp.post("/<int:mentee_id>/<int:mentor_id>/edit")
@requires(MATCHING.manage)
def edit_proposal(mentee_id: int, mentor_id: int):
    mentee, mentor = _people(mentee_id, mentor_id)
    form = EditForm()
    form.form_code.choices = _forms()
    chosen = other_mentors(mentee)
    form.mentor.choices = [(t.id, t.full_name) for t in chosen.values()]
    if carried_out(form, lambda: accept(
            g.place, mentee, mentor, form.form_code.data, form.starts_on.data,
            form.ends_on.data, chosen=chosen[form.mentor.data],
            from_optimal=form.from_optimal.data == "1", user_id=current_user.id),
            "Пара сформирована с выбранным наставником."):
        return redirect(url_for("matching.index"), 303)
    return _decision_page(mentee, mentor, edit_form=form, status=400)


@bp.post("/<int:mentee_id>/<int:mentor_id>/reject")
@requires(MATCHING.manage)
def reject_proposal(mentee_id: int, mentor_id: int):
    mentee, mentor = _people(mentee_id, mentor_id)
    form = RejectForm()
    if carried_out(form, lambda: reject(
            g.place, mentee, mentor, form.reason.data,
            from_optimal=form.from_optimal.data == "1", user_id=current_user.id),
            "Предложение отклонено: этот наставник больше не будет предложен наставляемому."):
        return redirect(url_for("matching.index"), 303)
    return _decision_page(mentee, mentor, reject_form=form, status=400)


@bp.route("/weights", methods=["GET", "POST"])
@requires(MATCHING.manage)
def weights():
    current = school_weights(g.place)
    form = WeightsForm(data=None if request.method == "POST" else {
        name: _number(getattr(current, name)) for name in WEIGHT_FIELDS})
    if carried_out(form, lambda: save_weights(
            g.place, {name: (getattr(form, name).data or "").strip().replace(",", ".")
                      for name in WEIGHT_FIELDS}, current_user.id),
            "Веса критериев сохранены."):
        return redirect(url_for("matching.index"), 303)
    return render_template("matching/weights.html", form=form, defaults=Weights(),
                           fields=WEIGHT_FIELDS), 400 if form.errors or form.form_errors else 200


def _number(value: float) -> str:
    return f"{value:g}"


@bp.get("/results")
@requires(MATCHING.read)
def results():
    return render_template("matching/results.html", decisions=decisions(g.place))


@bp.get("/queue")
@requires(MATCHING.read)
def waiting_queue():
    return render_template("matching/queue.html", rows=queue(g.place))


@bp.route("/queue/<int:mentee_id>/plan", methods=["GET", "POST"])
@requires(MATCHING.manage)
def plan(mentee_id: int):
    mentee = in_scope_or_404(Teacher, mentee_id)
    entry = mentee_entry(mentee)
    if entry is None or entry.status not in LOOKING:
        abort(404)  # a plan belongs to a mentee waiting for a mentor
    existing = plan_of(mentee)
    form = SupportPlanForm(data=None if request.method == "POST" or existing is None else {
        "items": [{"supporter": i.supporter, "person": i.person, "support": i.support,
                   "due_on": i.due_on} for i in existing.items]})
    if request.method == "GET":
        while len(form.items) < len(existing.items if existing else []) + PLAN_ROWS:
            form.items.append_entry()
    if carried_out(form, lambda: save_plan(g.place, mentee, [row.data for row in form.items]),
                   "План сопровождения сохранён."):
        return redirect(url_for("matching.waiting_queue"), 303)
    return render_template("matching/plan.html", form=form, mentee=mentee,
                           plan=existing), 400 if form.errors or form.form_errors else 200


def matching_panel(school: School) -> dict | None:
    """The curator's home card: who waits for a mentor and how many have no support plan
    yet (one query: the home page costs the same for any school)."""
    if not can(MATCHING.manage):
        return None
    waiting, unplanned = waiting_counts(school)
    return {"template": "matching/panel.html", "waiting": waiting, "unplanned": unplanned}
