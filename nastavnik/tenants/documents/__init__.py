"""The school's normative documents (roadmap stage 1): orders, the Regulation, the road
map, the program template — generated as DOCX and PDF, approved, scanned."""

from flask import Flask

from nastavnik.platform.scopes import add_school_panel, add_school_section
from nastavnik.tenants.documents import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.documents.permissions import DOCUMENTS
from nastavnik.tenants.documents.providers import (
    register_encouraged_mentors,
    register_final_event,
    register_order_pairs,
    register_pair_rows,
    register_roadmap_rows,
)

__all__ = ["init_app", "register_encouraged_mentors", "register_final_event",
           "register_order_pairs", "register_pair_rows", "register_roadmap_rows"]


def init_app(app: Flask) -> None:
    from nastavnik.tenants.documents.views import bp, documents_panel

    app.register_blueprint(bp)
    add_school_panel(documents_panel)
    add_school_section("Документы", "documents.index", DOCUMENTS.read, order=7)
