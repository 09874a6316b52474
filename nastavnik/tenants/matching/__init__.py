"""Matching mentees with mentors (roadmap stage 4.1): scores with their reasons in words,
the exact best assignment of a whole bank, the curator's decisions that form pairs (5.1),
and support for mentees left without a pair (5.3)."""

from flask import Flask

from nastavnik.platform.scopes import add_school_panel, add_school_section
from nastavnik.tenants.matching import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.matching.permissions import MATCHING
from nastavnik.tenants.roadmap.evidence_pages import add_evidence_page


def init_app(app: Flask) -> None:
    from nastavnik.tenants.matching.views import bp, matching_panel

    app.register_blueprint(bp)
    add_school_panel(matching_panel)
    add_school_section("Подбор", "matching.index", MATCHING.read, order=25)
    # The roadmap's 4.1 and 5.3 link to the pages that hold their evidence.
    add_evidence_page("matching.decided", "Результаты подбора наставников", "matching.results",
                      MATCHING.read)
    add_evidence_page("support.plan_saved", "Очередь ожидания и планы сопровождения",
                      "matching.waiting_queue", MATCHING.read)
