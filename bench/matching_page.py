"""The curator's «Подбор наставников» page for a school of 150 waiting mentees and 60
mentors: the whole request (reading both banks, scoring every pair, the exact best
distribution, the page) through the application, against the target of 1 s.

Database: ``BENCH_MATCHING_DATABASE_URL`` (default ``…/nastavnik_bench_matching``),
dropped and made again (kept with ``BENCH_REUSE=1``).
"""

from __future__ import annotations

import functools
import os
import random
import re
import statistics
import time

from flask_migrate import upgrade

from bench.pages import app_for, in_process_login
from bench.school import PASSWORD
from nastavnik.demo.staff import _account
from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.passwords import hash_password
from nastavnik.platform.reference import seed_reference
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.consents.services import give_consent
from nastavnik.tenants.teachers.services import add_teacher

DATABASE_URL = os.environ.get(
    "BENCH_MATCHING_DATABASE_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/nastavnik_bench_matching")
MENTEES, MENTORS = 150, 60
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
REQUESTS = 5  # per round
TARGET_S = 1.0
CURATOR = "kurator@matching.bench.example"
DIFFICULTIES = ["subject_teaching", "methods", "classroom_management", "parents",
                "inclusive", "digital_tools", "exam_preparation", "documentation"]
SUBJECTS = ["russian", "math", "informatics", "physics", "chemistry", "biology", "history"]


def build() -> None:
    from tests.conftest import recreate_database

    recreate_database(DATABASE_URL)
    with app_for(DATABASE_URL).app_context():
        upgrade(revision="heads")
        seed_reference()
        region = Region(slug="bench", name="Испытательная область", code="99")
        town = Municipality(slug="bench-town", name="Испытательный район", region=region,
                            code="bench-town")
        school = School(slug="bench-matching", name="МБОУ «Школа подбора»",
                        short_name="Школа подбора", code="bench-matching", municipality=town,
                        region=region)
        db.session.add_all([region, town, school])
        db.session.flush()
        _account(Role.CURATOR, CURATOR, "Кураторова Анна Сергеевна", school,
                 functools.cache(lambda: hash_password(PASSWORD)))
        rng = random.Random(17)
        for n in range(MENTORS):
            mentor = _teacher(school, f"Наставникова{n}", "mentor_bank")
            enter_mentor(mentor, {
                "subjects": rng.sample(SUBJECTS, rng.randint(1, 2)),
                "competencies": rng.sample(DIFFICULTIES, rng.randint(2, 5)),
                "experience": rng.choice(["11_20", "21_plus"]),
                "qualification": rng.choice(["first", "highest", "mentor"]),
                "capacity": rng.randint(1, 3), "formats": ["traditional"],
                "network_ready": "no", "achievements": ""})
        for n in range(MENTEES):
            mentee = _teacher(school, f"Молодая{n}", "mentee_bank")
            enter_mentee(mentee, {
                "category": "young_specialist", "experience": "0_3", "age": "under_35",
                "difficulties": rng.sample(DIFFICULTIES, rng.randint(1, 3)), "confidence": 2,
                "difficulties_details": "", "formats": ["traditional"]})
        db.session.commit()
        db.engine.dispose()


def _teacher(school: School, last_name: str, purpose: str):
    teacher = add_teacher(school, last_name=last_name, first_name="Анна",
                          middle_name="Игоревна", position="учитель")
    give_consent(teacher, purpose, given_on=clock.today(), form_reference="№ 1")
    return teacher


def main() -> None:
    if os.environ.get("BENCH_REUSE") != "1":
        started = time.perf_counter()
        build()
        print(f"a school of {MENTEES} waiting mentees and {MENTORS} mentors: "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    app = app_for(DATABASE_URL)
    client = app.test_client()
    in_process_login(client, CURATOR)
    page = client.get("/s/bench-matching/matching/")
    assert page.status_code == 200, page.status_code
    shown = page.get_data(as_text=True)
    pairs = len(re.findall(r"optimal=1", shown))
    medians = []
    print(f"«Подбор наставников», {MENTEES} × {MENTORS}, {ROUNDS} rounds of {REQUESTS} "
          f"requests (the best distribution shows {pairs} pairs)")
    print(f"{'round':>6} {'s: min':>8} {'median':>8} {'max':>8}")
    for round_ in range(ROUNDS):
        spent = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            assert client.get("/s/bench-matching/matching/").status_code == 200
            spent.append(time.perf_counter() - started)
        medians.append(statistics.median(spent))
        print(f"{round_ + 1:>6} {min(spent):>8.3f} {medians[-1]:>8.3f} {max(spent):>8.3f}",
              flush=True)
    verdict = "yes" if statistics.median(medians) < TARGET_S else "NO"
    print(f"median of the rounds' medians {statistics.median(medians):.3f} s "
          f"< {TARGET_S:g} s: {verdict}")
