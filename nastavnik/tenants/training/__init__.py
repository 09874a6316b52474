"""Training of mentors (roadmap 4.2–4.3): the library of methodical materials of the
school, the municipality and the region; consultations and установочные сессии with
their attendance sheets; each mentor's training status."""

from flask import Flask

from nastavnik.platform.scopes import (
    add_municipality_section,
    add_region_section,
    add_school_section,
)
from nastavnik.tenants.roadmap.evidence_pages import add_evidence_page
from nastavnik.tenants.training import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.training.permissions import TRAINING
from nastavnik.tenants.training.shared_views import municipal_bp, regional_bp
from nastavnik.tenants.training.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(municipal_bp)
    app.register_blueprint(regional_bp)
    add_school_section("Обучение", "training.index", TRAINING.read, order=35)
    add_municipality_section("Обучение наставников", "training_municipal.index",
                             TRAINING.share_municipal, order=20)
    add_region_section("Методические материалы", "training_regional.index",
                       TRAINING.share_regional, order=20)
    # The roadmap's 4.2 and 4.3 link to the library and the sessions with their sheets.
    add_evidence_page("training.material_added", "Методические материалы школы",
                      "training.index", TRAINING.read)
    add_evidence_page("training.attendance_recorded",
                      "Консультации, установочные сессии и листы регистрации",
                      "training.index", TRAINING.read)
