"""Monitoring pages: the curator's results, the participant's own requests, and the
personal link. Views are thin: services decide and write."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.headers import kept_private
from nastavnik.platform.models import School
from nastavnik.platform.permissions import requires
from nastavnik.platform.pipeline import Standing, blueprint_stands_in
from nastavnik.platform.rejections import ActionForm, Rejected, carried_out, pressed
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import (
    enter_scope,
    in_scope_or_404,
    reading_the_record_that_names_the_scope,
)
from nastavnik.tenants.monitoring import links, services
from nastavnik.tenants.monitoring.models import PARTICIPANTS, ROUNDS, MonitoringRequest
from nastavnik.tenants.monitoring.permissions import MONITORING as MAY
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.questionnaires.forms import PREFIX, questionnaire_form, submitted_answers
from nastavnik.tenants.teachers.accounts import teacher_of_account

bp = school_blueprint("monitoring", __name__, "/monitoring", template_folder="templates")
# The personal link works without an account, so it lives outside the school tree.
links_bp = blueprint_stands_in(
    Blueprint("monitoring_links", __name__, url_prefix="/monitoring-anketa",
              template_folder="templates"), Standing.OWN_RECORD)


def _fill(sent: MonitoringRequest, school: School, done_url: str):
    form = questionnaire_form(sent.template)
    if carried_out(form, lambda: services.answer(school, sent, submitted_answers(form)),
                   "Спасибо! Ответы сохранены.", prefix=PREFIX):
        return redirect(done_url, 303)
    return render_template("monitoring/fill.html", form=form, request_=sent,
                           rounds=ROUNDS), 400 if form.errors or form.form_errors else 200


@bp.route("/")
@requires(MAY.read)
def index():
    years = services.years_asked() or [clock.current_academic_year(g.place)]
    year = request.args.get("year", type=int)
    year = year if year in years else years[0]
    pairs, total = services.school_results(g.place, year)
    working = db.session.scalars(select(MentoringPair).where(
        MentoringPair.status == "active").order_by(MentoringPair.id)).all()
    return render_template("monitoring/index.html", pairs=pairs, total=total, year=year,
                           years=years,
                           working=working, participants=PARTICIPANTS, rounds=ROUNDS,
                           requests=db.session.scalars(select(MonitoringRequest).where(
                               MonitoringRequest.academic_year == year,
                               MonitoringRequest.response_id.is_(None))
                               .order_by(MonitoringRequest.id)).all(),
                           form=ActionForm())


@bp.post("/pairs/<int:pair_id>/midway")
@requires(MAY.manage)
def midway(pair_id: int):
    pair = in_scope_or_404(MentoringPair, pair_id)
    return pressed(lambda: services.send_midway(g.place, pair),
                   "Промежуточные анкеты направлены участникам пары (группы).",
                   url_for("monitoring.index"))


@bp.route("/requests/<int:request_id>/link", methods=["GET", "POST"])
@requires(MAY.manage)
def personal_link(request_id: int):
    """A personal link for one unanswered request, shown once, on POST."""
    sent = in_scope_or_404(MonitoringRequest, request_id)
    form, tokens = ActionForm(), []
    if sent.answered:
        abort(404)
    carried_out(form, lambda: tokens.append(links.issue_token(sent)),
                "Ссылка выдана. Скопируйте её сейчас: позже её не показать.")
    link = url_for("monitoring_links.personal", token=tokens[0], _external=True) \
        if tokens else None
    return kept_private(make_response(render_template(
        "monitoring/link.html", request_=sent, form=form, link=link,
        participants=PARTICIPANTS, days=links.link_days())))


def _own_teacher():
    return teacher_of_account(g.place, current_user) or abort(404)


@bp.route("/my/")
@requires(MAY.answer_own)
def mine():
    teacher = _own_teacher()
    return render_template("monitoring/mine.html", requests=services.open_requests([teacher.id]),
                           rounds=ROUNDS)


@bp.route("/my/<int:request_id>", methods=["GET", "POST"])
@requires(MAY.answer_own)
def answer_own(request_id: int):
    sent = in_scope_or_404(MonitoringRequest, request_id)
    if sent.teacher_id != _own_teacher().id:
        abort(404)
    if sent.answered:
        return render_template("monitoring/thanks.html", already=True)
    return _fill(sent, g.place, url_for("monitoring.mine"))


@links_bp.get("/<token>")
def personal(token: str):
    """Trade the token for a session marker and leave its URL at once (history, logs)."""
    try:
        with reading_the_record_that_names_the_scope():
            sent = links.request_of_token(token)
    except Rejected as error:
        return _link_refused(error)
    links.remember(sent)
    return redirect(url_for("monitoring_links.questionnaire"), 303)


@links_bp.route("/", methods=["GET", "POST"])
def questionnaire():
    try:
        with reading_the_record_that_names_the_scope():
            sent = links.remembered()
            school = db.session.get(School, sent.school_id)
    except Rejected as error:
        return _link_refused(error)
    enter_scope(school, roles=set())  # from here on, the link reaches this one school only
    return _fill(sent, school, url_for("monitoring_links.thanks"))


@links_bp.route("/spasibo")
def thanks():
    links.forget()
    return render_template("monitoring/thanks.html", already=False)


def _link_refused(error: Rejected):
    return render_template("errors/error.html", code=400, title="Ссылка недействительна",
                           text=error.message), 400


links_bp.after_request(kept_private)
