"""Issue 16 acceptance in a browser: the municipal methodologist finds the school that lags,
drills into it, orders the municipal PDF, watches it finish and downloads it; the regional
operator downloads the regional PDF and XLSX.

The schools' year is a hand-built event log (``oversight_log.py``): Школа № 2 has let
three roadmap activities pass their window, the other two are on time.
"""

from __future__ import annotations

import io
import re

import pytest
from conftest import TEST_REDIS_URL
from openpyxl import load_workbook
from oversight_log import HandLog, project, teacher
from playwright.sync_api import Page, expect
from rq import SimpleWorker
from test_browser_school_starts import log_in, log_out

from nastavnik.platform.roles import Role
from nastavnik.workers.queues import REPORTS, get_queue, redis_connection

pytestmark = pytest.mark.browser

ON_TIME = {"codes": ["1.1", "1.2"], "due_from": ["2026-09-01"] * 2,
           "due_to": ["2027-03-31", "2027-05-31"]}
BEHIND = {"codes": ["1.1", "1.2", "2.1"], "due_from": ["2026-09-01"] * 3,
          "due_to": ["2026-09-30", "2026-10-15", "2026-10-31"]}


@pytest.fixture
def district(make_region, make_municipality, make_school, make_user, travel_to):
    travel_to("2026-11-20")
    region = make_region("tver", name="Тверская область")
    town = make_municipality("zarechny", region, name="Заречный район")
    log = HandLog()
    for number, roadmap in ((1, ON_TIME), (2, BEHIND), (3, ON_TIME)):
        school = make_school(f"school-{number}", town, short_name=f"Школа № {number}",
                             name=f"МБОУ «Школа № {number}»")
        _a_school_year(log, school, number, roadmap)
    log.write()
    project()
    return {"methodologist": make_user(Role.METHODOLOGIST, town, "metod@zarechny.ru"),
            "operator": make_user(Role.REGIONAL_OPERATOR, region, "operator@tver.ru")}


def _a_school_year(log: HandLog, school, number: int, roadmap: dict) -> None:
    mentor, mentee = teacher(10 * number), teacher(10 * number + 1)
    log.add(school, "teacher.added", {"teacher": mentor, "young_specialist": False},
            on="2026-09-01")
    log.add(school, "teacher.added", {"teacher": mentee, "young_specialist": True,
                                      "age_band": "under_35"}, on="2026-09-01")
    log.add(school, "account.role_granted", {"account": number, "role": "curator"},
            on="2026-09-01")
    log.add(school, "pair.formed", {"pair": number, "mentor": mentor, "mentees": [mentee],
                                    "form": "teacher_teacher", "group": False,
                                    "starts_on": "2026-09-15", "ends_on": "2027-05-31"},
            on="2026-09-15")
    log.add(school, "roadmap.created", {"academic_year": 2026, "activities": len(
        roadmap["codes"]), "municipal_template": False, **roadmap}, on="2026-09-01")


def build_reports() -> None:
    """The reports worker: a real RQ worker on the test Redis, run once its job waits."""
    queue = get_queue(REPORTS, redis_connection(TEST_REDIS_URL))
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def order(page: Page, fmt: str) -> None:
    page.get_by_label("Формат").select_option(label=fmt)
    page.get_by_role("button", name="Заказать").click()
    expect(page.locator("h1")).to_contain_text("в очереди")


def watch_and_download(page: Page, label: str) -> bytes:
    """The status page refreshes itself until the report is built; then download it."""
    build_reports()
    download_link = page.get_by_role("link", name=f"Скачать {label}")
    expect(download_link).to_be_visible(timeout=15_000)
    with page.expect_download() as download:
        download_link.click()
    return open(download.value.path(), "rb").read()


def test_the_methodologist_finds_the_lagging_school_and_the_region_downloads_its_reports(
        page: Page, live_server: str, district):
    log_in(page, live_server, "metod@zarechny.ru")
    page.goto(f"{live_server}/m/zarechny/")
    first_risk = page.locator("#risks li").first
    expect(first_risk).to_contain_text("Школа № 2")
    expect(first_risk).to_contain_text("просрочены мероприятия")

    first_risk.get_by_role("link", name="Школа № 2").click()
    expect(page.get_by_role("heading", name=re.compile("Школа № 2"))).to_be_visible()
    expect(page.locator("body")).to_contain_text("просрочены мероприятия этапов 1, 2")

    page.goto(f"{live_server}/m/zarechny/")
    page.get_by_role("link", name="Отчёты", exact=True).click()
    order(page, "PDF")
    pdf = watch_and_download(page, "PDF")
    assert pdf.startswith(b"%PDF")
    log_out(page)

    log_in(page, live_server, "operator@tver.ru")
    page.goto(f"{live_server}/r/tver/reports/")
    order(page, "PDF")
    assert watch_and_download(page, "PDF").startswith(b"%PDF")
    page.get_by_role("link", name="← Все отчёты").click()
    order(page, "XLSX (Excel)")
    workbook = load_workbook(io.BytesIO(watch_and_download(page, "XLSX (Excel)")))
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True)
             for cell in row]
    assert "Заречный район" in cells
    assert 6 in cells  # the region's teachers, a number, not text
