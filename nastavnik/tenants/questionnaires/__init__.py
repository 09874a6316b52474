"""Questionnaires: versioned templates (items are data) and the answers schools collect.

Both banks and, later, monitoring use the same engine: ``questionnaire_form`` builds the
form, ``submit_response`` validates and stores answers with their event.
"""

from flask import Blueprint, Flask

from nastavnik.platform.reference import add_seeder
from nastavnik.tenants.questionnaires import events  # noqa: F401 - registers the event types

bp = Blueprint("questionnaires", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    from nastavnik.tenants.questionnaires.services import ensure_standard_templates

    add_seeder(ensure_standard_templates)
