"""Mentoring pairs and groups: who mentors whom, in which form, for how long."""

from flask import Flask

from nastavnik.platform.roles import SCHOOL_READERS
from nastavnik.platform.scopes import add_school_panel, add_school_section
from nastavnik.tenants.pairs import events  # noqa: F401 - registers the event types
from nastavnik.tenants.pairs.views import bp, own_pairs_panel, pairs_panel


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_school_panel(pairs_panel)
    add_school_panel(own_pairs_panel)
    add_school_section("Пары и группы", "pairs.index", SCHOOL_READERS, order=30)
