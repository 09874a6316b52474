"""The school's pairs and groups: the list, and the curator's form to form one."""


from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.rejections import carried_out
from nastavnik.platform.roles import SCHOOL_READERS, Role
from nastavnik.platform.scopes import requires_roles, school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.pairs.forms import PairForm
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.pairs.services import (
    PairRejected,
    ensure_forms,
    finish_pair,
    form_pair,
    pair_candidates,
    pair_rows,
    pairs_of,
)
from nastavnik.tenants.teachers.models import Teacher

bp = school_blueprint("pairs", __name__, "/pairs", template_folder="templates")


@bp.get("/")
@requires_roles(*SCHOOL_READERS)
def index():
    form, _teachers = _pair_form()
    db.session.commit()  # keeps the forms of mentoring seeded on the first visit
    return _page(form)


@bp.post("/")
@requires_roles(Role.CURATOR)
def create():
    form, teachers = _pair_form()
    if carried_out(form, lambda: form_pair(
            g.place, teachers[form.mentor.data], [teachers[i] for i in form.mentees.data],
            form.form_code.data, form.starts_on.data, form.ends_on.data, form.kind.data),
            "Наставническая пара (группа) сформирована."):
        return redirect(url_for("pairs.index"))
    return _page(form), 400


@bp.post("/<int:pair_id>/finish")
@requires_roles(Role.CURATOR)
def finish(pair_id: int):
    pair = in_scope_or_404(MentoringPair, pair_id)
    try:
        finish_pair(g.place, pair, clock.today())
    except PairRejected as rejected:
        flash(" ".join(m for ms in rejected.messages.values() for m in ms), "danger")
    else:
        db.session.commit()
        flash("Программа пары (группы) завершена.", "success")
    return redirect(url_for("pairs.index"))


def _pair_form() -> tuple[PairForm, dict[int, Teacher]]:
    """The form with its choices, and the teachers those choices stand for by id."""
    chosen = pair_candidates(g.place)
    form = PairForm()
    form.mentor.choices = [(t.id, t.full_name) for t in chosen["mentors"]]
    form.mentees.choices = [(t.id, t.full_name) for t in chosen["mentees"]]
    form.form_code.choices = [(f.code, f.name) for f in ensure_forms()]
    return form, {t.id: t for t in chosen["mentors"] + chosen["mentees"]}


def pairs_panel(school: School) -> dict | None:
    """The home page card: how many pairs and groups are working now."""
    if not g.roles & SCHOOL_READERS:
        return None
    return {"template": "pairs/panel.html",
            "active": sum(row["active"] for row in pair_rows(school))}


def own_pairs_panel(school: School) -> dict | None:
    """A mentor's or mentee's own pairs on the school home page."""
    if not g.roles & {Role.MENTOR, Role.MENTEE}:
        return None
    teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == school.id,
                                                      Teacher.user_id == current_user.id))
    return {"template": "pairs/own_panel.html",
            "rows": pairs_of(teacher) if teacher is not None else []}


def _page(form: PairForm):
    return render_template("pairs/index.html", rows=pair_rows(g.place), form=form,
                           can_edit=Role.CURATOR in g.roles)
