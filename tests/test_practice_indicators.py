"""The methodical bank's indicators from a small hand-built log, each value by hand.

Municipality «m» has schools A and B. A submitted practices 1, 2, 3 and 4 this school
year: 1 went up to the region's collection, 2 was chosen by the municipality, 3 was
marked best, then proposed to the municipality and declined back to «best», 4 stays
submitted. B submitted 5 last school year (chosen by the region since) and 6 this year,
still submitted. The snapshot is 20 November 2026.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from oversight_log import HandLog

from nastavnik.platform.oversight.figures import figures, snapshot

DAY = dt.date(2026, 11, 20)
CODES = ("practices_submitted", "practices_school_best", "practices_chosen_municipality",
         "practices_chosen_region")
PATH = ["submitted", "school_best", "proposed_municipality", "chosen_municipality",
        "proposed_region", "chosen_region"]


@pytest.fixture
def m(make_region, make_municipality, make_school, travel_to):
    travel_to("2026-12-15")
    m = make_municipality("m", make_region("r"))
    a, b = make_school("a", m), make_school("b", m)
    log = HandLog()

    def submitted(school, practice: int, on: str) -> None:
        log.add(school, "practice.submitted", {"practice": practice, "category": "lesson",
                                               "pair": None, "authors": []}, on=on)

    def moved(school, practice: int, statuses: list[str], on: str) -> None:
        for source, target in itertools.pairwise(statuses):
            log.add(school, "practice.status_changed", {
                "practice": practice, "source": source, "target": target,
                "role": "director"}, on=on)

    for practice in (1, 2, 3, 4):
        submitted(a, practice, "2026-10-01")
    moved(a, 1, PATH, "2026-10-20")
    moved(a, 2, PATH[:4], "2026-10-20")
    moved(a, 3, [*PATH[:3], "school_best"], "2026-10-20")
    submitted(b, 5, "2026-05-01")
    moved(b, 5, PATH, "2026-10-20")
    submitted(b, 6, "2026-11-01")
    log.write()
    return m


def shown(place, day: dt.date = DAY) -> dict:
    found = figures(place, snapshot(2026, day))
    table = {row.place.slug: {code: found.result(code, row.values) for code in CODES}
             for row in found.rows}
    table["total"] = {code: found.result(code) for code in CODES}
    return table


def test_each_practice_indicator_has_its_hand_computed_value(m):
    assert shown(m) == {
        "a": {"practices_submitted": 4,  # 1, 2, 3, 4
              "practices_school_best": 3,  # 1, 2, 3 (declined back to best)
              "practices_chosen_municipality": 2,  # 1 (went on to the region), 2
              "practices_chosen_region": 1},  # 1
        "b": {"practices_submitted": 1,  # 6; 5 was submitted last school year
              "practices_school_best": 0, "practices_chosen_municipality": 0,
              "practices_chosen_region": 0},
        "total": {"practices_submitted": 5, "practices_school_best": 3,
                  "practices_chosen_municipality": 2, "practices_chosen_region": 1},
    }


def test_a_day_before_the_submissions_counts_nothing(m):
    assert shown(m, dt.date(2026, 9, 30))["total"] == dict.fromkeys(CODES, 0)
