"""The story's calendar: the current academic year, counted from its 1 September.

The story is told of the year the platform is in today (2026/2027 when it was written),
so a demo made next year is as alive. Dates a service refuses in the future (consents,
withdrawals, completions) are kept at or before today: early in September the autumn's
story is squeezed into the days the year has had (on 1 September, all of it that day),
and never reaches back into the year before.
"""

from __future__ import annotations

import datetime as dt
import random

from dateutil.relativedelta import relativedelta

from nastavnik.platform import clock


def story_year() -> int:
    return clock.current_academic_year()


def on(start_year: int, month: int, day: int) -> dt.date:
    """``day.month`` of the academic year that starts in ``start_year``."""
    return dt.date(start_year if month >= 9 else start_year + 1, month, day)


def between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A working day from ``first`` to ``last``, never after today."""
    last = past(last)
    first = min(first, last)
    day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
    return workday(day)


def workday(day: dt.date) -> dt.date:
    """Documents are signed and meetings held on weekdays: a weekend moves back to Friday,
    but not out of its academic year (a Saturday 1 September stays)."""
    friday = day - dt.timedelta(days=max(0, day.weekday() - 4))
    return max(friday, on(clock.academic_year_of(day), 9, 1))


def months_later(day: dt.date, months: int) -> dt.date:
    return day + relativedelta(months=months)


def past(day: dt.date) -> dt.date:
    """``day``, or today if it has not come yet: the demo records no event in the future."""
    return min(day, clock.today())
