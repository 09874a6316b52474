"""Indicators of matching and support, from a small hand-built log, each value by hand.

School S (2026/27, snapshot 20 November 2026): mentees 1, 2, 3 enter the bank; the curator
accepts the proposal of mentor 10 for 1 (pair 1), takes mentor 11 instead of the proposed
10 for 2 (pair 2), turns mentor 10 down for 3; pair 3 is formed by hand. Mentee 3 has a
support plan; mentee 4 waits without one. Last year's decision does not count.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from oversight_log import HandLog, teacher
from test_indicators import shown

from nastavnik.platform import clock
from nastavnik.platform.oversight.figures import figures, snapshot
from nastavnik.workers.reports import xlsx
from nastavnik.workers.reports.content import place_report

DAY = dt.date(2026, 11, 20)
YOUNG = {"young_specialist": True, "age_band": "under_35"}


def entered(n: int) -> dict:
    return {"teacher": teacher(n), "difficulties": ["parents"], "category": "young_specialist",
            "young_specialist": True, "age_band": "under_35", "experience_band": "0_3"}


def formed(pair: int, mentor: int, mentee: int, starts_on: str) -> dict:
    return {"pair": pair, "mentor": teacher(mentor), "mentees": [teacher(mentee)],
            "form": "traditional", "group": False, "starts_on": starts_on,
            "ends_on": "2027-05-31"}


def decided(decision: int, mentee: int, proposed: int, outcome: str, pair: int | None = None,
            chosen: int | None = None) -> dict:
    return {"decision": decision, "mentee": teacher(mentee), "proposed": teacher(proposed),
            "chosen": teacher(chosen) if chosen else None, "outcome": outcome,
            "formed": pair is not None, "pair": pair, "score": 4.5, "from_optimal": False,
            "reason": "other" if outcome == "rejected" else None}


@pytest.fixture
def school(make_region, make_municipality, make_school, travel_to):
    travel_to("2026-12-15")
    municipality = make_municipality("m", make_region("r"))
    school = make_school("s", municipality)
    log = HandLog()
    for n in (1, 2, 3, 4, 5, 10, 11, 12):
        log.add(school, "teacher.added", {"teacher": teacher(n), **YOUNG}, on="2026-09-01")
    for n in (1, 2, 3, 4):
        log.add(school, "mentee.entered", entered(n), on="2026-09-10")
    log.add(school, "matching.decided", decided(90, 5, 10, "accepted", pair=90, chosen=10),
            on="2026-05-10")  # last school year
    log.add(school, "pair.formed", formed(1, 10, 1, "2026-10-01"), on="2026-10-01")
    log.add(school, "mentee.status_changed", {"teacher": teacher(1), "status": "in_pair"},
            on="2026-10-01")
    log.add(school, "matching.decided", decided(1, 1, 10, "accepted", pair=1, chosen=10),
            on="2026-10-01")
    log.add(school, "pair.formed", formed(2, 11, 2, "2026-10-05"), on="2026-10-05")
    log.add(school, "mentee.status_changed", {"teacher": teacher(2), "status": "in_pair"},
            on="2026-10-05")
    log.add(school, "matching.decided", decided(2, 2, 10, "edited", pair=2, chosen=11),
            on="2026-10-05")
    log.add(school, "matching.decided", decided(3, 3, 10, "rejected"), on="2026-10-06")
    log.add(school, "pair.formed", formed(3, 12, 5, "2026-10-07"), on="2026-10-07")
    log.add(school, "support.plan_saved", {"mentee": teacher(3), "items": 2,
                                           "supporters": ["psychologist"], "first": True},
            on="2026-10-08")
    log.add(school, "support.plan_saved", {"mentee": teacher(3), "items": 1,
                                           "supporters": ["curator"], "first": False},
            on="2026-11-25")  # edited after the snapshot: made on 8 October all the same
    log.write()
    return school


def test_each_indicator_has_its_hand_computed_value(school):
    s = shown(school.municipality)["s"]
    assert s["matching_accepted"] == 2  # decisions 1 (accepted) and 2 (edited)
    assert s["matching_rejected"] == 1  # decision 3
    assert s["pairs_from_proposals"] == 66.7  # pairs 1 and 2 of 1, 2, 3
    assert s["waiting_with_plan"] == 50.0  # 3 of 3 and 4


def test_a_day_before_the_plan_counts_no_plan(school):
    s = shown(school.municipality, dt.date(2026, 10, 7))["s"]
    assert s["waiting_with_plan"] == 0.0  # 3 and 4 wait, the plan came on 8 October
    assert s["matching_accepted"] == 2 and s["matching_rejected"] == 1


def test_the_section_is_in_the_reports(school):
    found = figures(school.municipality, snapshot(2026, DAY))
    sections = {i.section for i in found.indicators}
    assert "Подбор наставников и поддержка" in sections


def test_the_municipal_xlsx_has_the_section_with_its_values(school):
    book = load_workbook(io.BytesIO(xlsx.render(place_report(
        school.municipality, snapshot(2026, DAY), clock.now(), lambda _done: None))))
    sheet = book["Подбор наставников и поддержка"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Школа", "Предложений подбора принято, шт.",
                          "Предложений подбора отклонено, шт.",
                          "Пары, сформированные по предложениям подбора, %",
                          "Ожидающие наставника с планом сопровождения, %"]
    rows = {row[0]: row[1:5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Итого"] == (2, 1, 66.7, 50.0)
