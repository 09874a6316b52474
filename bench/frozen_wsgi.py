"""``wsgi:app`` with the platform's clock set to ``BENCH_TODAY`` (noon in Moscow), ticking.

The oversight benchmark serves its dashboards through gunicorn from this module, so «today»
on the pages is the day the generated region was written for, whatever the machine's date:
the figures, and so the timings, do not change from one day to the next.
"""

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import time_machine

from nastavnik.platform.clock import DEFAULT_ZONE

_day = dt.date.fromisoformat(os.environ["BENCH_TODAY"])
# The clock runs a whole number of seconds ahead of (or behind) the real one, the same
# shift in every worker: noon came at BENCH_CLOCK_ORIGIN (a real Unix time). Were each
# worker to start at noon, a session cookie signed by one that started earlier would look
# signed in the future to another, and be dropped (itsdangerous refuses a negative age).
_noon = dt.datetime.combine(_day, dt.time(12), tzinfo=ZoneInfo(DEFAULT_ZONE)).timestamp()
_shift = round(_noon - float(os.environ.get("BENCH_CLOCK_ORIGIN") or time.time()))
time_machine.travel(time.time() + _shift, tick=True).start()

from wsgi import app  # noqa: E402 - imported once the clock is set

__all__ = ["app"]
