"""Demo data: a region's school year of teacher mentoring, told through the platform.

One region, two municipalities, eight schools with fake teachers (``staff``), an account
per role, and the story of the current academic year (``school_year``): roadmaps,
documents, consents, banks, pairs, each school at its own stage (``progress``). Every
change goes through the capabilities' services, so each is an event in the log; the
projections are brought up to date at the end so that aggregates show it all.

Deterministic (seeded random, Faker from a fixed seed) and idempotent: a second run
finds what exists and adds nothing. None of the people is real.
"""

from __future__ import annotations

import random

from nastavnik.demo.dates import story_year
from nastavnik.demo.final_event import seed_final_event
from nastavnik.demo.hierarchy import seed_hierarchy
from nastavnik.demo.monitoring import seed_monitoring
from nastavnik.demo.network import seed_network
from nastavnik.demo.practices import seed_practices
from nastavnik.demo.school_year import tell_school_year
from nastavnik.demo.staff import Login, seed_teachers, seed_users
from nastavnik.extensions import db
from nastavnik.platform.reference import seed_reference
from nastavnik.workers.projections import advance, projections

__all__ = ["Login", "seed"]


def seed(password: str) -> list[Login]:
    seed_reference()
    year = story_year()
    region, schools = seed_hierarchy(years=(year - 1, year))
    for number, school in enumerate(schools):
        seed_teachers(school, random.Random(number))
    logins = seed_users(region, schools, password)
    tell_school_year(schools)
    seed_network(schools)
    seed_practices(schools)
    seed_monitoring(schools, year)
    seed_final_event(schools)
    db.session.commit()
    for projection in projections():
        advance(projection)
    return logins
