"""The network mentoring indicators, computed from a small hand-built log, each value
written here by hand.

Municipality «m» has schools A, B and C. A joined the network on 1 September, B on
1 October and left on 1 November, C never joined. A's mentor 1 consented to network
mentoring on 5 September; B's mentor 2 on 2 October and withdrew on 10 October. Three
pairs were proposed for A's mentees: 1 (agreed by both schools), 2 (declined), 3 (still
waiting); one for B's mentee, 4, last school year. The snapshot is 20 November 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest
from oversight_log import HandLog, teacher

from nastavnik.platform.oversight.figures import figures, snapshot
from nastavnik.workers.reports.content import place_report

DAY = dt.date(2026, 11, 20)
CODES = ("network_schools", "network_mentors", "network_proposals", "network_proposals_agreed")


@pytest.fixture
def m(make_region, make_municipality, make_school, travel_to):
    travel_to("2026-12-15")
    m = make_municipality("m", make_region("r"))
    a, b = make_school("a", m), make_school("b", m)
    make_school("c", m)  # never joins
    log = HandLog()
    log.add(a, "network.agreement_changed", {"taking_part": True}, on="2026-09-01")
    log.add(b, "network.agreement_changed", {"taking_part": True}, on="2026-10-01")
    log.add(b, "network.agreement_changed", {"taking_part": False}, on="2026-11-01")
    log.add(a, "consent.network_given", {"teacher": teacher(1), "shared": ["competencies"]},
            on="2026-09-05")
    log.add(b, "consent.network_given", {"teacher": teacher(2), "shared": ["subjects"]},
            on="2026-10-02")
    log.add(b, "consent.network_withdrawn", {"teacher": teacher(2)}, on="2026-10-10")
    for proposal, mentee in ((1, 11), (2, 12), (3, 13)):
        log.add(a, "network.proposed", {"proposal": proposal, "mentee": teacher(mentee),
                                        "mentor": teacher(2), "mentee_school": a.id,
                                        "mentor_school": b.id}, on="2026-10-05")
    log.add(a, "network.agreed", {"proposal": 1, "pair": 7}, on="2026-10-12")
    log.add(a, "network.declined", {"proposal": 2, "side": "mentor"}, on="2026-10-13")
    log.add(b, "network.proposed", {"proposal": 4, "mentee": teacher(14), "mentor": teacher(1),
                                    "mentee_school": b.id, "mentor_school": a.id},
            on="2026-05-05")
    log.write()
    return m


def shown(place, day: dt.date = DAY) -> dict:
    found = figures(place, snapshot(2026, day))
    table = {row.place.slug: {code: found.result(code, row.values) for code in CODES}
             for row in found.rows}
    table["total"] = {code: found.result(code) for code in CODES}
    return table


def test_each_network_indicator_has_its_hand_computed_value(m):
    assert shown(m) == {
        "a": {"network_schools": 1, "network_mentors": 1,  # mentor 1
              "network_proposals": 3,  # 1, 2, 3 on 5 October
              "network_proposals_agreed": 1},  # 1
        "b": {"network_schools": 0,  # left on 1 November
              "network_mentors": 0,  # mentor 2 withdrew
              "network_proposals": 0,  # 4 was proposed last school year
              "network_proposals_agreed": 0},
        "c": dict.fromkeys(CODES, 0),
        "total": {"network_schools": 1, "network_mentors": 1, "network_proposals": 3,
                  "network_proposals_agreed": 1},
    }


def test_a_past_day_counts_what_had_begun_by_then(m):
    # 3 October, as the log now stands: A in the network (B's membership is closed by its
    # leaving, as a withdrawn consent closes mentor 2's), mentor 1, nothing proposed yet.
    assert shown(m, dt.date(2026, 10, 3))["total"] == {
        "network_schools": 1, "network_mentors": 1, "network_proposals": 0,
        "network_proposals_agreed": 0}
    # 2 September: A had joined, mentor 1 had not consented yet.
    assert shown(m, dt.date(2026, 9, 2))["total"]["network_mentors"] == 0


def test_the_municipal_report_has_the_network_section(m):
    content = place_report(m, snapshot(2026, DAY), dt.datetime(2026, 12, 15, tzinfo=dt.UTC),
                           lambda _percent: None)
    part = next(p for p in content.parts if p.heading == "Сетевое наставничество")
    table = part.tables[0]
    assert [row[0] for row in table.rows][:3] == ["Школа a", "Школа b", "Школа c"]
    assert "Предложено сетевых пар в учебном году" in " ".join(map(str, table.header))
