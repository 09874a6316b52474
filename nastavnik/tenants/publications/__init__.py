"""Information support (roadmap stage 7): the school's news and its public
«Наставничество» pages (``public/``), open without a login."""

from flask import Flask

from nastavnik.platform.scopes import add_school_section
from nastavnik.tenants.publications import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.publications.permissions import PUBLICATIONS
from nastavnik.tenants.publications.public_views import bp as public_bp
from nastavnik.tenants.publications.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    add_school_section("Новости", "publications.index", PUBLICATIONS.read, order=80)
