"""The indicators of «Подготовка наставников» on a small hand-built log, each value
written here by hand, and their section in the municipal XLSX report.

Municipality «m» has schools A and B. The snapshot is 20 November 2026 (2026/27) unless a
test says otherwise.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from oversight_log import HandLog, teacher
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.oversight.figures import figures, snapshot
from nastavnik.platform.oversight.state import TrainingAttendanceState, TrainingMaterialState
from nastavnik.workers.projections import find, rebuild
from nastavnik.workers.reports.content import place_report
from nastavnik.workers.reports.xlsx import render

DAY = dt.date(2026, 11, 20)
CODES = ("training_materials", "training_sessions", "mentors_trained")
MENTOR = {"competencies": ["methods"], "subjects": ["math"], "capacity": 2,
          "network_ready": False, "qualification": "highest", "experience_band": "21_plus"}


def present(n: int, *others: int) -> list[str]:
    return [teacher(n), *(teacher(o) for o in others)]


def sheet(session: int, kind: str, held_on: str, here: list[str], away: list[str],
          level: str = "school") -> dict:
    return {"session": session, "level": level, "kind": kind, "held_on": held_on,
            "present": here, "absent": away, "anyone_present": bool(here)}


@pytest.fixture
def municipality(make_region, make_municipality, make_school, travel_to):
    travel_to("2026-12-15")
    municipality = make_municipality("m", make_region("r"))
    a, b = make_school("a", municipality), make_school("b", municipality)
    log = HandLog()
    for school, numbers in ((a, (1, 2, 3)), (b, (21,))):
        for n in numbers:
            log.add(school, "teacher.added", {"teacher": teacher(n), "young_specialist": False,
                                              "age_band": "35_60"}, on="2025-09-01")
            log.add(school, "mentor.entered", {"teacher": teacher(n), **MENTOR},
                    on="2025-09-02")
    # A's set: its own material 1; the municipality's 2, included and taken out again;
    # the region's 3, included after the snapshot day.
    log.add(a, "training.material_added", {"material": 1, "level": "school",
                                           "topic": "methods", "link": False}, on="2026-10-01")
    log.add(a, "training.material_added", {"material": 2, "level": "municipality",
                                           "topic": "normative", "link": True}, on="2026-10-05")
    log.add(a, "training.material_removed", {"material": 2, "level": "municipality"},
            on="2026-11-01")
    log.add(a, "training.material_added", {"material": 3, "level": "region",
                                           "topic": "programs", "link": True}, on="2026-11-25")
    # Session 10 (municipal, установочная): A marked 1 and 2, then corrected to 1 only;
    # B marked 21. Session 11 (A's exchange of experience): 3 — not training. Session 12
    # (A's consultation of last year): 2 — trained, but not a session of this year.
    log.add(a, "training.attendance_recorded",
            sheet(10, "setup", "2026-10-12", present(1, 2), present(3), "municipality"),
            on="2026-10-12")
    log.add(a, "training.attendance_recorded",
            sheet(10, "setup", "2026-10-12", present(1), present(2, 3), "municipality"),
            on="2026-10-13")
    log.add(b, "training.attendance_recorded",
            sheet(10, "setup", "2026-10-12", present(21), [], "municipality"), on="2026-10-14")
    log.add(a, "training.attendance_recorded",
            sheet(11, "exchange", "2026-11-05", present(3), present(1, 2)), on="2026-11-05")
    log.add(a, "training.attendance_recorded",
            sheet(12, "consultation", "2025-12-01", present(2), present(1, 3)),
            on="2025-12-01")
    log.write()
    return municipality


def shown(place, day: dt.date = DAY) -> dict:
    found = figures(place, snapshot(2026, day))
    table = {row.place.slug: {code: found.result(code, row.values) for code in CODES}
             for row in found.rows}
    table["total"] = {code: found.result(code) for code in CODES}
    return table


def test_the_training_indicators_have_their_hand_computed_values(municipality):
    assert shown(municipality) == {
        # A: material 1 (2 was taken out, 3 came later); sessions 10 and 11 this year;
        # mentors 1 (session 10) and 2 (last year's consultation) of 1, 2, 3 are trained.
        "a": {"training_materials": 1, "training_sessions": 2, "mentors_trained": 66.7},
        "b": {"training_materials": 0, "training_sessions": 1, "mentors_trained": 100.0},
        # The municipal session counts in each school whose mentors were there.
        "total": {"training_materials": 1, "training_sessions": 3, "mentors_trained": 75.0},
    }


def test_a_past_day_counts_what_stood_then(municipality):
    assert shown(municipality, dt.date(2026, 10, 10))["a"] == {
        "training_materials": 2,  # 1 and 2: 2 was taken out on 1 November
        "training_sessions": 0,  # session 10 was held on 12 October
        "mentors_trained": 33.3,  # only 2, at last year's consultation
    }


def test_the_section_is_in_the_municipal_xlsx(municipality):
    content = place_report(municipality, snapshot(2026, DAY), clock.now(), lambda _done: None)
    book = load_workbook(io.BytesIO(render(content)))
    [sheet] = [sheet for sheet in book.worksheets if sheet.title == "Подготовка наставников"]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    text = str(cells)
    assert "Доля обученных наставников" in text
    assert any(row[:1] == ["Школа a"] and 66.7 in row for row in cells), cells


def test_a_rebuild_from_empty_gives_the_same_training_state(municipality):
    def state():
        return {model.__tablename__: sorted(
            tuple(str(v) for v in row) for row in db.session.execute(select(model.__table__)))
            for model in (TrainingMaterialState, TrainingAttendanceState)}

    incremental = state()
    for model in (TrainingMaterialState, TrainingAttendanceState):
        rebuild(find(model.projection))
    db.session.expire_all()
    assert state() == incremental
    assert shown(municipality)["total"]["mentors_trained"] == 75.0
