"""The page frame's helpers for small screens.

A table wider than the screen (the road map, the banks, the municipal table) scrolls
inside its own box instead of making the whole page scroll sideways: the base template
passes each page's content through ``scrolling_tables``, which puts every ``<table>`` in a
Bootstrap ``.table-responsive`` box. One rule in one place, so no template has to remember.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask, url_for
from markupsafe import Markup

TABLE_OPEN = re.compile(r"<table\b")
TABLE_CLOSE = re.compile(r"</table\s*>")


def scrolling_tables(html: str) -> Markup:
    """``html`` (already escaped by the templates) with each table in a scrolling box."""
    html = TABLE_OPEN.sub('<div class="table-responsive"><table', str(html))
    return Markup(TABLE_CLOSE.sub("</table></div>", html))


# An id no row has: it marks where each row's own id goes in a link built once per page.
ROW_MARK = 2**31 - 1


def row_url(endpoint: str, key: str, **values) -> Callable[[int], str]:
    """The link a list repeats on every row, built once: ``row_url('consents.give',
    'teacher_id', purpose_code=...)(teacher.id)``. ``url_for`` per row and link costs more
    than the rest of a 300-row page."""
    head, _mark, tail = url_for(endpoint, **values, **{key: ROW_MARK}).partition(str(ROW_MARK))
    return lambda row_id: f"{head}{int(row_id)}{tail}"


def init_app(app: Flask) -> None:
    app.add_template_filter(scrolling_tables, "scrolling_tables")
    app.add_template_global(row_url, "row_url")
