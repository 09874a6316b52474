"""Russian dates and plurals, from Babel's CLDR data rather than hand-written rules."""

import datetime as dt

from babel import Locale
from flask import Flask
from flask_babel import Babel, format_date, format_datetime

from nastavnik.platform import clock

RU = Locale.parse("ru")


def plural(count: int, one: str, few: str, many: str) -> str:
    """``plural(21, "встреча", "встречи", "встреч")`` → ``"21 встреча"``."""
    form = RU.plural_form(count)
    word = {"one": one, "few": few}.get(form, many)
    return f"{count} {word}"


def ru_date(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return format_datetime(value, "d MMMM y г., HH:mm" if style == "long" else "dd.MM.y HH:mm")
    return format_date(value, style if style != "short" else "dd.MM.y")


def init_app(app: Flask, babel: Babel) -> None:
    # Moments are shown on the wall clock of the school the page is about.
    babel.init_app(app, locale_selector=lambda: "ru", timezone_selector=lambda: clock.zone().key)
    app.add_template_filter(ru_date, "ru_date")
    app.add_template_global(plural, "plural")
