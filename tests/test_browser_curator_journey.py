"""Issue 4 acceptance: a curator walks the first weeks of the programme in a real browser.

Only the school and its curator are made directly; everything after that is clicked
through the pages, and each step is checked by what the curator sees.
"""

import re

import pytest
from conftest import PASSWORD
from playwright.sync_api import Page, expect

from nastavnik.platform.roles import Role

pytestmark = pytest.mark.browser

TEACHER = "Петрова Анна Сергеевна"


def stage_bar(page: Page, stage: int, done: int, applicable: int):
    """The stage's bar on the school home page, named by its progress."""
    return page.get_by_role("progressbar",
                            name=f"Этап {stage}: выполнено {done} из {applicable}")


def expect_stage_2_shows(page: Page, done: int) -> None:
    """Stage 2 on the school home page: the bar (named for screen readers) and the count."""
    expect(stage_bar(page, 2, done, 2)).to_be_visible()
    expect(page.get_by_title("Формирование банка наставляемых", exact=True)) \
        .to_contain_text(f"· {done} из 2")


def section(page: Page, name: str):
    return page.locator("#place-sections").get_by_role("link", name=name, exact=True)


def log_in(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Электронная почта").fill("kurator@example.org")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    # The curator's one place: login lands on the school's page, not on a list of roles.
    expect(page.get_by_role("heading", name="МБОУ «Школа № 5»")).to_be_visible()


def open_this_years_roadmap(page: Page) -> None:
    """A school made outside the platform's own flow has no roadmap until it is opened."""
    expect(page.get_by_text("Дорожная карта на этот учебный год ещё не открыта.")).to_be_visible()
    section(page, "Дорожная карта").click()
    page.get_by_role("button", name="Открыть дорожную карту").click()
    expect(page.get_by_text(re.compile(r"Дорожная карта на \d{4}/\d{4} учебный год открыта"))) \
        .to_be_visible()
    section(page, "Главная").click()


def approve_the_regulation(page: Page) -> None:
    section(page, "Документы").click()
    expect(page.get_by_role("heading", name="Нормативные документы по наставничеству")) \
        .to_be_visible()
    page.get_by_label("Документ", exact=True).select_option(
        label="Положение о системе наставничества")
    page.get_by_role("button", name="Сформировать документ").click()
    expect(page.get_by_text("Документ сформирован как черновик")).to_be_visible()
    expect(page.get_by_text("Черновик", exact=True)).to_be_visible()
    page.get_by_role("button", name="Отметить утверждение руководителем").click()
    expect(page.get_by_text("Документ утверждён.")).to_be_visible()
    expect(page.get_by_text("Утверждён", exact=True)).to_be_visible()


def add_teacher(page: Page) -> None:
    section(page, "Педагоги").click()
    page.get_by_label("Фамилия", exact=True).fill("Петрова")
    page.get_by_label("Имя", exact=True).fill("Анна")
    page.get_by_label("Отчество", exact=True).fill("Сергеевна")
    page.get_by_label("Год рождения", exact=True).fill("2001")
    page.get_by_label("Педагогический стаж с (год)").fill("2025")
    page.get_by_label("Предметы", exact=True).fill("математика")
    page.get_by_role("button", name="Добавить педагога").click()
    expect(page.get_by_text(f"Педагог {TEACHER} добавлен.")).to_be_visible()
    expect(page.locator("#teachers").get_by_role("row", name=re.compile(TEACHER))) \
        .to_contain_text("математика")


def record_consent(page: Page) -> None:
    section(page, "Согласия").click()
    expect(page.get_by_role("link", name="Банк наставляемых")).to_have_class(re.compile("active"))
    row = page.get_by_role("row", name=re.compile(TEACHER))
    expect(row).to_contain_text("нет согласия")
    row.get_by_role("link", name="Записать согласие").click()
    expect(page.get_by_role("heading", name=f"Согласие: {TEACHER}")).to_be_visible()
    page.get_by_label("Номер или отметка подписанного бланка").fill("№ 7 от сегодня")
    page.get_by_role("button", name="Записать согласие").click()
    expect(page.get_by_text(f"Согласие записано: {TEACHER}, банк наставляемых.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(TEACHER))).to_contain_text("бланк № 7")


def fill_the_mentee_questionnaire(page: Page) -> None:
    section(page, "Банки").click()
    expect(page.get_by_role("heading", name="Банк наставляемых")).to_be_visible()
    expect(page.get_by_text("В банке пока никого нет.")).to_be_visible()
    page.get_by_role("listitem").filter(has_text=TEACHER) \
        .get_by_role("link", name="заполнить анкету").click()
    expect(page.get_by_role("heading", name=f"Банк наставляемых. Анкета педагога: {TEACHER}")) \
        .to_be_visible()

    def answer(question: str, option: str) -> None:
        page.get_by_role("group", name=question).get_by_label(option, exact=True).check()

    answer("К какой категории вы относитесь?",
           "Молодой специалист (педагогический стаж до 3 лет)")
    # Age and experience come from the staff list: shown, not asked again.
    expect(page.locator('[data-known="experience"]')).to_have_text("до 3 лет")
    expect(page.locator('[data-known="age"]')).to_have_text("до 35 лет")
    answer("В чём вы испытываете профессиональные затруднения?",
           "Управление классом, дисциплина на уроке")
    answer("Насколько уверенно вы чувствуете себя в профессии?", "3")
    page.get_by_role("button", name="Отправить анкету").click()
    expect(page.get_by_text("Анкета сохранена.")).to_be_visible()
    entry = page.get_by_role("row", name=re.compile(TEACHER))
    expect(entry).to_contain_text("Ожидает наставника")
    expect(entry).to_contain_text("Управление классом")


def test_curator_runs_the_first_stages_through_the_browser(page, live_server, make_school,
                                                          make_user, csp_violations):
    page.set_default_timeout(10_000)
    school = make_school("sch", name="МБОУ «Школа № 5»")
    make_user(Role.CURATOR, school, email="kurator@example.org",
              full_name="Орлова Наталья Сергеевна")
    make_user(Role.DIRECTOR, school, email="direktor@example.org",
              full_name="Волков Андрей Николаевич")

    log_in(page, live_server)
    tabs = page.locator("#place-sections .nav-link")
    expect(tabs).to_have_count(15)
    assert len({tab.bounding_box()["y"] for tab in tabs.all()}) == 1, "the tabs wrap"
    open_this_years_roadmap(page)
    expect(stage_bar(page, 1, 0, 5)).to_be_visible()
    expect_stage_2_shows(page, done=0)

    section(page, "Дорожная карта").click()
    regulation = page.get_by_role("row", name=re.compile(r"^1\.2 "))
    expect(regulation).to_contain_text("Запланировано")

    approve_the_regulation(page)
    section(page, "Дорожная карта").click()
    expect(regulation).to_contain_text("Выполнено")
    expect(regulation).to_contain_text("Выполнено автоматически")

    add_teacher(page)
    record_consent(page)
    fill_the_mentee_questionnaire(page)
    # Bootstrap's own script runs under the policy: a message closes with its button.
    saved = page.get_by_role("alert").filter(has_text="Анкета сохранена.")
    saved.get_by_role("button", name="Закрыть").click()
    expect(saved).to_be_hidden()

    section(page, "Главная").click()
    expect(stage_bar(page, 1, 1, 5)).to_be_visible()
    expect_stage_2_shows(page, done=2)
    expect(page.get_by_text("1 наставляемый, из них 1 ожидает наставника")).to_be_visible()
    assert csp_violations == [], csp_violations
