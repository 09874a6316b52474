"""The indicators of «Информационное сопровождение» on a small hand-built log, each value
written here by hand, and their section in the municipal XLSX report.

Municipality «m» has schools A, B and C; the snapshot is 20 November 2026 (2026/27).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from oversight_log import HandLog
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.oversight.figures import figures, snapshot
from nastavnik.platform.oversight.state import PublicationState
from nastavnik.workers.projections import find, rebuild
from nastavnik.workers.reports.content import place_report
from nastavnik.workers.reports.xlsx import render

DAY = dt.date(2026, 11, 20)
CODES = ("news_published", "public_section")


def news(log, school, number: int, on: str) -> None:
    log.add(school, "publication.published", {"publication": number, "dated": on,
                                              "image": False, "links": 0}, on=on)


def document(log, school, kind: str, on: str, shown: bool = True) -> None:
    log.add(school, f"publication.document_{'shown' if shown else 'hidden'}",
            {"kind": kind, "academic_year": 2026}, on=on)


@pytest.fixture
def municipality(make_region, make_municipality, make_school, travel_to):
    travel_to("2026-12-15")
    municipality = make_municipality("m", make_region("r"))
    a, b, _c = (make_school(slug, municipality) for slug in ("a", "b", "c"))
    log = HandLog()
    # A: news 1 of last year, 2 and 3 this year, 4 after the snapshot day; 3 withdrawn and
    # published again (it counts once); the Regulation public since October.
    news(log, a, 1, "2026-05-10")
    news(log, a, 2, "2026-09-15")
    news(log, a, 3, "2026-10-01")
    log.add(a, "publication.withdrawn", {"publication": 3}, on="2026-10-02")
    news(log, a, 3, "2026-10-03")
    news(log, a, 4, "2026-11-25")
    document(log, a, "regulation", "2026-10-05")
    # B: news 5 withdrawn for good; its road map shown and hidden again, its Regulation
    # shown only after the snapshot day. C: nothing.
    news(log, b, 5, "2026-09-20")
    log.add(b, "publication.withdrawn", {"publication": 5}, on="2026-09-21")
    document(log, b, "roadmap", "2026-09-10")
    document(log, b, "roadmap", "2026-09-30", shown=False)
    document(log, b, "regulation", "2026-11-30")
    log.write()
    return municipality


def shown(place, day: dt.date = DAY) -> dict:
    found = figures(place, snapshot(2026, day))
    table = {row.place.slug: {code: found.result(code, row.values) for code in CODES}
             for row in found.rows}
    table["total"] = {code: found.result(code) for code in CODES}
    return table


def test_the_information_indicators_have_their_hand_computed_values(municipality):
    assert shown(municipality) == {
        "a": {"news_published": 2, "public_section": 1},  # news 2 and 3; the Regulation
        "b": {"news_published": 0, "public_section": 0},  # 5 withdrawn; road map hidden
        "c": {"news_published": 0, "public_section": 0},
        "total": {"news_published": 2, "public_section": 1},
    }


def test_a_past_day_counts_what_stood_then(municipality):
    assert shown(municipality, dt.date(2026, 9, 20))["total"] == {
        "news_published": 2,  # A's 2 and B's 5 (withdrawn the next day)
        "public_section": 1,  # B's road map, hidden on 30 September
    }


def test_the_section_is_in_the_municipal_xlsx(municipality):
    content = place_report(municipality, snapshot(2026, DAY), clock.now(), lambda _done: None)
    book = load_workbook(io.BytesIO(render(content)))
    [sheet] = [s for s in book.worksheets if s.title == "Информационное сопровождение"]
    text = str([[cell.value for cell in row] for row in sheet.iter_rows()])
    assert "Школ с открытым разделом «Наставничество»" in text


def test_a_rebuild_from_empty_gives_the_same_state(municipality):
    def state():
        return sorted(tuple(str(v) for v in row)
                      for row in db.session.execute(select(PublicationState.__table__)))

    incremental = state()
    rebuild(find(PublicationState.projection))
    db.session.expire_all()
    assert state() == incremental
