"""The methodical bank (методическая копилка): a school's practices of mentoring, marked
best by the director, proposed and chosen up to the municipality's and the region's
collections, searchable in Russian."""

from flask import Flask

from nastavnik.tenants.practices import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)


def init_app(app: Flask) -> None:
    pass
