"""The school's pairs and groups: the list, and the curator's form to form one."""

from flask import g, redirect, render_template, url_for
from flask_login import current_user

from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.rejections import ActionForm, carried_out, flash_refusal
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.pairs.forms import PairForm
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.pairs.permissions import PAIRS
from nastavnik.tenants.pairs.services import (
    finish_pair,
    form_pair,
    forms_of_mentoring,
    pair_candidates,
    pair_rows,
    pairs_of,
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
    form = ActionForm()
    if not carried_out(form, lambda: finish_pair(g.place, pair, clock.today()),
                       "Программа пары (группы) завершена."):
        flash_refusal(form)
    return redirect(url_for("pairs.index"))


def _pair_form() -> tuple[PairForm, dict[int, Teacher]]:
    """The form with its choices, and the teachers those choices stand for by id."""
    chosen = pair_candidates(g.place)
    form = PairForm()
    form.mentor.choices = [(t.id, t.full_name) for t in chosen["mentors"]]
    form.mentees.choices = [(t.id, t.full_name) for t in chosen["mentees"]]
    form.form_code.choices = [(f.code, f.name) for f in forms_of_mentoring()]
    return form, {t.id: t for t in chosen["mentors"] + chosen["mentees"]}


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
    return {"template": "pairs/own_panel.html",
            "rows": pairs_of(teacher) if teacher is not None else []}


def _page(form: PairForm):
    return render_template("pairs/index.html", rows=pair_rows(g.place), form=form)
