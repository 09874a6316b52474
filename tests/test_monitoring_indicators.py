"""The monitoring indicators, computed from a small hand-built log, each value written
here by hand; and the rule that a mean of fewer than 3 answers is not shown above the school.

Municipality «m» has schools A, B and C (snapshot 20 November 2026).
A sent 5 requests: mentees 1, 2, 3 answered (satisfaction 5, 4, 3; change of difficulties
2.0, 1.0 and none rated), mentor 4 answered (4), mentor 5 did not.
B sent 2: mentee 6 answered (2, change 0.5), mentor 7 answered (5). C sent none.
A request of last school year (8, in A) counts nowhere.
"""

from __future__ import annotations

import datetime as dt

import pytest
from oversight_log import HandLog, teacher

from nastavnik.platform.oversight.figures import figures, snapshot
from nastavnik.workers.reports.content import place_report

DAY = dt.date(2026, 11, 20)
CODES = ("monitoring_response_rate", "monitoring_mentee_satisfaction",
         "monitoring_mentor_satisfaction", "monitoring_difficulty_change")


@pytest.fixture
def m(make_region, make_municipality, make_school, travel_to):
    travel_to("2026-12-15")
    m = make_municipality("m", make_region("r"))
    a, b = make_school("a", m), make_school("b", m)
    make_school("c", m)
    log = HandLog()

    def asked(school, request: int, participant: str, year: int = 2026,
              on: str = "2026-10-01") -> dict:
        payload = {"request": request, "pair": request, "respondent": teacher(request),
                   "participant": participant, "round": "final", "academic_year": year}
        log.add(school, "monitoring.requested", payload, on=on)
        return payload

    def answered(payload: dict, satisfaction: int, change: float | None,
                 on: str = "2026-10-10") -> None:
        log.add(a if payload["request"] in (1, 2, 3, 4, 5, 8) else b, "monitoring.answered",
                {**payload, "satisfaction": satisfaction, "difficulty_change": change}, on=on)

    for request, score, change in ((1, 5, 2.0), (2, 4, 1.0), (3, 3, None)):
        answered(asked(a, request, "mentee"), score, change)
    answered(asked(a, 4, "mentor"), 4, None)
    asked(a, 5, "mentor")
    answered(asked(b, 6, "mentee"), 2, 0.5)
    answered(asked(b, 7, "mentor"), 5, None)
    answered(asked(a, 8, "mentee", year=2025, on="2026-05-20"), 1, -3.0, on="2026-05-25")
    log.write()
    return m


def shown(place, day: dt.date = DAY) -> dict:
    found = figures(place, snapshot(2026, day))
    table = {row.place.slug: {code: found.result(code, row.values) for code in CODES}
             for row in found.rows}
    table["total"] = {code: found.result(code) for code in CODES}
    return table


def test_each_monitoring_indicator_has_its_hand_computed_value(m):
    assert shown(m) == {
        "a": {"monitoring_response_rate": 80.0,  # 4 of 5
              "monitoring_mentee_satisfaction": 4.0,  # (5 + 4 + 3) ÷ 3
              "monitoring_mentor_satisfaction": None,  # 1 answer: not shown
              "monitoring_difficulty_change": None},  # 2 rated: not shown
        "b": {"monitoring_response_rate": 100.0,  # 2 of 2
              "monitoring_mentee_satisfaction": None,  # 1 answer
              "monitoring_mentor_satisfaction": None,
              "monitoring_difficulty_change": None},
        "c": {code: None for code in CODES},  # nothing sent: no base
        "total": {"monitoring_response_rate": 85.7,  # 6 of 7
                  "monitoring_mentee_satisfaction": 3.5,  # (5 + 4 + 3 + 2) ÷ 4
                  "monitoring_mentor_satisfaction": None,  # 4 and 5: two answers
                  "monitoring_difficulty_change": 1.2},  # (2 + 1 + 0.5) ÷ 3
    }


def test_a_school_with_fewer_than_three_answers_shows_no_mean_on_its_own_figures(m):
    b = next(row.place for row in figures(m, snapshot(2026, DAY)).rows if row.place.slug == "b")
    assert shown(b)["b"] == {"monitoring_response_rate": 100.0,
                             "monitoring_mentee_satisfaction": None,
                             "monitoring_mentor_satisfaction": None,
                             "monitoring_difficulty_change": None}


def test_a_day_before_the_answers_counts_the_requests_only(m):
    assert shown(m, dt.date(2026, 10, 5))["total"] == {
        "monitoring_response_rate": 0.0, "monitoring_mentee_satisfaction": None,
        "monitoring_mentor_satisfaction": None, "monitoring_difficulty_change": None}


def test_the_municipal_report_has_the_monitoring_section_with_dashes(m):
    content = place_report(m, snapshot(2026, DAY), dt.datetime(2026, 12, 15, tzinfo=dt.UTC),
                           lambda _percent: None)
    part = next(p for p in content.parts if p.heading == "Мониторинг качества")
    table = part.tables[0]
    assert [row[0] for row in table.rows][:3] == ["Школа a", "Школа b", "Школа c"]
    assert "Удовлетворённость наставляемых программой" in " ".join(map(str, table.header))
    b_row = next(row for row in table.rows if row[0] == "Школа b")
    assert b_row[1:] == [100.0, None, None, None]  # the PDF prints a missing value as «—»
