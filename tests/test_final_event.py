"""The final event of the year (roadmap 6.2–6.3): recorded and validated, once however
often submitted; the order on it, its protocol and the справка print its date, format and
counts; the order encouraging mentors says which mentors and what for; 6.3 completes when
it is held; names stay in the school."""

from __future__ import annotations

import datetime as dt

import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented
from conftest import csrf_token, login
from oversight_log import HandLog
from sqlalchemy import func, select
from test_document_requisites import create, docx_of, docx_text, pdf, text_of

from nastavnik.extensions import db
from nastavnik.platform.events import Event
from nastavnik.platform.oversight.figures import figures, snapshot
from nastavnik.platform.oversight.indicators import indicators
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.final_event.models import FinalEvent, Nomination
from nastavnik.tenants.pairs.services import end_pair_early, finish_pair, form_pair
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.services import ensure_school_roadmap
from nastavnik.tenants.teachers.services import add_teacher

BASE = "/s/school-7/final-event"
START, END = dt.date(2026, 10, 1), dt.date(2027, 5, 31)
pytestmark = pytest.mark.usefixtures("autumn_2026")


@pytest.fixture
def school(make_school):
    return make_school("school-7", name="МБОУ «СОШ № 7»", short_name="СОШ № 7",
                       address="170100, Тверская обл., г. Тверь, ул. Советская, д. 5")


@pytest.fixture
def curator(make_user, school):
    user = make_user(Role.CURATOR, school, full_name="Орлова Наталья Сергеевна")
    add_teacher(school, last_name="Орлова", first_name="Наталья", middle_name="Сергеевна",
                position="Заместитель директора по УВР", user_id=user.id)
    db.session.commit()
    return user


@pytest.fixture
def director(make_user, school):
    return make_user(Role.DIRECTOR, school, full_name="Смирнов Олег Викторович")


@pytest.fixture
def client(logged_in, curator, director):
    return logged_in(curator)


def teacher(school, last: str, first: str, middle: str, position: str):
    """A teacher in both banks, with consent, free to mentor or be mentored."""
    person = add_teacher(school, last_name=last, first_name=first, middle_name=middle,
                         position=position)
    consented(person, "mentee_bank", "mentor_bank")
    enter_mentee(person, MENTEE_ANSWERS)
    enter_mentor(person, {**MENTOR_ANSWERS, "capacity": 3})
    return person


@pytest.fixture
def year(school):
    """Three pairs of 2026/2027: one to finish on time, one to end early, one working."""
    people = {
        "Кузнецова": teacher(school, "Кузнецова", "Ирина", "Павловна", "Учитель математики"),
        "Лебедева": teacher(school, "Лебедева", "Анна", "Игоревна", "Учитель математики"),
        "Шевченко": teacher(school, "Шевченко", "Тарас", "Григорьевич", "Учитель истории"),
        "Волкова": teacher(school, "Волкова", "Мария", "Олеговна", "Учитель истории"),
        "Зайцев": teacher(school, "Зайцев", "Пётр", "Ильич", "Учитель физики"),
        "Соколов": teacher(school, "Соколов", "Игорь", "Андреевич", "Учитель физики"),
    }
    pairs = {
        "finished": form_pair(school, people["Кузнецова"], [people["Лебедева"]],
                              "traditional", START, END),
        "early": form_pair(school, people["Зайцев"], [people["Соколов"]], "traditional",
                           START, END),
        "working": form_pair(school, people["Шевченко"], [people["Волкова"]], "traditional",
                             START, dt.date(2027, 8, 31)),
    }
    end_pair_early(school, pairs["early"], dt.date(2026, 11, 20), "mentor_left", "partly_met")
    db.session.commit()
    return people, pairs


def save(client, status: int = 302, **fields):
    data = {"held_on": "2027-05-20", "format": "mixed", "programme": "", **fields,
            "csrf_token": csrf_token(client, f"{BASE}/")}
    response = client.post(f"{BASE}/", data=data)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def nominate(client, title: str, nominee: str, status: int = 302) -> str:
    response = client.post(f"{BASE}/nominations", data={
        "title": title, "nominee": nominee, "csrf_token": csrf_token(client, f"{BASE}/")})
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def held(client) -> None:
    response = client.post(f"{BASE}/held", data={"csrf_token": csrf_token(client, f"{BASE}/")})
    assert response.status_code == 302


def later(client, curator, travel_to, day: str) -> None:
    """Move the clock to ``day``; the session of autumn has expired by then."""
    travel_to(day)
    login(client, curator)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def events(kind: str) -> list[dict]:
    return list(db.session.scalars(select(Event.payload).where(Event.type == kind)
                                   .order_by(Event.position)))


# --- the record -------------------------------------------------------------------------


def test_the_curator_records_the_event_with_participants_and_programme(client, year):
    people, _pairs = year
    save(client, mentors=[people["Кузнецова"].id, people["Шевченко"].id],
         mentees=[people["Лебедева"].id],
         programme="10:00 Открытие\n10.15 — Выступления наставников\n\n11:30 Награждение")
    event = db.session.scalar(select(FinalEvent))
    assert (event.held_on, event.format, event.status) == (dt.date(2027, 5, 20), "mixed",
                                                           "planned")
    assert event.programme == [{"time": "10:00", "title": "Открытие"},
                               {"time": "10:15", "title": "Выступления наставников"},
                               {"time": "11:30", "title": "Награждение"}]
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Участники: наставников — 2, наставляемых — 1." in page
    assert "Кузнецова Ирина Павловна" in page
    assert events("final_event.planned") == [{
        "event": event.id, "academic_year": 2026, "held_on": "2027-05-20", "format": "mixed",
        "mentors": 2, "mentees": 1, "programme_items": 3}]


@pytest.mark.parametrize(("fields", "message"), [
    ({"held_on": "2027-09-02"}, "Дата должна быть в 2026/2027 учебном году"),
    ({"held_on": ""}, "Укажите дату."),
    ({"format": "outdoors"}, "Not a valid choice"),
    ({"programme": "Открытие без времени"}, "Строка 1: укажите время и название"),
    ({"programme": "10:00 Открытие\n25:00 Ночь"}, "Строка 2: укажите время и название"),
])
def test_bad_input_is_refused_in_russian_and_nothing_is_saved(client, year, fields, message):
    page = save(client, status=400, **fields)
    assert message in page or message == "Not a valid choice"
    assert count(FinalEvent) == 0 and events("final_event.planned") == []


def test_a_participant_from_outside_the_years_pairs_is_refused(client, school, year):
    outsider = add_teacher(school, last_name="Чужой", first_name="Иван")
    db.session.commit()
    page = save(client, status=400, mentors=[outsider.id])
    assert "Выберите участников из наставников и наставляемых пар этого учебного года." in page
    assert count(FinalEvent) == 0


def test_a_repeated_submit_saves_one_event_and_records_once(client, year):
    people, _pairs = year
    for _ in range(2):
        save(client, mentors=[people["Кузнецова"].id], programme="10:00 Открытие")
    assert count(FinalEvent) == 1
    assert len(events("final_event.planned")) == 1
    save(client, mentors=[people["Кузнецова"].id], held_on="2027-05-21")
    assert count(FinalEvent) == 1 and len(events("final_event.planned")) == 2


def test_held_once_and_not_before_its_day(client, curator, year, travel_to):
    people, _pairs = year
    save(client, mentors=[people["Кузнецова"].id], mentees=[people["Лебедева"].id])
    held(client)
    assert db.session.scalar(select(FinalEvent.status)) == "planned"
    assert "отметить его проведённым можно в этот день или позже" in client.get(
        f"{BASE}/").get_data(as_text=True)
    later(client, curator, travel_to, "2027-05-20")
    nominate(client, "Наставник года", f"mentor:{people['Кузнецова'].id}")
    held(client)
    held(client)
    assert db.session.scalar(select(FinalEvent.status)) == "held"
    event_id = db.session.scalar(select(FinalEvent.id))
    assert events("final_event.held") == [{
        "event": event_id, "academic_year": 2026, "held_on": "2027-05-20", "format": "mixed",
        "mentors": 1, "mentees": 1, "nominations": 1}]
    page = save(client, status=400)
    assert "Итоговое мероприятие уже проведено" in page


def test_nothing_is_held_or_nominated_before_the_event_is_recorded(client, year):
    people, _pairs = year
    held(client)
    assert "Сначала запишите итоговое мероприятие." in client.get(f"{BASE}/").get_data(
        as_text=True)
    nominate(client, "Наставник года", f"mentor:{people['Кузнецова'].id}")
    assert "Сначала запишите итоговое мероприятие." in client.get(f"{BASE}/").get_data(
        as_text=True)
    assert count(FinalEvent) == 0 and count(Nomination) == 0
    assert events("final_event.held") == []


def test_roadmap_6_3_completes_when_the_event_is_held(client, curator, school, year,
                                                      travel_to):
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    save(client)
    later(client, curator, travel_to, "2027-05-21")
    held(client)
    activity = db.session.scalar(select(RoadmapActivity).where(
        RoadmapActivity.school_id == school.id, RoadmapActivity.code == "6.3"))
    assert (activity.status, activity.completed_automatically) == ("done", True)


def test_nominations_go_to_a_mentor_or_a_pair_of_the_year_once_by_title(client, school, year):
    people, pairs = year
    save(client)
    nominate(client, "Наставник года", f"mentor:{people['Кузнецова'].id}")
    nominate(client, "Лучшая пара", f"pair:{pairs['finished'].id}")
    assert "Такая номинация уже есть" in nominate(
        client, "Наставник года", f"mentor:{people['Шевченко'].id}", status=400)
    assert "Выберите наставника или пару" in nominate(
        client, "Открытие года", f"mentor:{people['Лебедева'].id}", status=400)
    assert "Укажите название номинации." in nominate(
        client, "   ", f"mentor:{people['Шевченко'].id}", status=400)
    assert count(Nomination) == 2


# --- the documents ----------------------------------------------------------------------


def documents_texts(client, kind: DocumentKind) -> list[str]:
    document_id = create(client, kind, date="2027-05-25")
    return [text_of(pdf(client, document_id)), docx_text(docx_of(client, document_id))]


@pytest.fixture
def recorded(client, curator, school, year, travel_to):
    """The event of 20 May 2027, held, with two nominations; the first pair finished."""
    people, pairs = year
    save(client, mentors=[people["Кузнецова"].id, people["Шевченко"].id],
         mentees=[people["Лебедева"].id, people["Волкова"].id],
         programme="10:00 Открытие\n11:00 Выступления наставников")
    later(client, curator, travel_to, "2027-05-20")
    finish_pair(school, pairs["finished"], dt.date(2027, 5, 20))
    db.session.commit()
    nominate(client, "Наставник года", f"mentor:{people['Шевченко'].id}")
    nominate(client, "Лучшая пара", f"pair:{pairs['finished'].id}")
    held(client)
    return people, pairs


def test_the_order_on_the_event_fills_its_date_and_format(client, year):
    save(client, held_on="2027-05-20", format="remote")
    for text in documents_texts(client, DocumentKind.FINAL_EVENT_ORDER):
        assert ("Провести итоговое мероприятие по реализации персонализированных программ "
                "наставничества 20.05.2027 дистанционно в форме") in text


def test_the_order_before_the_event_is_recorded_leaves_blanks(client, year):
    for text in documents_texts(client, DocumentKind.FINAL_EVENT_ORDER):
        assert "«___» ____________ 2027 г." in text
        assert "(очно, дистанционно, в смешанном формате)" in text


def test_the_protocol_holds_the_date_format_counts_programme_and_nominations(client, recorded):
    for text in documents_texts(client, DocumentKind.FINAL_EVENT_PROTOCOL):
        assert "Протокол итогового мероприятия" in text
        assert "Дата проведения: 20.05.2027." in text
        assert "Формат проведения: в смешанном формате (очно и дистанционно)." in text
        assert "Присутствовали: 4 участников, из них наставников — 2, наставляемых — 2" in text
        assert ("сформировано наставнических пар (групп) — 3, завершили программу — 1, "
                "прекратили программу досрочно — 1, продолжают программу — 1") in text
        assert "Выступления наставников" in text
        assert "Наставник года" in text and "наставник Шевченко Тарас Григорьевич" in text


def test_the_analytical_note_sums_up_the_year(client, recorded):
    for text in documents_texts(client, DocumentKind.ANALYTICAL_NOTE):
        assert "Аналитическая справка по итогам реализации программ наставничества" in text
        assert ("сформировано наставнических пар (групп) — 3. Завершили персонализированную "
                "программу наставничества — 1, прекратили её досрочно — 1") in text
        assert "Итоговое мероприятие проведено 20.05.2027 в смешанном формате" in text
        assert "наставников — 2, наставляемых — 2" in text
        assert "присуждено номинаций — 2" in text
        assert "Лучшая пара" in text


def test_the_encouragement_order_names_the_mentors_and_what_for(client, recorded):
    for text in documents_texts(client, DocumentKind.ENCOURAGEMENT_ORDER):
        assert ("1) Кузнецовой Ирине Павловне, учителю математики, — за успешную реализацию "
                "персонализированной программы наставничества в установленный срок; "
                "в номинации «Лучшая пара»;") in text
        assert ("2) Шевченко Тарасу Григорьевичу, учителю истории, — в номинации "
                "«Наставник года».") in text
        # Ended early, nothing else: not encouraged.
        assert "Зайцев" not in text


# --- scopes, hostile strings ------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.METHODOLOGIST, Role.MENTOR, Role.MENTEE])
def test_only_the_school_administration_sees_the_page(app, school, make_user, role):
    place = school.municipality if role is Role.METHODOLOGIST else school
    user = make_user(role, place, email=f"{role.value}@example.org")
    outsider = app.test_client()
    login(outsider, user)
    assert outsider.get(f"{BASE}/").status_code in (403, 404)


def test_the_director_reads_but_does_not_record(app, director, year):
    client = app.test_client()
    login(client, director)
    assert client.get(f"{BASE}/").status_code == 200
    response = client.post(f"{BASE}/", data={"held_on": "2027-05-20", "format": "mixed"})
    assert response.status_code in (400, 403)
    assert count(FinalEvent) == 0


HOSTILE = '<script>alert(1)</script> =HYPERLINK("x") & <b>'


def test_hostile_strings_are_escaped_on_the_page_and_in_the_documents(client, year):
    people, _pairs = year
    save(client, programme=f"10:00 {HOSTILE}")
    nominate(client, HOSTILE, f"mentor:{people['Кузнецова'].id}")
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for text in documents_texts(client, DocumentKind.FINAL_EVENT_PROTOCOL):
        assert "<script>alert(1)</script>" in text  # printed as typed, never as markup


# --- indicators, from a hand-built log --------------------------------------------------

INDICATORS = ("final_event_held", "final_event_participants", "final_event_nominations")


@pytest.fixture
def municipality(make_region, make_municipality, make_school, travel_to):
    """A held its event on 20 May 2027 (3 mentors, 3 mentees, 2 nominations); B plans
    its for 10 June; C held last year's on 15 May 2026."""
    travel_to("2027-06-15")
    m = make_municipality("m", make_region("r"))
    a, b, c = make_school("a", m), make_school("b", m), make_school("c", m)
    log = HandLog()
    log.add(a, "final_event.planned", {"event": 1, "academic_year": 2026,
                                       "held_on": "2027-05-20", "format": "in_person",
                                       "mentors": 3, "mentees": 2, "programme_items": 4},
            on="2027-03-01")
    log.add(a, "final_event.held", {"event": 1, "academic_year": 2026, "held_on": "2027-05-20",
                                    "format": "in_person", "mentors": 3, "mentees": 3,
                                    "nominations": 2}, on="2027-05-20")
    log.add(b, "final_event.planned", {"event": 2, "academic_year": 2026,
                                       "held_on": "2027-06-10", "format": "remote",
                                       "mentors": 2, "mentees": 2, "programme_items": 0},
            on="2027-04-01")
    log.add(c, "final_event.held", {"event": 3, "academic_year": 2025, "held_on": "2026-05-15",
                                    "format": "mixed", "mentors": 1, "mentees": 1,
                                    "nominations": 1}, on="2026-05-15")
    log.write()
    return m


def figures_of(place, day: dt.date) -> dict:
    found = figures(place, snapshot(2026, day))
    table = {row.place.slug: tuple(found.result(code, row.values) for code in INDICATORS)
             for row in found.rows}
    table["total"] = tuple(found.result(code) for code in INDICATORS)
    return table


def test_the_indicators_count_the_events_held_this_year_by_the_day(municipality):
    assert figures_of(municipality, dt.date(2027, 6, 1)) == {
        "a": (100.0, 6, 2),  # held on 20 May: 3 mentors and 3 mentees, 2 nominations
        "b": (0.0, 0, 0),  # planned for 10 June: not held yet
        "c": (0.0, 0, 0),  # held last school year
        "total": (33.3, 6, 2),  # 1 school of 3
    }
    assert figures_of(municipality, dt.date(2027, 5, 10))["total"] == (0.0, 0, 0)


def test_the_indicators_have_their_section_in_the_reports():
    assert {i.section for i in indicators() if i.code in INDICATORS} == {
        "Итоговое мероприятие"}


# --- the demo ---------------------------------------------------------------------------


def test_the_demo_has_a_school_that_held_its_final_event(app):
    from nastavnik.cli import demo
    result = app.test_cli_runner().invoke(demo, ["seed"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(FinalEvent))
    assert event.status == "held" and event.nominations and event.participants
    activity = db.session.scalar(select(RoadmapActivity).where(
        RoadmapActivity.school_id == event.school_id,
        RoadmapActivity.academic_year == event.academic_year, RoadmapActivity.code == "6.3"))
    assert activity is None or activity.completed_automatically
