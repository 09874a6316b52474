"""Consents to personal-data processing (152-ФЗ): no bank entry without one."""

from flask import Flask

from nastavnik.tenants.consents import events  # noqa: F401 - registers the event types


def init_app(app: Flask) -> None:
    from nastavnik.tenants.consents.views import bp

    app.register_blueprint(bp)
