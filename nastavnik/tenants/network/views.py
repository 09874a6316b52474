"""The network pages: the municipal methodologist's board (``/m/<municipality>/network/``)
and each school's agreement and proposals (``/s/<school>/network/``)."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.rejections import carried_out
from nastavnik.platform.scopes import municipality_blueprint, school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.network import pages, services
from nastavnik.tenants.network.forms import AgreementForm, AnswerForm, ProposeForm
from nastavnik.tenants.network.models import NetworkProposal
from nastavnik.tenants.network.permissions import NETWORK
from nastavnik.tenants.pairs.services import forms_of_mentoring
from nastavnik.tenants.teachers.models import Teacher

municipal_bp = municipality_blueprint("network_municipal", __name__, "/network",
                                      template_folder="templates")
bp = school_blueprint("network", __name__, "/network", template_folder="templates")


@municipal_bp.get("/")
@requires(NETWORK.match)
def board():
    return _board(ProposeForm())


@municipal_bp.post("/propose")
@requires(NETWORK.match)
def propose():
    form = ProposeForm()
    if form.validate_on_submit():
        mentee, mentor = _teacher(form.mentee.data), _teacher(form.mentor.data)
        if carried_out(form, lambda: services.propose(g.place, mentee, mentor, current_user),
                       "Сетевая пара предложена: обе школы увидят её на своих страницах."):
            return redirect(url_for("network_municipal.board"), 303)
    return _board(form), 400


def _teacher(ident: str) -> Teacher:
    """A teacher of the municipality by id (the scope confines the lookup), else 404."""
    if not str(ident).isdigit():
        abort(404)
    return in_scope_or_404(Teacher, int(ident))


def _board(form: ProposeForm):
    return render_template("network/board.html", board=pages.municipal_board(g.place),
                           proposals=pages.municipal_proposals(g.place),
                           schools=pages.network_schools(g.place), form=form)


@bp.get("/")
@requires(NETWORK.read)
def index():
    return _index(AgreementForm(data={"taking_part": services.takes_part(g.place)}))


@bp.post("/agreement")
@requires(NETWORK.join)
def agreement():
    form = AgreementForm()
    if carried_out(form, lambda: services.set_agreement(g.place, form.taking_part.data,
                                                        current_user),
                   lambda a: "Школа участвует в сетевом наставничестве." if a.taking_part
                   else "Школа больше не участвует в сетевом наставничестве."):
        return redirect(url_for("network.index"), 303)
    return _index(form), 400


@bp.post("/<int:proposal_id>/answer")
@requires(NETWORK.answer)
def answer(proposal_id: int):
    proposal = _proposal(proposal_id)
    form = _answer_form()
    if carried_out(form, lambda: services.answer(
            g.place, proposal, form.decision.data == "agree", current_user,
            form.form_code.data, form.starts_on.data, form.ends_on.data), _answered):
        return redirect(url_for("network.index"), 303)
    return _index(AgreementForm(data={"taking_part": services.takes_part(g.place)}),
                  answer_form=form, failed=proposal_id), 400


def _answered(proposal: NetworkProposal) -> str:
    if proposal.status == "agreed":
        return "Обе школы согласились: сетевая пара сформирована в школе наставляемого."
    if proposal.status == "declined":
        return "Предложение отклонено."
    return "Ответ школы записан; ждём ответа другой школы."


def _proposal(proposal_id: int) -> NetworkProposal:
    """A proposal this school is a side of, else 404 (another school's proposal is not
    revealed)."""
    proposal = db.session.scalar(select(NetworkProposal).where(
        NetworkProposal.id == proposal_id))
    if proposal is None or services.side_of(proposal, g.place) is None:
        abort(404)
    return proposal


def _answer_form() -> AnswerForm:
    form = AnswerForm()
    form.form_code.choices = [("", "—")] + [(f.code, f.name) for f in forms_of_mentoring()]
    return form


def _index(form: AgreementForm, answer_form: AnswerForm | None = None,
           failed: int | None = None):
    return render_template("network/school.html", form=form,
                           taking_part=services.takes_part(g.place),
                           proposals=pages.school_proposals(g.place),
                           answer_form=answer_form or _answer_form(), failed=failed,
                           may_answer=can(NETWORK.answer), may_join=can(NETWORK.join))


def proposals_panel(school: School) -> dict | None:
    """The home page card of a school with network proposals waiting for its answer."""
    if not can(NETWORK.answer):
        return None
    waiting = services.awaiting_answer(school)
    return {"template": "network/panel.html", "waiting": waiting} if waiting else None
