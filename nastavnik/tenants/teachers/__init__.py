"""The school's teaching staff: the people every bank, pair and indicator refers to."""

from flask import Flask

from nastavnik.platform.scopes import add_school_panel, add_school_section
from nastavnik.platform.signals import programme_role_granted
from nastavnik.tenants.teachers import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.teachers.accounts import link_by_name
from nastavnik.tenants.teachers.permissions import TEACHERS
from nastavnik.tenants.teachers.services import staff_panel
from nastavnik.tenants.teachers.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_school_panel(staff_panel)
    add_school_section("Педагоги", "teachers.index", TEACHERS.manage, order=10)
    programme_role_granted.connect(link_by_name)
