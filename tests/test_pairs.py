"""Mentoring pairs and groups: the rules a pair must satisfy, its event, the curator's page."""

import datetime as dt

import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented
from conftest import csrf_token
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.pairs.models import MentoringForm, MentoringPair, PairKind
from nastavnik.tenants.pairs.services import (
    Rejected,
    form_pair,
    forms_of_mentoring,
    pair_candidates,
    pair_rows,
)
from nastavnik.tenants.teachers.services import add_teacher

START = dt.date(2026, 10, 1)
END = dt.date(2027, 5, 31)

# The fixed dates below belong to the 2026/2027 school year, seen from its autumn.
pytestmark = pytest.mark.usefixtures("autumn_2026")


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@pytest.fixture
def staff(school):
    """Four teachers of the school, by last name, each in both banks with consent."""
    people = {name: add_teacher(school, last_name=name, first_name="Анна")
              for name in ("Орлова", "Лебедева", "Соколова", "Волкова")}
    for person in people.values():
        consented(person, "mentee_bank", "mentor_bank")
        enter_mentee(person, MENTEE_ANSWERS)
        enter_mentor(person, {**MENTOR_ANSWERS, "capacity": 3})
    return people


def pairs_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MentoringPair))


def rejection(school, mentor, mentees, **overrides) -> dict:
    arguments = {"form_code": "traditional", "starts_on": START, "ends_on": END, **overrides}
    with pytest.raises(Rejected) as rejected:
        form_pair(school, mentor, mentees, **arguments)
    db.session.commit()
    assert pairs_count() == 0
    return rejected.value.messages


def test_forming_a_pair_records_pseudonyms_and_the_form(school, staff):
    pair = form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional", START, END)
    db.session.commit()
    event = db.session.scalar(select(Event).where(Event.type == "pair.formed"))
    assert event.payload == {
        "pair": pair.id, "mentor": str(staff["Орлова"].pseudonym),
        "mentees": [str(staff["Лебедева"].pseudonym)], "form": "traditional",
        "group": False, "starts_on": "2026-10-01", "ends_on": "2027-05-31"}
    assert "Орлова" not in str(event.payload)


def test_a_group_has_several_mentees(school, staff):
    group = form_pair(school, staff["Орлова"], [staff["Лебедева"], staff["Соколова"]],
                      "group", START, END, kind=PairKind.GROUP)
    db.session.commit()
    assert group.kind == PairKind.GROUP
    assert db.session.scalar(select(Event.payload).where(Event.type == "pair.formed"))["group"]


def test_mentor_cannot_mentor_himself(school, staff):
    messages = rejection(school, staff["Орлова"], [staff["Орлова"]])
    assert messages["mentees"] == ["Наставник не может быть наставляемым в своей паре или группе."]


def test_at_least_one_mentee(school, staff):
    messages = rejection(school, staff["Орлова"], [])
    assert "Выберите хотя бы одного наставляемого." in messages["mentees"]


def test_a_group_needs_two_mentees(school, staff):
    messages = rejection(school, staff["Орлова"], [staff["Лебедева"]], kind=PairKind.GROUP)
    assert messages["kind"] == ["В группе должно быть не меньше двух наставляемых."]


def test_a_pair_has_one_mentee(school, staff):
    messages = rejection(school, staff["Орлова"], [staff["Лебедева"], staff["Соколова"]])
    assert messages["kind"] == ["В паре один наставляемый; для нескольких выберите группу."]


@pytest.mark.parametrize("ends_on", [dt.date(2026, 12, 31), dt.date(2027, 10, 2),
                                     dt.date(2026, 9, 1)])
def test_program_lasts_three_months_to_a_year(school, staff, ends_on):
    messages = rejection(school, staff["Орлова"], [staff["Лебедева"]], ends_on=ends_on)
    assert "от 3 месяцев до 1 года" in messages["ends_on"][0]


def test_program_of_exactly_three_months_or_a_year_is_fine(school, staff):
    form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional",
              START, dt.date(2027, 1, 1))
    form_pair(school, staff["Соколова"], [staff["Волкова"]], "traditional",
              START, dt.date(2027, 10, 1))
    db.session.commit()
    assert pairs_count() == 2


def test_teachers_of_another_school_are_refused(school, staff, make_school):
    stranger = add_teacher(make_school("sch-2"), last_name="Чужая", first_name="Вера")
    db.session.commit()
    assert "Наставляемые должны работать в этой школе." in rejection(
        school, staff["Орлова"], [stranger])["mentees"]
    assert rejection(school, stranger, [staff["Лебедева"]])["mentor"] == [
        "Наставник должен работать в этой школе."]


def test_a_mentee_already_in_an_active_pair_is_refused(school, staff):
    form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional", START, END)
    db.session.commit()
    with pytest.raises(Rejected) as rejected:
        form_pair(school, staff["Соколова"], [staff["Лебедева"]], "traditional", START, END)
    assert rejected.value.messages["mentees"] == [
        "Уже в действующей паре или группе: Лебедева Анна."]


def test_unknown_form_of_mentoring_is_refused(school, staff):
    messages = rejection(school, staff["Орлова"], [staff["Лебедева"]], form_code="telepathy")
    assert messages["form_code"] == ["Выберите форму наставничества из списка."]


def test_forms_are_seeded_once_and_edits_survive(school, staff):
    form = db.session.get(MentoringForm, "reverse")
    form.name = "Реверсивное наставничество"
    db.session.commit()
    forms = forms_of_mentoring()
    db.session.commit()
    assert len(forms) == 12
    assert db.session.get(MentoringForm, "reverse").name == "Реверсивное наставничество"
    assert db.session.scalar(select(func.count()).select_from(MentoringForm)) == 12


def test_pair_rows_give_names_form_and_period(school, staff):
    form_pair(school, staff["Орлова"], [staff["Лебедева"], staff["Соколова"]], "group",
              START, END, kind=PairKind.GROUP)
    db.session.commit()
    assert pair_rows(school) == [{
        "id": 1, "mentor": "Орлова Анна", "mentor_position": "учитель",
        "mentees": ["Лебедева Анна", "Соколова Анна"],
        "mentee_positions": ["учитель", "учитель"],
        "form": "Групповая", "group": True, "starts_on": START, "ends_on": END, "active": True,
        "status": "active", "fixed_by": None, "form_code": "group", "ended_on": None,
        "end_reason": None, "end_outcome": None}]


def test_candidates_come_from_the_banks(school, staff):
    outsider = add_teacher(school, last_name="Новикова", first_name="Ева")
    db.session.commit()
    assert outsider not in pair_candidates(school)["mentees"]
    messages = rejection(school, staff["Орлова"], [outsider])
    assert "Не ожидают наставника в банке наставляемых: Новикова Ева." in messages["mentees"]


def test_candidates_are_the_schools_employed_teachers(school, staff):
    staff["Волкова"].employed = False
    db.session.commit()
    names = [t.last_name for t in pair_candidates(school)["mentees"]]
    assert names == ["Лебедева", "Орлова", "Соколова"]


def post_pair(client, **data):
    token = csrf_token(client, "/s/sch-1/pairs/")
    return client.post("/s/sch-1/pairs/", data={"csrf_token": token, **data})


def test_curator_forms_a_pair_on_the_page(school, staff, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    response = post_pair(client, mentor=staff["Орлова"].id, mentees=[staff["Лебедева"].id],
                         kind="pair", form_code="traditional", starts_on="2026-10-01",
                         ends_on="2027-05-31")
    assert response.status_code == 302
    page = client.get("/s/sch-1/pairs/").get_data(as_text=True)
    assert "Орлова Анна" in page and "Лебедева Анна" in page
    assert "Традиционная" in page and "1 октября 2026" in page


def test_with_empty_banks_the_form_says_what_is_missing(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    page = client.get("/s/sch-1/pairs/").get_data(as_text=True)
    assert "Пару можно сформировать, когда в" in page
    assert 'href="/s/sch-1/banks/mentors/"' in page


def test_with_candidates_in_both_banks_there_is_nothing_to_explain(school, staff, make_user,
                                                                    logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    assert "Пару можно сформировать" not in client.get("/s/sch-1/pairs/").get_data(as_text=True)


def test_bad_pair_on_the_page_is_explained_and_nothing_saved(school, staff, make_user,
                                                             logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    response = post_pair(client, mentor=staff["Орлова"].id, mentees=[staff["Орлова"].id],
                         kind="pair", form_code="traditional", starts_on="2026-10-01",
                         ends_on="2026-10-15")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Наставник не может быть наставляемым" in page
    assert "от 3 месяцев до 1 года" in page
    assert pairs_count() == 0


def test_garbage_in_the_form_is_a_russian_400(school, staff, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    response = post_pair(client, mentor="999999", mentees=["x"], kind="trio",
                         form_code="traditional", starts_on="вчера", ends_on="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Неверн" in page and "Укажите дату." in page
    assert pairs_count() == 0


def test_director_reads_the_pairs_but_cannot_form_one(school, staff, make_user, logged_in):
    client = logged_in(make_user(Role.DIRECTOR, school))
    page = client.get("/s/sch-1/pairs/")
    assert page.status_code == 200
    assert "Сформировать пару или группу" not in page.get_data(as_text=True)
    token = csrf_token(client, "/s/sch-1/")
    assert client.post("/s/sch-1/pairs/", data={"csrf_token": token}).status_code == 403


def test_mentors_and_other_schools_do_not_see_the_pairs(school, staff, make_school, make_user,
                                                        logged_in, client):
    logged_in(make_user(Role.MENTOR, school))
    assert client.get("/s/sch-1/pairs/").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/s/sch-1/")})
    logged_in(make_user(Role.CURATOR, make_school("sch-2")))
    assert client.get("/s/sch-1/pairs/").status_code == 404


def test_home_page_counts_active_pairs(school, staff, make_user, logged_in):
    form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional", START, END)
    db.session.commit()
    client = logged_in(make_user(Role.DIRECTOR, school))
    page = client.get("/s/sch-1/").get_data(as_text=True)
    assert "1 действующая пара или группа" in page


def test_pair_rows_of_a_year_leave_out_other_years(school, staff):
    form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional",
              dt.date(2025, 10, 1), dt.date(2026, 5, 31))
    form_pair(school, staff["Орлова"], [staff["Соколова"]], "traditional", START, END)
    db.session.commit()
    assert [row["mentees"] for row in pair_rows(school, 2026)] == [["Соколова Анна"]]
    assert [row["mentees"] for row in pair_rows(school, 2025)] == [["Лебедева Анна"]]
    assert len(pair_rows(school)) == 2


def test_curator_finishes_a_program_once(school, staff, make_user, logged_in):
    today = clock.today()
    pair = form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional",
                     today - dt.timedelta(days=30), today + dt.timedelta(days=90))
    db.session.commit()
    client = logged_in(make_user(Role.CURATOR, school))
    for expected in ("Программа пары (группы) завершена.", "уже завершена"):
        token = csrf_token(client, "/s/sch-1/pairs/")
        response = client.post(f"/s/sch-1/pairs/{pair.id}/finish",
                               data={"csrf_token": token}, follow_redirects=True)
        assert expected in response.get_data(as_text=True)
    finished = db.session.scalars(select(Event).where(Event.type == "pair.finished")).all()
    assert [e.payload["on_time"] for e in finished] == [True]
    assert client.post("/s/sch-1/pairs/999999/finish",
                       data={"csrf_token": csrf_token(client, "/s/sch-1/pairs/")}
                       ).status_code == 404


def test_a_director_cannot_finish_a_program(school, staff, make_user, logged_in):
    pair = form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional", START, END)
    db.session.commit()
    client = logged_in(make_user(Role.DIRECTOR, school))
    response = client.post(f"/s/sch-1/pairs/{pair.id}/finish",
                           data={"csrf_token": csrf_token(client, "/s/sch-1/pairs/")})
    assert response.status_code == 403


def test_a_mentee_sees_the_own_pair_on_the_school_page(school, staff, make_user, logged_in):
    user = make_user(Role.MENTEE, school)
    staff["Лебедева"].user_id = user.id
    form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional", START, END)
    db.session.commit()
    page = logged_in(user).get("/s/sch-1/").get_data(as_text=True)
    assert "Моё наставничество" in page
    assert "Наставник:</strong> Орлова Анна" in page and "1 октября 2026" in page


def test_a_mentor_without_a_pair_is_told_so(school, staff, make_user, logged_in):
    user = make_user(Role.MENTOR, school)
    staff["Волкова"].user_id = user.id
    db.session.commit()
    page = logged_in(user).get("/s/sch-1/").get_data(as_text=True)
    assert "Вы пока не входите в наставническую пару" in page


@pytest.mark.parametrize("starts_on", [dt.date(1900, 9, 1), dt.date(2100, 9, 1)])
def test_a_program_starting_far_from_today_is_a_typing_slip(school, staff, starts_on):
    messages = rejection(school, staff["Орлова"], [staff["Лебедева"]], starts_on=starts_on,
                         ends_on=starts_on + dt.timedelta(days=200))
    assert any("не раньше чем два года назад" in m for m in messages["ends_on"])
