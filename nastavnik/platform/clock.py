"""The platform's one clock: now, today and the academic year, in the school's time zone.

Nothing else in the code asks the system for the date or time. Dates a school sees —
a consent signed «today», a roadmap item overdue, the current academic year — are the
date in the school's zone, not the server's: a school in Novosibirsk turns the day four
hours before a server in UTC. Tests move this clock with ``time-machine``, which
patches the calls made here.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, g, has_app_context

# Most regions that have adopted the platform so far; a deployment sets its own.
DEFAULT_ZONE = "Europe/Moscow"


def zone() -> ZoneInfo:
    """The time zone of the place the request stands in, else the deployment's."""
    place = g.get("place") if has_app_context() else None
    name = getattr(getattr(place, "region", place), "timezone", None)
    if name is None and has_app_context():
        name = current_app.config.get("SCHOOL_TIMEZONE")
    return ZoneInfo(name or DEFAULT_ZONE)


def now() -> dt.datetime:
    """This moment, timezone-aware in UTC: what timestamps are stored as."""
    return dt.datetime.now(dt.UTC)


def local_now() -> dt.datetime:
    """This moment on the school's wall clock."""
    return now().astimezone(zone())


def today() -> dt.date:
    """Today's date in the school's zone."""
    return local_now().date()


def academic_year_of(day: dt.date) -> int:
    """The starting calendar year of the academic year (1 September – 31 August) of ``day``."""
    return day.year if day.month >= 9 else day.year - 1


def current_academic_year() -> int:
    return academic_year_of(today())


def at_noon(day: dt.date) -> dt.datetime:
    """A bare date as a moment: noon of that day in the school's zone (never ambiguous)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=zone())
