"""The school roadmap: the seven stages' activities per school and academic year."""

from flask import Flask

from nastavnik.platform.events import event_recorded
from nastavnik.platform.reference import add_seeder
from nastavnik.platform.scopes import (
    add_municipality_section,
    add_school_panel,
    add_school_section,
)
from nastavnik.platform.signals import school_created
from nastavnik.tenants.roadmap import (
    events,  # noqa: F401 - registers the event types
    evidence_pages,
    indicators,  # noqa: F401 - declares its indicators
    template_views,
    views,
    waiting,
)
from nastavnik.tenants.roadmap.permissions import ROADMAP, ROADMAP_TEMPLATE
from nastavnik.tenants.roadmap.services import (
    complete_from_event,
    open_roadmap_of_new_school,
    seed_default_template,
)


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(template_views.bp)
    add_school_panel(waiting.waiting_panel, first=True)
    add_school_panel(views.roadmap_panel)
    add_school_section("Дорожная карта", "roadmap.index", ROADMAP.read, order=5)
    add_municipality_section("Шаблон дорожной карты", "roadmap_template.index",
                             ROADMAP_TEMPLATE.read, order=10)
    # Activities the platform sees happening complete themselves (services.complete_from_event).
    event_recorded.connect(complete_from_event)
    school_created.connect(open_roadmap_of_new_school)
    add_seeder(seed_default_template)
    app.add_template_global(evidence_pages.evidence_page, "evidence_page")
