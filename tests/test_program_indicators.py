"""The indicators of personalized programs, on a hand-built log with every value written
here by hand, and their section in the municipal reports.

School «a» has three pairs. Pair 1's program was approved on 5 October; its plan has
activities 11 (planned 1 October, done that day), 12 (planned 1 November, done on
5 November: late) and 13 (planned 1 December); the mentor logged meetings on 10 October
and 12 November; the mentee rated activity 11 with 5 and the first meeting with 3. Pair 2's
program is a draft with activity 21 (planned 15 October, not done) and 22 (added, planned
25 November). Pair 3 was approved, then cancelled as a mistake: it never counts.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import test_reports
from openpyxl import load_workbook
from oversight_log import HandLog, teacher
from test_indicators import shown
from test_reports import as_user, order, pdf_text, report_id, work

from nastavnik.extensions import db
from nastavnik.platform.oversight.state import STATE_PROJECTIONS
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.programs.services import approve_program, program_of
from nastavnik.workers.projections import advance, find

# The reports' world (two municipalities, a pair in school a1) and its users and queue.
queue, users, world = test_reports.queue, test_reports.users, test_reports.world
CODES = ("programs_approved", "program_activities_on_time", "program_activities_overdue",
         "program_meetings", "program_mean_rating")


def _pair(log: HandLog, school, pair: int, mentor: int, mentee: int) -> None:
    log.add(school, "pair.formed", {"pair": pair, "mentor": teacher(mentor),
                                    "mentees": [teacher(mentee)], "form": "teacher_teacher",
                                    "group": False, "starts_on": "2026-10-01",
                                    "ends_on": "2027-05-31"}, on="2026-10-01")


@pytest.fixture
def school(make_region, make_municipality, make_school, travel_to):
    travel_to("2026-12-15")
    a = make_school("a", make_municipality("m1", make_region("r")))
    log = HandLog()
    for pair in (1, 2, 3):
        _pair(log, a, pair, 10 + pair, 20 + pair)
    log.add(a, "program.created", {"program": 101, "pair": 1, "difficulties": ["methods"],
                                   "activities": [11, 12, 13],
                                   "planned_on": ["2026-10-01", "2026-11-01", "2026-12-01"]},
            on="2026-10-01")
    log.add(a, "program.created", {"program": 102, "pair": 2, "difficulties": [],
                                   "activities": [21], "planned_on": ["2026-10-15"]},
            on="2026-10-01")
    log.add(a, "program.created", {"program": 103, "pair": 3, "difficulties": [],
                                   "activities": [31], "planned_on": ["2026-10-02"]},
            on="2026-10-01")
    log.add(a, "program.approved", {"program": 101, "pair": 1, "activities": 3},
            on="2026-10-05")
    log.add(a, "program.approved", {"program": 103, "pair": 3, "activities": 1},
            on="2026-10-05")
    log.add(a, "pair.cancelled", {"pair": 3}, on="2026-10-06")
    log.add(a, "program.activity_added", {"program": 102, "pair": 2, "activity": 22,
                                          "planned_on": "2026-11-25"}, on="2026-10-07")
    done = {"program": 101, "pair": 1, "mentor": teacher(11), "with_file": False}
    log.add(a, "program.activity_done", {**done, "activity": 11, "planned_on": "2026-10-01",
                                         "done_on": "2026-10-01"}, on="2026-10-01")
    log.add(a, "program.activity_done", {**done, "activity": 12, "planned_on": "2026-11-01",
                                         "done_on": "2026-11-05"}, on="2026-11-05")
    meeting = {"program": 101, "pair": 1, "mentor": teacher(11), "format": "in_person",
               "minutes": 45}
    log.add(a, "program.meeting_logged", {**meeting, "meeting": 41, "held_on": "2026-10-10"},
            on="2026-10-10")
    log.add(a, "program.meeting_logged", {**meeting, "meeting": 42, "held_on": "2026-11-12"},
            on="2026-11-12")
    rated = {"program": 101, "pair": 1, "mentee": teacher(21)}
    log.add(a, "program.feedback_given", {**rated, "activity": 11, "rating": 5},
            on="2026-10-02")
    log.add(a, "program.feedback_given", {**rated, "meeting": 41, "rating": 3},
            on="2026-10-11")
    log.write()
    return a


def programs_of(table: dict) -> dict:
    return {code: table["a"][code] for code in CODES}


def test_each_program_indicator_has_its_hand_computed_value(school):
    assert programs_of(shown(school.municipality, dt.date(2026, 11, 20))) == {
        "programs_approved": 50.0,  # pair 1 of the working 1 and 2
        "program_activities_on_time": 33.3,  # 11 of 11, 12, 21 (due before the day)
        "program_activities_overdue": 1,  # 21; 12 was done on 5 November
        "program_meetings": 2,
        "program_mean_rating": 4.0,  # (5 + 3) ÷ 2
    }


def test_a_past_day_counts_what_stood_on_that_day(school):
    assert programs_of(shown(school.municipality, dt.date(2026, 11, 3))) == {
        "programs_approved": 50.0,
        "program_activities_on_time": 33.3,  # 11 of 11, 21, 12
        "program_activities_overdue": 2,  # 21, and 12 (done only on 5 November)
        "program_meetings": 1,
        "program_mean_rating": 4.0,
    }
    before_approval = programs_of(shown(school.municipality, dt.date(2026, 10, 3)))
    assert before_approval["programs_approved"] == 0.0


def test_the_municipal_reports_have_the_programs_section(world, users, client, queue,
                                                         tmp_path):
    pair = db.session.query(MentoringPair).one()
    approve_program(world["a1"], program_of(pair), users["curator_a1"])
    db.session.commit()
    for name in STATE_PROJECTIONS:
        advance(find(name))
    db.session.commit()
    as_user(client, users["meth_a"])
    pdf = report_id(order(client, "/m/mun-a/reports/"))
    xlsx = report_id(order(client, "/m/mun-a/reports/", format="xlsx"))
    work(queue)
    text = pdf_text(client.get(f"/m/mun-a/reports/{pdf}/download").data, tmp_path)
    assert "Персонализированные программы" in text
    assert "Пары и группы с утверждённой программой" in text
    book = load_workbook(io.BytesIO(client.get(f"/m/mun-a/reports/{xlsx}/download").data))
    sheet = book["Персонализированные программы"]
    header = [c.value for c in sheet[1]]
    assert "Пары и группы с утверждённой программой, %" in header
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    column = header.index("Пары и группы с утверждённой программой, %")
    assert rows["Школа № 1 Альфа"][column].value == 100.0
