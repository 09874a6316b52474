"""The platform's one clock: now, today and the academic year, in the school's time zone.

Nothing else in the code asks the system for the date or time. Dates a school sees —
a consent signed «today», a roadmap item overdue, the current academic year — are the
date in the school's zone, not the server's: a school in Novosibirsk turns the day four
hours before a server in UTC. Tests move this clock with ``time-machine``, which
patches the calls made here.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo, available_timezones

from flask import current_app, g, has_app_context

# Most regions that have adopted the platform so far; a deployment sets its own.
DEFAULT_ZONE = "Europe/Moscow"


def zone(place: object | None = None) -> ZoneInfo:
    """The time zone of ``place`` (a school, municipality or region) or else of the place
    the request stands in; outside any place, the deployment's ``SCHOOL_TIMEZONE``."""
    if place is None and has_app_context():
        place = g.get("place")
    name = getattr(getattr(place, "region", place), "timezone", None)
    if name is None and has_app_context():
        name = current_app.config.get("SCHOOL_TIMEZONE")
    return ZoneInfo(name or DEFAULT_ZONE)


def is_zone(name: str | None) -> bool:
    """Whether ``name`` is a time zone of the IANA database, e.g. "Asia/Novosibirsk"."""
    return bool(name) and name in _zone_names()


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def now() -> dt.datetime:
    """This moment, timezone-aware in UTC: what timestamps are stored as."""
    return dt.datetime.now(dt.UTC)


def local_now(place: object | None = None) -> dt.datetime:
    """This moment on the school's wall clock (of ``place`` if given)."""
    return now().astimezone(zone(place))


def today(place: object | None = None) -> dt.date:
    """Today's date in the school's zone (of ``place`` if given)."""
    return local_now(place).date()


def local_date(moment: dt.datetime, place: object | None = None) -> dt.date:
    """The school's calendar date at ``moment`` (an aware datetime)."""
    return moment.astimezone(zone(place)).date()


def academic_year_of(day: dt.date) -> int:
    """The starting calendar year of the academic year (1 September – 31 August) of ``day``."""
    return day.year if day.month >= 9 else day.year - 1


def current_academic_year(place: object | None = None) -> int:
    return academic_year_of(today(place))


def at_noon(day: dt.date, place: object | None = None) -> dt.datetime:
    """A bare date as a moment: noon of that day in the school's zone (never ambiguous)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=zone(place))


def moment_of(day: dt.date, place: object | None = None) -> dt.datetime:
    """What a bare date means for the log: noon that day, or now if today's noon is still
    to come (at 00:30 on 1 September nothing can have happened at noon yet)."""
    noon = at_noon(day, place)
    return min(noon, now()) if day == today(place) else noon


def start_of(day: dt.date, place: object | None = None) -> dt.datetime:
    """The first moment of ``day`` on the school's wall clock: where a day's filter starts."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zone(place))
