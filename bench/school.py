"""A generated school year at two sizes, told through the services like the demo.

The demo region (eight schools, its logins) plus two schools of the same municipality,
``bench-30`` and ``bench-300`` (``SIZES``), each with its staff, consents, both banks
filled, pairs and a group formed, the stage-1 documents approved and the road map under
way: the story of a school «ahead» (``nastavnik/demo/progress.py``), scaled to its staff.
Each has a curator ``kurator.<slug>@bench.example`` (password ``PASSWORD``).
"""

from __future__ import annotations

import dataclasses
import functools
import random

from nastavnik.demo import seed as seed_demo
from nastavnik.demo.dates import story_year
from nastavnik.demo.progress import AHEAD, Story
from nastavnik.demo.school_year import tell
from nastavnik.demo.staff import SUBJECTS, _account, _faker, _name
from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import Municipality, School
from nastavnik.platform.passwords import hash_password
from nastavnik.platform.roles import Role
from nastavnik.tenants.teachers.services import add_teacher
from nastavnik.workers.projections import advance, projections

PASSWORD = "bench-password-2026"
SIZES = (30, 300)
DOMAIN = "bench.example"


def slug_of(size: int) -> str:
    return f"bench-{size}"


def curator_email(size: int) -> str:
    return f"kurator.{slug_of(size)}@{DOMAIN}"


def make_staff(school: School, size: int, rng: random.Random) -> None:
    """``size`` teachers, a quarter of them young, as the demo's staff lists are."""
    fake, today = _faker(school.id * 104_729), clock.today()
    for _ in range(size):
        young = rng.random() < 0.25
        age = rng.randint(22, 34) if young else rng.randint(30, 66)
        experience = rng.randint(0, 3) if young else rng.randint(4, max(4, age - 22))
        add_teacher(school, **_name(fake, rng.random() < 0.2), birth_year=today.year - age,
                    teaching_since=today.year - experience, subjects=rng.choice(list(SUBJECTS)),
                    new_in_post=rng.random() < 0.05)
    db.session.flush()


def make_school(municipality: Municipality, size: int, number: int) -> School:
    school = School(slug=slug_of(size), name=f"МБОУ «Школа на {size} педагогов»",
                    short_name=f"Школа {size}", code=f"bench-{size}",
                    municipality=municipality, region=municipality.region,
                    address=f"ул. Испытательная, д. {number}",
                    website=f"https://bench-{size}.edu.example")
    db.session.add(school)
    db.session.flush()
    hashed = functools.cache(lambda: hash_password(PASSWORD))
    _account(Role.DIRECTOR, f"direktor.{slug_of(size)}@{DOMAIN}", "Директоров Иван Петрович",
             school, hashed)
    _account(Role.CURATOR, curator_email(size), "Кураторова Анна Сергеевна", school, hashed)
    return school


def school_ahead(municipality: Municipality, size: int, number: int = 1) -> School:
    """A school of ``size`` teachers whose year is well under way (committed)."""
    rng = random.Random(size)
    school = make_school(municipality, size, number)
    make_staff(school, size, rng)
    # Mentors in proportion to the staff (the demo's 7 of about 30), pairs for all.
    progress = dataclasses.replace(AHEAD, mentors=max(7, size // 5), pairs=size)
    tell(Story(school, progress, story_year(), rng))
    db.session.commit()
    return school


def seed_schools() -> dict[int, School]:
    """The demo, then one school «ahead» per size in its first municipality (committed)."""
    seed_demo(PASSWORD)
    municipality = db.session.query(Municipality).order_by(Municipality.id).first()
    made = {size: school_ahead(municipality, size, number)
            for number, size in enumerate(SIZES, start=1)}
    for projection in projections():
        advance(projection)
    return made
