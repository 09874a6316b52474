"""Network mentoring across the schools of a municipality: schools join the network,
mentors consent to be offered, the municipal methodologist proposes cross-school pairs,
both schools agree, and the pair is formed in the mentee's school."""

from flask import Flask

from nastavnik.platform.scopes import add_municipality_section, add_school_panel
from nastavnik.tenants.matching.support import add_network_proposals
from nastavnik.tenants.network import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.network.permissions import NETWORK
from nastavnik.tenants.network.profiles import queue_offers
from nastavnik.tenants.network.views import bp, municipal_bp, proposals_panel


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(municipal_bp)
    add_school_panel(proposals_panel, first=True)
    # The school's waiting queue (5.3) shows what the network could offer each mentee.
    add_network_proposals(queue_offers)
    # No tab of its own (a school has a dozen already): «Подбор наставников» and the home
    # page's card lead to it.
    add_municipality_section("Сетевое наставничество", "network_municipal.board",
                             NETWORK.match, order=40)
