"""The three scoped URL trees: ``/s/<school>``, ``/m/<municipality>``, ``/r/<region>``.

A blueprint made by ``school_blueprint`` (and its two siblings) declares its standing
(``pipeline``), resolves the slug, checks that the user holds a role reaching that place
and enters its scope; a user without one gets 404, so a foreign school's existence is
not revealed. Views then say which permission they need (``permissions.requires``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask, abort, current_app, g, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from nastavnik.extensions import db, login_manager
from nastavnik.platform.models import (
    Municipality,
    Region,
    RoleAssignment,
    School,
    User,
)
from nastavnik.platform.oversight import dashboards
from nastavnik.platform.oversight.permissions import OVERSIGHT
from nastavnik.platform.permissions import can, requires
from nastavnik.platform.pipeline import Standing, blueprint_stands_in
from nastavnik.platform.roles import SCHOOL_STAFF, Level
from nastavnik.platform.tenancy import Scope, enter_scope, roles_in

_PLACES = {
    Level.SCHOOL: ("school_slug", School, "/s/<school_slug>"),
    Level.MUNICIPALITY: ("municipality_slug", Municipality, "/m/<municipality_slug>"),
    Level.REGION: ("region_slug", Region, "/r/<region_slug>"),
}
_STANDINGS = {Level.SCHOOL: Standing.SCHOOL, Level.MUNICIPALITY: Standing.MUNICIPALITY,
              Level.REGION: Standing.REGION}


def scoped_blueprint(level: Level, name: str, import_name: str, url_prefix: str = "",
                     **kwargs) -> Blueprint:
    """A blueprint whose every route lives inside one place of the hierarchy."""
    arg, model, prefix = _PLACES[level]
    bp = blueprint_stands_in(Blueprint(name, import_name, url_prefix=prefix + url_prefix,
                                       **kwargs), _STANDINGS[level])

    @bp.url_value_preprocessor
    def pop_slug(_endpoint, values):
        g.place_slug = (values or {}).pop(arg, None)

    @bp.before_request
    def enter_place():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        slug = g.pop("place_slug", None)
        place = db.session.scalar(select(model).where(model.slug == slug)) if slug else None
        if place is None:
            abort(404)
        roles = roles_in(current_user, Scope.of(place))
        if not roles:
            abort(404)
        enter_scope(place, roles)
        return None

    return bp


def school_blueprint(name: str, import_name: str, url_prefix: str = "", **kw) -> Blueprint:
    return scoped_blueprint(Level.SCHOOL, name, import_name, url_prefix, **kw)


def municipality_blueprint(name: str, import_name: str, url_prefix: str = "", **kw) -> Blueprint:
    return scoped_blueprint(Level.MUNICIPALITY, name, import_name, url_prefix, **kw)


def region_blueprint(name: str, import_name: str, url_prefix: str = "", **kw) -> Blueprint:
    return scoped_blueprint(Level.REGION, name, import_name, url_prefix, **kw)


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
@requires(OVERSIGHT.view)
def municipality_home():
    return dashboards.municipal_page(g.place, _school_summary_url)


@municipality_bp.route("/schools/<slug>/")
@requires(OVERSIGHT.view)
def school_summary(slug: str):
    school = dashboards.school_of_municipality(g.place, slug)
    if school is None:
        abort(404)
    return dashboards.school_page(school)


def _school_summary_url(school: School) -> str:
    return url_for("municipality.school_summary", slug=school.slug)


@region_bp.route("/")
@requires(OVERSIGHT.view)
def region_home():
    return dashboards.regional_page(g.place, _municipality_url)


@region_bp.route("/municipalities/<slug>/")
@requires(OVERSIGHT.view)
def municipality_summary(slug: str):
    """A municipality seen from the region, for a reader who may not open its own page."""
    municipality = dashboards.municipality_of_region(g.place, slug)
    if municipality is None:
        abort(404)
    reachable = place_url(municipality) is not None
    return dashboards.municipal_page(
        municipality, lambda school: url_for("municipality.school_summary",
                                             municipality_slug=municipality.slug,
                                             slug=school.slug) if reachable else None,
        within=g.place)


def _municipality_url(municipality: Municipality) -> str:
    """Its own page where the reader may open it, else the region's view of it."""
    return place_url(municipality) or url_for("region.municipality_summary",
                                              slug=municipality.slug)


# Capabilities add panels to the school home page without this module knowing them.
_school_panels: list[Callable[[School], dict | None]] = []


def add_school_panel(panel: Callable[[School], dict | None], first: bool = False) -> None:
    """``first``: the card leads the page (what waits for the reader comes before figures)."""
    if panel not in _school_panels:
        _school_panels.insert(0 if first else len(_school_panels), panel)


def school_panels(school: School) -> list[dict]:
    return [p for p in (panel(school) for panel in _school_panels) if p]


@dataclass(frozen=True)
class Section:
    """A capability's tab in a place's navigation, shown to those its permission allows."""

    label: str
    endpoint: str
    permission: str | None  # None: the place's home page, open to all who stand there
    order: int = 100


# The first tab of each kind of place: its home page.
_HOME_TABS = {School: "Главная", Municipality: "Муниципалитет", Region: "Регион"}
_sections: dict[type, dict[str, Section]] = {School: {}, Municipality: {}, Region: {}}


def add_school_section(label: str, endpoint: str, permission: str, order: int = 100) -> None:
    _sections[School][endpoint] = Section(label, endpoint, permission, order)


def add_municipality_section(label: str, endpoint: str, permission: str,
                             order: int = 100) -> None:
    _sections[Municipality][endpoint] = Section(label, endpoint, permission, order)


def add_region_section(label: str, endpoint: str, permission: str, order: int = 100) -> None:
    _sections[Region][endpoint] = Section(label, endpoint, permission, order)


def place_sections(place) -> list[Section]:
    """The tabs of ``place``'s navigation for the current user, its home page first."""
    own = sorted((s for s in _sections.get(type(place), {}).values() if can(s.permission)),
                 key=lambda s: (s.order, s.label))
    if not own:
        return []
    return [Section(_HOME_TABS[type(place)], _HOMES[type(place)], None, 0), *own]


def init_app(app: Flask) -> None:
    app.url_defaults(_fill_place_slug)
    app.add_template_global(place_url, "place_url")
    for bp in (school_bp, municipality_bp, region_bp):
        app.register_blueprint(bp)

    @app.context_processor
    def scope_context():
        place = g.get("place")
        return {"scope_place": place, "place_sections": place_sections(place) if place else [],
                "request_path": request.path}
