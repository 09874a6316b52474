"""The curator invites a teacher of the staff list as a mentor, in a real browser; the
teacher sets a password by the one-time link, logs in, lands on the school and opens
her own questionnaire."""

import pytest
from bank_helpers import consented, teacher
from conftest import PASSWORD
from playwright.sync_api import expect

from nastavnik.platform.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("autumn_2026")]
NEW_PASSWORD = "orlova-sets-her-own-1"


def test_an_invited_mentor_opens_her_own_questionnaire(page, browser, live_server,
                                                      make_school, make_user):
    school = make_school("sch", name="МБОУ «Школа № 5»")
    make_user(Role.CURATOR, school, email="kurator@example.org")
    consented(teacher(school, "Орлова", "Наталья", middle_name="Сергеевна"), "mentor_bank")

    page.goto(f"{live_server}/login")
    page.get_by_label("Электронная почта").fill("kurator@example.org")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.locator("#place-sections").get_by_role("link", name="Педагоги").click()
    page.get_by_role("link", name="Пригласить").click()
    expect(page.get_by_role("heading", name="Пригласить: Орлова Наталья Сергеевна")) \
        .to_be_visible()
    page.get_by_label("Электронная почта педагога").fill("orlova@example.org")
    page.get_by_label("Роль").select_option(label="Наставник")
    page.get_by_role("button", name="Пригласить").click()
    expect(page.get_by_role("heading", name="Педагог приглашён")).to_be_visible()
    link = page.locator("#invite-link").inner_text()

    teacher_page = browser.new_context().new_page()
    teacher_page.goto(link)
    teacher_page.get_by_label("Новый пароль", exact=True).fill(NEW_PASSWORD)
    teacher_page.get_by_label("Новый пароль ещё раз").fill(NEW_PASSWORD)
    teacher_page.get_by_role("button", name="Сохранить пароль").click()
    teacher_page.get_by_label("Электронная почта").fill("orlova@example.org")
    teacher_page.get_by_label("Пароль").fill(NEW_PASSWORD)
    teacher_page.get_by_role("button", name="Войти").click()
    expect(teacher_page.get_by_role("heading", name="МБОУ «Школа № 5»")).to_be_visible()
    teacher_page.get_by_role("link", name="Банк наставников: моя анкета").click()
    expect(teacher_page.get_by_text("Банк наставников: моя анкета").first).to_be_visible()
    teacher_page.context.close()
