"""Mentoring pairs and groups: who mentors whom, in which form, for how long."""

from flask import Flask

from nastavnik.platform.reference import add_seeder
from nastavnik.platform.scopes import add_school_panel, add_school_section
from nastavnik.platform.signals import teacher_leaving
from nastavnik.tenants.documents.permissions import DOCUMENTS
from nastavnik.tenants.pairs import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.pairs.permissions import PAIRS
from nastavnik.tenants.pairs.services import (
    refuse_leaving_with_active_pairs,
    seed_forms_of_mentoring,
)
from nastavnik.tenants.pairs.views import bp, own_pairs_panel, pairs_panel


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_school_panel(pairs_panel)
    add_school_panel(own_pairs_panel)
    add_school_section("Пары и группы", "pairs.index", PAIRS.read, order=30)
    add_school_section("Мои документы", "pairs.my_documents", DOCUMENTS.read_own, order=40)
    add_seeder(seed_forms_of_mentoring)
    teacher_leaving.connect(refuse_leaving_with_active_pairs)
