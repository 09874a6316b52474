"""Issue 17 acceptance in a browser: the curator runs matching and accepts a proposal, the
pair and its program appear; the mentor marks an activity done and logs a meeting; the
mentee sees both and says how it went; the curator sees the progress; the roadmap's 4.1
and 5.2 read as done, each with its evidence."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from program_helpers import account_of, person
from test_browser_school_starts import log_in, log_out

from nastavnik.extensions import db
from nastavnik.platform.roles import Role
from nastavnik.tenants.roadmap.services import ensure_school_roadmap

pytestmark = pytest.mark.browser


@pytest.fixture
def school_in_october(make_school, make_user, travel_to):
    travel_to("2026-10-12")  # inside the windows of 4.1 (October) and 5.2 (Oct–Nov)
    school = make_school("school-7", short_name="Школа № 7", name="МБОУ «Школа № 7»")
    ensure_school_roadmap(school, 2026)
    mentor = person(school, "Орлова", mentor=True)
    mentee = person(school, "Лебедева", mentee=True)
    db.session.commit()
    return {
        "curator": make_user(Role.CURATOR, school, "curator@school-7.ru"),
        "mentor": account_of(make_user, school, mentor, Role.MENTOR),
        "mentee": account_of(make_user, school, mentee, Role.MENTEE),
    }


def test_from_a_proposal_to_a_program_both_sides_work_in(page: Page, live_server,
                                                          school_in_october):
    people = school_in_october
    curator_matches_and_approves(page, live_server, people["curator"].email)
    mentor_marks_and_meets(page, live_server, people["mentor"].email)
    mentee_sees_and_rates(page, live_server, people["mentee"].email)
    curator_sees_progress_and_the_roadmap(page, live_server, people["curator"].email)


def curator_matches_and_approves(page: Page, server: str, email: str) -> None:
    log_in(page, server, email)
    page.goto(f"{server}/s/school-7/matching/")
    proposal = page.locator(".proposal").first
    expect(proposal).to_contain_text("Орлова")
    expect(proposal).to_contain_text("закрывает запрос")
    proposal.get_by_role("link", name="Рассмотреть").click()
    page.get_by_role("button", name="Принять и сформировать пару").click()
    expect(page.locator(".alert-success")).to_be_visible()

    page.goto(f"{server}/s/school-7/pairs/")
    expect(page.locator("main")).to_contain_text("Лебедева")
    page.goto(f"{server}/s/school-7/programs/")
    row = page.locator("tr", has_text="Лебедева")
    expect(row).to_contain_text("Черновик")
    row.get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("План мероприятий")
    page.get_by_role("button", name="Утвердить программу").click()
    expect(page.locator("h1")).to_contain_text("Утверждена")
    log_out(page)


def mentor_marks_and_meets(page: Page, server: str, email: str) -> None:
    log_in(page, server, email)
    page.goto(f"{server}/s/school-7/programs/mine")
    page.get_by_role("link", name="Отметить выполненным").first.click()
    page.get_by_label("Комментарий: что сделано").fill("Разобрали рабочую программу 7 «Б».")
    page.get_by_role("button", name="Отметить выполненным").click()
    expect(page.locator("main")).to_contain_text("Разобрали рабочую программу")

    page.get_by_label("Дата встречи").fill("2026-10-12")
    page.get_by_label("Тема").fill("Приёмы удержания внимания")
    page.get_by_label("Продолжительность, минут").fill("45")
    page.get_by_role("button", name="Записать встречу").click()
    expect(page.locator("main")).to_contain_text("Приёмы удержания внимания")
    log_out(page)


def mentee_sees_and_rates(page: Page, server: str, email: str) -> None:
    log_in(page, server, email)
    page.goto(f"{server}/s/school-7/programs/mine")
    main = page.locator("main")
    expect(main).to_contain_text("Разобрали рабочую программу")
    expect(main).to_contain_text("Приёмы удержания внимания")
    page.get_by_role("link", name="Оценить").first.click()
    page.get_by_label("5").check()
    page.get_by_label("Комментарий").fill("Стало понятнее, спасибо!")
    page.get_by_role("button", name="Оценить").click()
    expect(main).to_contain_text("Стало понятнее, спасибо!")
    log_out(page)


def curator_sees_progress_and_the_roadmap(page: Page, server: str, email: str) -> None:
    log_in(page, server, email)
    page.goto(f"{server}/s/school-7/programs/")
    row = page.locator("tr", has_text="Лебедева")
    expect(row).to_contain_text("Утверждена")
    expect(row).to_contain_text("1 из")

    page.goto(f"{server}/s/school-7/roadmap/")
    for code, evidence in (("4.1", "Результаты подбора наставников"),
                           ("5.2", "Персонализированные программы пар и групп")):
        activity = page.locator("tr", has=page.get_by_role("cell", name=code, exact=True))
        expect(activity).to_contain_text("Выполнено")
        expect(activity).to_contain_text("Выполнено автоматически")
        activity.get_by_role("link", name=evidence).click()
        expect(page.locator("main")).to_contain_text("Лебедева")
        page.go_back()
