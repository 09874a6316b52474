"""The methodical bank (методическая копилка): a school's practices of mentoring, marked
best by the director, proposed and chosen up to the municipality's and the region's
collections, searchable in Russian."""

from flask import Flask

from nastavnik.platform.scopes import (
    add_municipality_section,
    add_region_section,
    add_school_section,
)
from nastavnik.tenants.practices import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.practices.pages import public_practices
from nastavnik.tenants.practices.permissions import PRACTICES
from nastavnik.tenants.practices.public import public_practice_entries
from nastavnik.tenants.practices.views import bp, municipal_bp, regional_bp
from nastavnik.tenants.publications.sections import add_public_section

__all__ = ["init_app", "public_practices"]


def init_app(app: Flask) -> None:
    for blueprint in (bp, municipal_bp, regional_bp):
        app.register_blueprint(blueprint)
    add_school_section("Методическая копилка", "practices.index", PRACTICES.read, order=80)
    add_municipality_section("Сборник практик", "practices_municipal.collection",
                             PRACTICES.collection, order=60)
    add_region_section("Сборник практик", "practices_regional.collection",
                       PRACTICES.collection, order=60)
    # The public pages (and their feeds) show the best practices, never a teacher's name.
    add_public_section("Лучшие практики наставничества", public_practice_entries)
