"""The copilka pages: the school's (``/s/<school>/practices/``: list, add, a practice with
its history and next steps) and the collections of the municipality and the region
(``/m/<municipality>/practices/``, ``/r/<region>/practices/``: what was proposed to and
chosen at that level, without teachers' names, and its PDF)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.rejections import ActionForm, carried_out, flash_refusal
from nastavnik.platform.roles import ROLE_LABEL, Level
from nastavnik.platform.scopes import municipality_blueprint, region_blueprint, school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.pairs.models import MentoringPair, PairStatus
from nastavnik.tenants.practices import pages, services
from nastavnik.tenants.practices.forms import PracticeForm, SearchForm
from nastavnik.tenants.practices.models import (
    AT_MUNICIPALITY,
    AT_REGION,
    STATUS_LABELS,
    Practice,
    PracticeFile,
    PracticeStatus,
)
from nastavnik.tenants.practices.permissions import PRACTICES
from nastavnik.tenants.practices.printing import collection_pdf
from nastavnik.tenants.practices.services import Upload
from nastavnik.tenants.practices.transitions import step_between
from nastavnik.tenants.teachers.models import Teacher

bp = school_blueprint("practices", __name__, "/practices", template_folder="templates")
municipal_bp = municipality_blueprint("practices_municipal", __name__, "/practices",
                                      template_folder="templates")
regional_bp = region_blueprint("practices_regional", __name__, "/practices",
                               template_folder="templates")


# -- the school -------------------------------------------------------------------------

@bp.get("/")
@requires(PRACTICES.read)
def index():
    return _index(_practice_form())


@bp.post("/")
def add():
    if not (can(PRACTICES.submit) or can(PRACTICES.submit_own)):
        abort(403)
    form = _practice_form()
    if carried_out(form, lambda: services.submit(
            g.place, title=form.title.data, annotation=form.annotation.data,
            category=form.category.data, pair=_chosen_pair(form.pair.data),
            links=(form.links.data or "").splitlines(),
            files=[Upload(f.read(), f.filename) for f in form.files.data or [] if f],
            roles=g.roles, by=current_user),
            "Практика подана в методическую копилку школы."):
        return redirect(url_for("practices.index"), 303)
    return _index(form), 400


def _index(form: PracticeForm):
    search = SearchForm(request.args)
    return render_template(
        "practices/school.html", form=form, search=search,
        practices=pages.practices_in(None, search.q.data, names=_in_school()),
        may_submit=can(PRACTICES.submit) or can(PRACTICES.submit_own))


def _in_school() -> bool:
    """Names are shown to the school's own people; a methodologist or an operator reading
    the school's copilka sees numbers, as in the collections."""
    return any(role.level is Level.SCHOOL for role in g.roles)


def _practice_form() -> PracticeForm:
    form = PracticeForm()
    form.pair.choices = [("", "— без пары —")] + [
        (str(pair.id), f"№ {pair.id}: {pair.mentor.full_name}") for pair in _offered_pairs()]
    return form


def _offered_pairs() -> list[MentoringPair]:
    """The school's running and finished pairs; a mentor who is not a curator, their own."""
    query = select(MentoringPair).where(MentoringPair.status.in_(
        [PairStatus.ACTIVE, PairStatus.FINISHED])).order_by(MentoringPair.id)
    if not can(PRACTICES.submit):
        query = query.join(Teacher, Teacher.id == MentoringPair.mentor_id).where(
            Teacher.user_id == current_user.id)
    return list(db.session.scalars(query))


def _chosen_pair(value: str | None) -> MentoringPair | None:
    if not value:
        return None
    if not value.isdigit():
        abort(404)
    return in_scope_or_404(MentoringPair, int(value))


@bp.get("/<int:practice_id>/")
@requires(PRACTICES.read)
def practice(practice_id: int):
    return _practice_page(practice_id, names=_in_school(), back="practices.index")


@bp.post("/<int:practice_id>/to/<target>")
def step(practice_id: int, target: str):
    return _step(practice_id, target, "practices.practice")


@bp.get("/<int:practice_id>/files/<int:file_id>")
@requires(PRACTICES.read)
def download(practice_id: int, file_id: int):
    return _download(practice_id, file_id)


# -- the collections above the school ---------------------------------------------------

def _collection_views(blueprint: Blueprint, statuses: frozenset[PracticeStatus],
                      heading: str) -> None:
    name = blueprint.name

    @blueprint.get("/")
    @requires(PRACTICES.collection)
    def collection():
        search = SearchForm(request.args)
        return render_template("practices/collection.html", search=search, heading=heading,
                               practices=pages.practices_in(statuses, search.q.data,
                                                            names=False))

    @blueprint.get("/collection.pdf")
    @requires(PRACTICES.collection)
    def collection_file():
        chosen = pages.practices_in(statuses, None, names=False)
        return send_file(io.BytesIO(collection_pdf(g.place, chosen)),
                         mimetype="application/pdf", as_attachment=True,
                         download_name="sbornik-luchshih-praktik.pdf", max_age=0)

    @blueprint.get("/<int:practice_id>/")
    @requires(PRACTICES.collection)
    def practice(practice_id: int):
        return _practice_page(practice_id, names=False, back=f"{name}.collection",
                              statuses=statuses)

    @blueprint.post("/<int:practice_id>/to/<target>")
    def step(practice_id: int, target: str):
        return _step(practice_id, target, f"{name}.practice", statuses)

    @blueprint.get("/<int:practice_id>/files/<int:file_id>")
    @requires(PRACTICES.collection)
    def download(practice_id: int, file_id: int):
        return _download(practice_id, file_id, statuses)


_collection_views(municipal_bp, AT_MUNICIPALITY, "Муниципальный сборник лучших практик")
_collection_views(regional_bp, AT_REGION, "Региональный сборник лучших практик")


# -- shared -----------------------------------------------------------------------------

def _practice(practice_id: int, statuses: frozenset[PracticeStatus] | None = None) -> Practice:
    """A practice the scope reaches (at the level's statuses above the school), else 404."""
    found = in_scope_or_404(Practice, practice_id)
    if statuses is not None and found.status not in statuses:
        abort(404)
    return found


def _practice_page(practice_id: int, names: bool, back: str,
                   statuses: frozenset[PracticeStatus] | None = None):
    found = _practice(practice_id, statuses)
    return render_template("practices/practice.html", practice=found,
                           card=pages.card(found, names), back=back,
                           steps=pages.steps_for_reader(found), action=ActionForm(),
                           download=request.blueprint + ".download", labels=STATUS_LABELS,
                           roles=ROLE_LABEL)


def _step(practice_id: int, target: str, page: str,
          statuses: frozenset[PracticeStatus] | None = None):
    found = _practice(practice_id, statuses)
    if target not in PracticeStatus.__members__.values():
        abort(404)
    # The service refuses a step outside the table or a role without its permission.
    step = step_between(found.status, target)
    form = ActionForm()
    if not carried_out(form, lambda: services.move(found, target, roles=g.roles,
                                                   by=current_user),
                       step.done if step else "Статус не изменился."):
        flash_refusal(form)
    if statuses is not None and found.status not in statuses:
        return redirect(url_for(page.replace(".practice", ".collection")), 303)
    return redirect(url_for(page, practice_id=practice_id), 303)


def _download(practice_id: int, file_id: int,
              statuses: frozenset[PracticeStatus] | None = None):
    found = _practice(practice_id, statuses)
    stored = db.session.scalar(select(PracticeFile).where(
        PracticeFile.id == file_id, PracticeFile.practice_id == found.id))
    if stored is None:
        abort(404)
    return send_file(io.BytesIO(stored.data), mimetype=stored.content_type,
                     as_attachment=True, download_name=stored.filename, max_age=0)
