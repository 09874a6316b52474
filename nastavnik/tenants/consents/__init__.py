"""Consents to personal-data processing (152-ФЗ): no bank entry without one."""

from flask import Flask

from nastavnik.platform.scopes import add_school_section
from nastavnik.tenants.consents import events  # noqa: F401 - registers the event types
from nastavnik.tenants.consents.permissions import CONSENTS


def init_app(app: Flask) -> None:
    from nastavnik.tenants.consents.views import bp

    app.register_blueprint(bp)
    add_school_section("Согласия", "consents.overview", CONSENTS.read, order=25)
