"""Issue 15 acceptance: a school starts on the platform, every step clicked in a browser.

Only the region, the municipality and the administrator are made directly. The
administrator creates the school and its curator; the curator imports the staff list and
invites one teacher as a mentor and another as a mentee; both set their passwords through
their invitation links, land on their school's page, find their own questionnaire and,
once the curator pairs them, their pair; the director approves the pair order and finds
nothing left waiting for them.
"""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD
from playwright.sync_api import Browser, Locator, Page, expect

from nastavnik.extensions import db
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.roles import Role

pytestmark = pytest.mark.browser

SCHOOL = "МБОУ «Школа № 12»"
MENTOR, MENTEE = "Соколова Ирина Павловна", "Лебедев Артём Игоревич"
NEW_PASSWORD = "ucheniki-i-uchitel-2026"
STAFF = ("Фамилия;Имя;Отчество;Год рождения;Педагогический стаж с;Должность;Предметы\n"
         "Соколова;Ирина;Павловна;1975;1998;учитель;математика\n"
         "Лебедев;Артём;Игоревич;2001;2025;учитель;математика\n")


def log_in(page: Page, server: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль", exact=True).fill(password)
    page.get_by_role("button", name="Войти").click()


def lands_on_the_school(page: Page) -> None:
    """A person with one place lands on that place's page, not on a list of roles."""
    expect(page.get_by_role("heading", name=SCHOOL, exact=True)).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Выйти").click()


def create_school_and_curator(page: Page, server: str) -> None:
    log_in(page, server, "admin@example.org")
    page.goto(f"{server}/admin/schools")
    page.get_by_label("Муниципалитет").select_option(label="Заречный район")
    page.get_by_label("Полное наименование").fill(SCHOOL)
    page.get_by_label("Краткое наименование").fill(SCHOOL)
    page.get_by_label("Адрес в URL").fill("school-12")
    page.get_by_label("Код", exact=True).fill("69-01-12")
    page.get_by_role("button", name="Добавить").click()
    expect(page.get_by_role("alert").filter(has_text="добавлен")).to_be_visible()

    page.goto(f"{server}/admin/users")
    page.get_by_label("ФИО").fill("Орлова Наталья Сергеевна")
    page.get_by_label("Электронная почта").fill("kurator@school12.ru")
    page.get_by_label("Пароль", exact=True).fill(PASSWORD)
    page.get_by_label("Роль", exact=True).select_option(label=Role.CURATOR.label)
    page.get_by_label("Где действует роль").fill("69-01-12")
    page.get_by_role("button", name="Добавить").click()
    expect(page.get_by_role("alert").filter(has_text="создана: Куратор")).to_be_visible()
    log_out(page)


def import_staff(page: Page, tmp_path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    page.goto(page.url.split("/s/")[0] + "/s/school-12/teachers/import")
    page.get_by_label("Файл CSV или XLSX").set_input_files(staff)
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_role("button", name=re.compile("Импортировать 2")).click()
    for name in (MENTOR, MENTEE):
        expect(page.get_by_role("row", name=re.compile(name))).to_be_visible()


def invite(page: Page, name: str, email: str, role: Role) -> str:
    """The curator invites a teacher of the list; the one-time link is what they hand over."""
    page.get_by_role("row", name=re.compile(name)).get_by_role("link", name="Пригласить").click()
    page.get_by_label("Электронная почта педагога").fill(email)
    page.get_by_label("Роль", exact=True).select_option(label=role.label)
    page.get_by_role("button", name="Пригласить").click()
    expect(page.get_by_role("heading", name="Педагог приглашён")).to_be_visible()
    link = page.locator("#invite-link").inner_text()
    page.get_by_role("link", name="К списку педагогов").click()
    return link


def record_consent(page: Page, bank: str, name: str) -> None:
    page.locator("#place-sections").get_by_role("link", name="Согласия", exact=True).click()
    page.get_by_role("link", name=bank, exact=True).click()
    page.get_by_role("row", name=re.compile(name)).get_by_role("link", name="Записать согласие") \
        .click()
    page.get_by_label("Номер или отметка подписанного бланка").fill("№ 1")
    page.get_by_role("button", name="Записать согласие").click()
    expect(page.get_by_text(re.compile(f"Согласие записано: {name}"))).to_be_visible()


def set_password_and_log_in(browser: Browser, link: str, server: str, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    page.get_by_label("Новый пароль", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Новый пароль ещё раз").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Сохранить пароль").click()
    expect(page.get_by_text("Пароль изменён. Войдите с новым паролем.")).to_be_visible()
    log_in(page, server, email, NEW_PASSWORD)
    lands_on_the_school(page)
    return page


def answer(page: Page, question: str, option: str) -> None:
    page.get_by_role("group", name=question).get_by_label(option, exact=True).check()


def fill_mentor_questionnaire(page: Page) -> None:
    page.get_by_role("link", name="Банк наставников: моя анкета").click()
    expect(page.get_by_role("heading", name="Банк наставников: моя анкета")).to_be_visible()
    answer(page, "Какие предметы вы преподаёте?", "Математика")
    answer(page, "В чём вы готовы помогать коллегам?", "Управление классом, дисциплина на уроке")
    answer(page, "Квалификационная категория", "Высшая")
    answer(page, "Скольких наставляемых вы готовы сопровождать одновременно?", "2")
    answer(page, "В каких формах наставничества вы готовы работать?",
           "Традиционная («один на один»)")
    answer(page, "Готовы ли вы быть наставником педагога другой школы муниципалитета?", "Нет")
    page.get_by_role("button", name="Отправить анкету").click()
    expect(page.get_by_text("Анкета сохранена.")).to_be_visible()


def fill_mentee_questionnaire(page: Page) -> None:
    page.get_by_role("link", name="Банк наставляемых: моя анкета").click()
    expect(page.get_by_role("heading", name="Банк наставляемых: моя анкета")).to_be_visible()
    # What the staff list knows is shown, not asked again.
    expect(page.get_by_text("до 35 лет")).to_be_visible()
    answer(page, "К какой категории вы относитесь?",
           "Молодой специалист (педагогический стаж до 3 лет)")
    answer(page, "В чём вы испытываете профессиональные затруднения?",
           "Управление классом, дисциплина на уроке")
    answer(page, "Насколько уверенно вы чувствуете себя в профессии?", "3")
    page.get_by_role("button", name="Отправить анкету").click()
    expect(page.get_by_text("Анкета сохранена.")).to_be_visible()


def choose(select: Locator, name: str) -> None:
    """Pick the option that starts with a teacher's name (the list adds their load)."""
    select.select_option(select.locator("option", has_text=name).get_attribute("value"))


def form_the_pair(page: Page) -> None:
    page.locator("#place-sections").get_by_role("link", name="Пары и группы").click()
    choose(page.get_by_label("Наставник", exact=True), MENTOR)
    choose(page.get_by_label("Наставляемые"), MENTEE)
    page.get_by_label("Начало программы").fill("2026-09-15")
    page.get_by_label("Окончание программы").fill("2027-05-31")
    page.get_by_role("button", name="Сформировать").click()
    expect(page.get_by_role("row", name=re.compile(MENTEE))).to_contain_text(MENTOR)


def draft_the_pair_order(page: Page) -> None:
    page.locator("#place-sections").get_by_role("link", name="Документы", exact=True).click()
    page.get_by_label("Документ", exact=True).select_option(
        label="Приказ о закреплении наставнических пар/групп")
    page.get_by_label("Номер", exact=True).fill("15-од")
    page.get_by_role("button", name="Сформировать документ").click()
    expect(page.get_by_text("Документ сформирован как черновик")).to_be_visible()


def finds_the_pair(page: Page) -> None:
    page.reload()
    own = page.locator(".card").filter(has_text="Моё наставничество")
    expect(own).to_contain_text(MENTOR)
    expect(own).to_contain_text(MENTEE)


def test_a_school_starts_from_the_administrator_to_the_director(
        page, browser, live_server, make_user, travel_to, tmp_path, csp_violations):
    travel_to("2026-09-10")  # early in the year: no roadmap activity is overdue yet
    page.set_default_timeout(15_000)
    region = Region(name="Тверская область", slug="tver", code="69", timezone="Europe/Moscow")
    db.session.add(Municipality(region=region, name="Заречный район", slug="zar", code="69-01"))
    db.session.commit()
    make_user(Role.ADMIN, email="admin@example.org", full_name="Администратор Платформы")

    create_school_and_curator(page, live_server)

    log_in(page, live_server, "kurator@school12.ru")
    lands_on_the_school(page)
    import_staff(page, tmp_path)
    mentor_link = invite(page, MENTOR, "sokolova@school12.ru", Role.MENTOR)
    mentee_link = invite(page, MENTEE, "lebedev@school12.ru", Role.MENTEE)
    record_consent(page, "Банк наставников", MENTOR)
    record_consent(page, "Банк наставляемых", MENTEE)

    mentor = set_password_and_log_in(browser, mentor_link, live_server, "sokolova@school12.ru")
    fill_mentor_questionnaire(mentor)
    mentee = set_password_and_log_in(browser, mentee_link, live_server, "lebedev@school12.ru")
    fill_mentee_questionnaire(mentee)

    page.get_by_role("link", name="Главная", exact=True).click()
    expect(page.locator("#waiting")).to_contain_text(MENTEE)  # waits for a mentor
    form_the_pair(page)
    finds_the_pair(mentor)
    finds_the_pair(mentee)
    draft_the_pair_order(page)
    log_out(page)

    school = db.session.scalar(db.select(School).filter_by(slug="school-12"))
    make_user(Role.DIRECTOR, school, email="direktor@school12.ru",
              full_name="Волков Андрей Николаевич")
    log_in(page, live_server, "direktor@school12.ru")
    lands_on_the_school(page)
    waiting = page.locator("#waiting")
    expect(waiting).to_contain_text("Документы ждут вашего утверждения: 1")
    waiting.get_by_role("link", name=re.compile("Приказ о закреплении")).click()
    page.get_by_role("button", name=re.compile("Утвердить")).click()
    expect(page.get_by_text("Документ утверждён.")).to_be_visible()
    page.get_by_role("link", name="Главная", exact=True).click()
    expect(page.locator("#waiting")).to_contain_text("Сейчас ничего не ждёт")
    assert csp_violations == [], csp_violations
