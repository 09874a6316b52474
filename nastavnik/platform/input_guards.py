"""What the platform refuses of any request before a view sees it.

Both guards turn input that no row can match or no column can hold into a plain
Russian answer (404, 400) instead of a database error surfacing as a 500.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

from nastavnik.platform.errors import bad_request

# Ids are PostgreSQL ``integer``: a larger number in a URL names no row, and the
# database refuses to even compare with it ("integer out of range").
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number beyond ``MAX_ID`` does not match (404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def no_nul_in_the_path(_endpoint: str | None, _values: dict | None) -> None:
    """A path with U+0000 names no page. Checked before any blueprint's URL processor,
    since those look the school up by the path's slug (``/s/%00/``) and the database
    refuses to even compare with it."""
    if "\x00" in request.path:
        abort(404)


def refuse_nul_characters():
    """PostgreSQL text cannot hold U+0000; a paste may carry it, and no one means it."""
    if any("\x00" in value for values in request.values.listvalues() for value in values):
        return bad_request("Текст содержит недопустимый символ (нулевой байт). "
                           "Уберите его и отправьте форму снова.")
    return None


def init_app(app: Flask) -> None:
    # Before any blueprint is registered: rules bind their converter when added.
    app.url_map.converters["int"] = IdConverter
    app.url_value_preprocessor(no_nul_in_the_path)
    app.before_request(refuse_nul_characters)
