"""The three scoped URL trees: ``/s/<school>``, ``/m/<municipality>``, ``/r/<region>``.

A blueprint made by ``school_blueprint`` (and its two siblings) resolves the slug,
checks that the user holds a role reaching that place and sets ``g.scope``; a user
without one gets 404, so a foreign school's existence is not revealed. Views only
declare which roles they need with ``requires_roles``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Blueprint, Flask, abort, current_app, g, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from nastavnik.extensions import db, login_manager
from nastavnik.platform.aggregates import municipality_activity, region_activity
from nastavnik.platform.models import (
    AcademicYear,
    Municipality,
    Region,
    RoleAssignment,
    School,
    User,
)
from nastavnik.platform.roles import SCHOOL_STAFF, Level, Role
from nastavnik.platform.tenancy import Scope, roles_in

_PLACES = {
    Level.SCHOOL: ("school_slug", School, "/s/<school_slug>"),
    Level.MUNICIPALITY: ("municipality_slug", Municipality, "/m/<municipality_slug>"),
    Level.REGION: ("region_slug", Region, "/r/<region_slug>"),
}


def scoped_blueprint(level: Level, name: str, import_name: str, url_prefix: str = "",
                     **kwargs) -> Blueprint:
    """A blueprint whose every route lives inside one place of the hierarchy."""
    arg, model, prefix = _PLACES[level]
    bp = Blueprint(name, import_name, url_prefix=prefix + url_prefix, **kwargs)

    @bp.url_value_preprocessor
    def pop_slug(_endpoint, values):
        g.place_slug = (values or {}).pop(arg, None)

    @bp.before_request
    def enter_scope():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        slug = g.pop("place_slug", None)
        place = db.session.scalar(select(model).where(model.slug == slug)) if slug else None
        if place is None:
            abort(404)
        scope = Scope.of(place)
        roles = roles_in(current_user, scope)
        if not roles:
            abort(404)
        g.scope, g.place, g.roles = scope, place, roles
        return None

    return bp


def school_blueprint(name: str, import_name: str, url_prefix: str = "", **kw) -> Blueprint:
    return scoped_blueprint(Level.SCHOOL, name, import_name, url_prefix, **kw)


def municipality_blueprint(name: str, import_name: str, url_prefix: str = "", **kw) -> Blueprint:
    return scoped_blueprint(Level.MUNICIPALITY, name, import_name, url_prefix, **kw)


def region_blueprint(name: str, import_name: str, url_prefix: str = "", **kw) -> Blueprint:
    return scoped_blueprint(Level.REGION, name, import_name, url_prefix, **kw)


def requires_roles(*roles: Role, refusal: int = 403) -> Callable:
    """Allow the view only to holders of one of ``roles`` in the current scope.

    Others get ``refusal``: 403 where the page's existence is no secret, 404 where it is.
    """
    wanted = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not g.roles & wanted:
                abort(refusal)
            return view(*args, **kwargs)

        return wrapper

    return decorator


# Pages with personal data are the school's alone. Methodologists, regional operators,
# mentors and mentees get 404, so such a page does not even reveal that it exists; they
# see aggregates only.
personal_data = requires_roles(*SCHOOL_STAFF, refusal=404)

_HOMES = {School: "school.school_home", Municipality: "municipality.municipality_home",
          Region: "region.region_home"}


def place_url(place: Region | Municipality | School) -> str | None:
    """The page of ``place``, if the signed-in user may open it (else breadcrumbs show text)."""
    if not current_user.is_authenticated or not roles_in(current_user, Scope.of(place)):
        return None
    arg = next(arg for arg, model, _prefix in _PLACES.values() if isinstance(place, model))
    return url_for(_HOMES[type(place)], **{arg: place.slug})


def _fill_place_slug(endpoint: str, values: dict) -> None:
    """``url_for`` inside a scope need not repeat the slug of the place it stands in."""
    place = g.get("place")
    if place is None:
        return
    for arg, model, _prefix in _PLACES.values():
        if isinstance(place, model) and arg not in values and \
                current_app.url_map.is_endpoint_expecting(endpoint, arg):
            values[arg] = place.slug


school_bp = school_blueprint("school", __name__, template_folder="templates")
municipality_bp = municipality_blueprint("municipality", __name__, template_folder="templates")
region_bp = region_blueprint("region", __name__, template_folder="templates")


@school_bp.route("/")
def school_home():
    team = db.session.execute(
        select(User, RoleAssignment.role)
        .join(RoleAssignment)
        .where(RoleAssignment.school_id == g.place.id,
               RoleAssignment.role.in_([r.value for r in SCHOOL_STAFF]))
        .order_by(User.full_name)
    ).all()
    return render_template("scopes/school.html", school=g.place, team=team,
                           panels=school_panels(g.place))


@municipality_bp.route("/")
def municipality_home():
    year = AcademicYear.current()
    return render_template("scopes/municipality.html", municipality=g.place, year=year,
                           activity=municipality_activity(g.place.id, year.start_year))


@region_bp.route("/")
def region_home():
    counts = dict(db.session.execute(
        select(School.municipality_id, func.count()).where(School.region_id == g.place.id)
        .group_by(School.municipality_id)
    ).all())
    year = AcademicYear.current()
    return render_template("scopes/region.html", region=g.place, school_counts=counts, year=year,
                           activity=region_activity(g.place.id, year.start_year))


# Capabilities add panels to the school home page without this module knowing them.
_school_panels: list[Callable[[School], dict | None]] = []


def add_school_panel(panel: Callable[[School], dict | None]) -> None:
    if panel not in _school_panels:
        _school_panels.append(panel)


def school_panels(school: School) -> list[dict]:
    return [p for p in (panel(school) for panel in _school_panels) if p]


@dataclass(frozen=True)
class Section:
    """A capability's tab in a place's navigation, shown to the roles that may open it."""

    label: str
    endpoint: str
    roles: frozenset[Role]
    order: int = 100


# The first tab of each kind of place: its home page.
_HOME_TABS = {School: "Главная школы", Municipality: "Муниципалитет"}
_sections: dict[type, dict[str, Section]] = {School: {}, Municipality: {}}


def add_school_section(label: str, endpoint: str, roles, order: int = 100) -> None:
    _sections[School][endpoint] = Section(label, endpoint, frozenset(roles), order)


def add_municipality_section(label: str, endpoint: str, roles, order: int = 100) -> None:
    _sections[Municipality][endpoint] = Section(label, endpoint, frozenset(roles), order)


def place_sections(place, roles: set[Role]) -> list[Section]:
    """The tabs of ``place``'s navigation for ``roles``, its home page first."""
    own = sorted((s for s in _sections.get(type(place), {}).values() if s.roles & roles),
                 key=lambda s: (s.order, s.label))
    if not own:
        return []
    return [Section(_HOME_TABS[type(place)], _HOMES[type(place)], frozenset(roles), 0), *own]


def init_app(app: Flask) -> None:
    app.url_defaults(_fill_place_slug)
    app.add_template_global(place_url, "place_url")
    for bp in (school_bp, municipality_bp, region_bp):
        app.register_blueprint(bp)

    @app.context_processor
    def scope_context():
        place, roles = g.get("place"), g.get("roles", set())
        return {"scope_place": place, "scope_roles": roles,
                "place_sections": place_sections(place, roles), "request_path": request.path}
