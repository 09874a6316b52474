"""A pair's life after it is formed: edited, finished, ended early with a reason, or cancelled
as a mistake, each once however often the button is pressed, and each read rightly by the
banks and the indicators."""

import datetime as dt

import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented, events_of
from conftest import csrf_token
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.aggregates import municipality_activity
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor, waiting_mentees
from nastavnik.tenants.pairs.models import MentoringPair, PairKind, PairStatus
from nastavnik.tenants.pairs.services import (
    Rejected,
    cancel_pair,
    end_pair_early,
    finish_pair,
    form_pair,
    pair_rows,
    update_pair,
)
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.teachers.services import add_teacher, mark_left
from nastavnik.workers.projections import advance, projections, rebuild

START = dt.date(2026, 10, 1)
END = dt.date(2027, 5, 31)
pytestmark = pytest.mark.usefixtures("autumn_2026")  # today: 15 October 2026


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@pytest.fixture
def staff(school):
    people = {name: add_teacher(school, last_name=name, first_name="Анна")
              for name in ("Орлова", "Лебедева", "Соколова", "Волкова")}
    for person in people.values():
        consented(person, "mentee_bank", "mentor_bank")
        enter_mentee(person, MENTEE_ANSWERS)
        enter_mentor(person, {**MENTOR_ANSWERS, "capacity": 3})
    db.session.commit()
    return people


@pytest.fixture
def pair(school, staff):
    formed = form_pair(school, staff["Орлова"], [staff["Лебедева"]], "traditional", START, END)
    db.session.commit()
    return formed


@pytest.fixture
def curator(school, make_user, logged_in):
    return logged_in(make_user(Role.CURATOR, school))


def mentee_status(teacher) -> str:
    return db.session.scalar(select(MenteeEntry.status).where(
        MenteeEntry.teacher_id == teacher.id))


def mentor_load(teacher) -> int:
    return db.session.scalar(select(MentorEntry.load).where(MentorEntry.teacher_id == teacher.id))


def formed_count(school) -> int:
    for projection in projections():
        advance(projection)
    return municipality_activity(school.municipality_id, 2026)[school.id].count("pair.formed")


# --- editing -------------------------------------------------------------------------------

def test_editing_changes_period_and_form_and_records_it_once(school, pair):
    update_pair(school, pair, "virtual", START, dt.date(2027, 3, 31))
    update_pair(school, pair, "virtual", START, dt.date(2027, 3, 31))  # the same again
    db.session.commit()
    assert (pair.form_code, pair.ends_on) == ("virtual", dt.date(2027, 3, 31))
    assert [e.payload for e in events_of("pair.updated")] == [
        {"pair": pair.id, "form": "virtual", "starts_on": "2026-10-01", "ends_on": "2027-03-31"}]


def test_an_edit_keeps_the_program_rules(school, pair):
    with pytest.raises(Rejected) as rejected:
        update_pair(school, pair, "telepathy", START, dt.date(2026, 11, 1))
    assert rejected.value.messages == {
        "form_code": ["Выберите форму наставничества из списка."],
        "ends_on": ["Программа наставничества длится от 3 месяцев до 1 года: проверьте даты."]}


def test_curator_edits_a_pair_on_its_page(school, pair, curator):
    page = curator.get(f"/s/sch-1/pairs/{pair.id}/edit")
    assert page.status_code == 200 and "Лебедева Анна" in page.get_data(as_text=True)
    token = csrf_token(curator, f"/s/sch-1/pairs/{pair.id}/edit")
    response = curator.post(f"/s/sch-1/pairs/{pair.id}/edit", data={
        "csrf_token": token, "form_code": "virtual", "starts_on": "2026-10-01",
        "ends_on": "2027-04-30"}, follow_redirects=True)
    assert "Изменения пары (группы) сохранены." in response.get_data(as_text=True)
    db.session.refresh(pair)
    assert (pair.form_code, pair.ends_on) == ("virtual", dt.date(2027, 4, 30))


# --- ending early --------------------------------------------------------------------------

def test_an_early_end_is_not_a_completed_program(school, staff, pair):
    end_pair_early(school, pair, dt.date(2026, 10, 10), "mentor_left", "partly_met")
    db.session.commit()
    assert pair.status == PairStatus.ENDED_EARLY
    assert events_of("pair.finished") == []
    assert [e.payload for e in events_of("pair.ended_early")] == [
        {"pair": pair.id, "ended_on": "2026-10-10", "reason": "mentor_left",
         "outcome": "partly_met"}]
    # The mentee did not finish a program, and the mentor is free again.
    assert mentee_status(staff["Лебедева"]) == "ended_early"
    assert mentor_load(staff["Орлова"]) == 0
    [row] = pair_rows(school)
    assert (row["end_reason"], row["end_outcome"]) == ("Увольнение наставника",
                                                       "Цели достигнуты частично")


@pytest.mark.parametrize("who", ["Орлова", "Лебедева"])
def test_a_teacher_in_a_working_pair_leaves_only_after_the_pair_ends(school, staff, pair, who):
    with pytest.raises(Rejected, match="Сначала завершите её или прекратите досрочно"):
        mark_left(school, staff[who], dt.date(2026, 10, 10), "transfer")
    db.session.rollback()
    assert fresh_teacher(staff[who]).employed

    end_pair_early(school, pair, dt.date(2026, 10, 10), "mutual", "partly_met")
    mark_left(school, staff[who], dt.date(2026, 10, 10), "transfer")
    db.session.commit()
    assert not fresh_teacher(staff[who]).employed


def fresh_teacher(teacher: Teacher) -> Teacher:
    db.session.expire_all()
    return db.session.get(Teacher, teacher.id)


@pytest.mark.parametrize(("ended_on", "reason", "outcome", "field", "message"), [
    (dt.date(2026, 9, 1), "mutual", "not_met", "ended_on", "раньше своего начала"),
    (dt.date(2026, 12, 1), "mutual", "not_met", "ended_on", "позже сегодняшнего дня"),
    (dt.date(2026, 10, 10), "boredom", "not_met", "reason", "Выберите причину из списка."),
    (dt.date(2026, 10, 10), "mutual", "great", "outcome", "Выберите результат из списка."),
])
def test_an_early_end_needs_a_sound_date_reason_and_outcome(school, pair, ended_on, reason,
                                                             outcome, field, message):
    with pytest.raises(Rejected) as rejected:
        end_pair_early(school, pair, ended_on, reason, outcome)
    assert message in " ".join(rejected.value.messages[field])


def test_ending_asks_for_confirmation_and_works_once(school, staff, pair, curator):
    path = f"/s/sch-1/pairs/{pair.id}/end"
    page = curator.get(path).get_data(as_text=True)
    assert "Подтверждаю: программа прекращается досрочно" in page
    assert "Увольнение наставляемого" in page and "По инициативе сторон" in page
    data = {"ended_on": "2026-10-14", "reason": "mentee_left", "outcome": "not_met"}
    unconfirmed = curator.post(path, data={"csrf_token": csrf_token(curator, path), **data})
    assert unconfirmed.status_code == 400
    assert "Подтвердите досрочное прекращение." in unconfirmed.get_data(as_text=True)
    assert db.session.get(MentoringPair, pair.id).status == PairStatus.ACTIVE

    token = csrf_token(curator, path)
    first = curator.post(path, data={"csrf_token": token, "confirm": "y", **data})
    second = curator.post(path, data={"csrf_token": token, "confirm": "y", **data},
                          follow_redirects=True)  # the double click
    assert first.status_code == 303
    assert "уже прекращена досрочно" in second.get_data(as_text=True)
    assert len(events_of("pair.ended_early")) == 1
    listing = curator.get("/s/sch-1/pairs/").get_data(as_text=True)
    assert "Увольнение наставляемого; цели не достигнуты" in listing
    assert "прекращена досрочно 14" in listing


def test_a_finished_pair_cannot_end_early_or_be_cancelled(school, pair):
    finish_pair(school, pair, dt.date(2026, 10, 14))
    db.session.commit()
    with pytest.raises(Rejected, match="уже завершена"):
        end_pair_early(school, pair, dt.date(2026, 10, 14), "other", "goals_met")
    with pytest.raises(Rejected, match="уже завершена"):
        cancel_pair(school, pair)


def test_the_database_refuses_an_early_end_without_its_reason(school, pair):
    pair.status = PairStatus.ENDED_EARLY
    with pytest.raises(Exception, match="ck_mentoring_pairs_early_end"):
        db.session.commit()
    db.session.rollback()


# --- cancelling ----------------------------------------------------------------------------

def test_a_cancelled_pair_is_as_if_never_formed(school, staff, pair):
    assert formed_count(school) == 1
    cancel_pair(school, pair)
    db.session.commit()
    assert [e.payload for e in events_of("pair.cancelled")] == [{"pair": pair.id}]
    assert formed_count(school) == 0
    # The mentee waits for a mentor again, the mentor has room, documents skip the pair.
    assert mentee_status(staff["Лебедева"]) == "waiting"
    assert staff["Лебедева"] in waiting_mentees(school)
    assert mentor_load(staff["Орлова"]) == 0
    assert pair_rows(school) == [] and len(pair_rows(school, cancelled=True)) == 1
    # A rebuild from the log gives the same indicators.
    for projection in projections():
        rebuild(projection)
    assert municipality_activity(school.municipality_id, 2026)[school.id].count(
        "pair.formed") == 0


def test_the_mentee_of_a_cancelled_pair_can_be_paired_again(school, staff, pair):
    cancel_pair(school, pair)
    db.session.commit()
    form_pair(school, staff["Соколова"], [staff["Лебедева"]], "traditional", START, END)
    db.session.commit()
    assert mentee_status(staff["Лебедева"]) == "in_pair"
    assert formed_count(school) == 1


def test_cancelling_asks_for_confirmation_and_works_once(school, pair, curator):
    path = f"/s/sch-1/pairs/{pair.id}/cancel"
    assert "сформирована по ошибке" in curator.get(path).get_data(as_text=True)
    refused = curator.post(path, data={"csrf_token": csrf_token(curator, path)})
    assert refused.status_code == 400 and "Подтвердите отмену." in refused.get_data(as_text=True)
    token = csrf_token(curator, path)
    for _ in range(2):
        curator.post(path, data={"csrf_token": token, "confirm": "y"})
    assert len(events_of("pair.cancelled")) == 1
    closed = curator.get(path)
    assert closed.status_code == 409 and "Эта пара уже отменена." in closed.get_data(
        as_text=True)
    listing = curator.get("/s/sch-1/pairs/").get_data(as_text=True)
    assert "отменена как ошибочная" in listing and "0 пар или групп" in listing


def test_a_director_cannot_change_a_pair(school, pair, make_user, logged_in):
    director = logged_in(make_user(Role.DIRECTOR, school))
    for action in ("edit", "end", "cancel"):
        assert director.get(f"/s/sch-1/pairs/{pair.id}/{action}").status_code == 403


def test_mentee_of_an_early_ended_pair_can_be_returned_to_waiting(school, staff, pair,
                                                                  curator):
    end_pair_early(school, pair, dt.date(2026, 10, 10), "mentor_left", "not_met")
    db.session.commit()
    entry = db.session.scalar(select(MenteeEntry).where(
        MenteeEntry.teacher_id == staff["Лебедева"].id))
    page = curator.get("/s/sch-1/banks/mentees/").get_data(as_text=True)
    assert "Программа прекращена досрочно" in page and "Вернуть в ожидание" in page
    token = csrf_token(curator, "/s/sch-1/banks/mentees/")
    curator.post(f"/s/sch-1/banks/mentees/{entry.id}/status",
                 data={"csrf_token": token, "status": "waiting"})
    assert mentee_status(staff["Лебедева"]) == "waiting"


# --- composition ---------------------------------------------------------------------------

def test_the_form_refuses_a_group_of_one_and_a_pair_of_two(school, staff, curator):
    def post(kind, mentees):
        return curator.post("/s/sch-1/pairs/", data={
            "csrf_token": csrf_token(curator, "/s/sch-1/pairs/"), "mentor": staff["Орлова"].id,
            "mentees": mentees, "kind": kind, "form_code": "traditional",
            "starts_on": "2026-10-01", "ends_on": "2027-05-31"})

    group = post("group", [staff["Лебедева"].id])
    assert group.status_code == 400
    assert "В группе должно быть не меньше двух наставляемых." in group.get_data(as_text=True)
    pair = post("pair", [staff["Лебедева"].id, staff["Соколова"].id])
    assert "В паре один наставляемый" in pair.get_data(as_text=True)
    assert db.session.scalar(select(MentoringPair.id)) is None
    assert post("group", [staff["Лебедева"].id, staff["Соколова"].id]).status_code == 302
    assert db.session.scalar(select(MentoringPair.kind)) == PairKind.GROUP
