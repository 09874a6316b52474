"""Jobs that follow the school calendar: each school's roadmap for the new academic year.

Pages never open a roadmap (a GET never writes), so the new year's roadmaps are opened
here, daily and idempotently: on 1 September every school gets its roadmap, and a day
the scheduler missed is made up the next day.
"""

from __future__ import annotations

from nastavnik.extensions import db
from nastavnik.tenants.roadmap.services import open_current_roadmaps
from nastavnik.workers.jobs import app_context


def open_roadmaps_of_the_year() -> int:
    """Job (daily): open this academic year's roadmap of every school lacking one."""
    with app_context():
        opened = open_current_roadmaps()
        db.session.commit()
        return opened
