"""The page frame's helpers for small screens.

A table wider than the screen (the road map, the banks, the municipal table) scrolls
inside its own box instead of making the whole page scroll sideways: the base template
passes each page's content through ``scrolling_tables``, which puts every ``<table>`` in a
Bootstrap ``.table-responsive`` box. One rule in one place, so no template has to remember.
"""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup

TABLE_OPEN = re.compile(r"<table\b")
TABLE_CLOSE = re.compile(r"</table\s*>")


def scrolling_tables(html: str) -> Markup:
    """``html`` (already escaped by the templates) with each table in a scrolling box."""
    html = TABLE_OPEN.sub('<div class="table-responsive"><table', str(html))
    return Markup(TABLE_CLOSE.sub("</table></div>", html))


def init_app(app: Flask) -> None:
    app.add_template_filter(scrolling_tables, "scrolling_tables")
