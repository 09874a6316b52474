"""A roadmap that tells the truth: «Выполнено» by hand needs evidence and is never set for
what the platform tracks itself; rules state their condition; late work reads as late and
the log carries the due windows; the curator and the director see what waits for them."""

import datetime as dt
import re

import pytest
from bank_helpers import consented, in_mentee_bank, in_mentor_bank, teacher
from conftest import csrf_token
from sqlalchemy import event, select

from nastavnik.extensions import db
from nastavnik.platform.events import Event, append_batch
from nastavnik.platform.events.registry import lookup
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.services import enter_mentor
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.services import approve_document, create_document
from nastavnik.tenants.pairs.services import form_pair
from nastavnik.tenants.roadmap.conditions import CONDITIONS
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.seed import seed
from nastavnik.tenants.roadmap.services import (
    ensure_school_roadmap,
    stage_progress,
    update_activity,
)
from nastavnik.tenants.training.services import plan_session, record_attendance

EVIDENCE_NEEDED = ("Чтобы отметить мероприятие выполненным, приложите подтверждение: "
                   "документ школы, ссылку или комментарий.")
BANK_RULE = ("Выполняется автоматически, когда в банке наставников есть хотя бы один "
             "наставник с действующим согласием на обработку персональных данных")


@pytest.fixture
def school(make_school, travel_to):
    travel_to("2026-11-27")
    made = make_school("sch-1")
    ensure_school_roadmap(made, 2026)
    db.session.commit()
    return made


@pytest.fixture
def curator(make_user, school):
    return make_user(Role.CURATOR, school, full_name="Орлова Наталья Сергеевна")


@pytest.fixture
def director(make_user, school):
    return make_user(Role.DIRECTOR, school, full_name="Иванов Пётр Ильич")


def activity(school, code: str, year: int = 2026) -> RoadmapActivity:
    return db.session.scalar(select(RoadmapActivity).where(
        RoadmapActivity.school_id == school.id, RoadmapActivity.academic_year == year,
        RoadmapActivity.code == code))


def fresh(app, school, code: str) -> RoadmapActivity:
    """Read back in a fresh app context, free of what the last request left."""
    with app.app_context():
        found = activity(school, code)
        db.session.expunge(found)
        return found


def updates() -> list[Event]:
    return list(db.session.scalars(select(Event).where(
        Event.type == "roadmap.activity_updated").order_by(Event.position)))


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def edit(client, activity_id: int, **data):
    token = csrf_token(client, "/s/sch-1/")
    return client.post(f"/s/sch-1/roadmap/{activity_id}/edit",
                       data={"csrf_token": token, **data})


def status_options(client, activity_id: int) -> list[str]:
    page = client.get(f"/s/sch-1/roadmap/{activity_id}/edit").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="status".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"', select_html)


# «Выполнено» by hand needs evidence ----------------------------------------------------


@pytest.fixture
def by_hand(school):
    """Every activity of the seed completes from its records now; a municipality's template
    may still keep one by hand (its rule taken out), as 6.3 is kept here."""
    activity(school, "6.3").auto_complete = None
    db.session.commit()


def test_done_by_hand_without_evidence_is_refused_and_nothing_saved(app, school, by_hand,
                                                                   curator,
                                                                   logged_in):
    client = logged_in(curator)
    response = edit(client, activity(school, "6.3").id, status="done", responsible="Орлова")
    assert response.status_code == 400
    assert EVIDENCE_NEEDED in text_of(response)
    assert fresh(app, school, "6.3").status == "planned"
    assert updates() == []


@pytest.mark.parametrize("evidence", [
    {"evidence_url": "https://school.ru/nastavnichestvo/sessiya"},
    {"evidence_note": "Установочная сессия 12.10, лист регистрации в папке куратора."},
])
def test_a_link_or_a_note_is_evidence(app, school, by_hand, curator, logged_in, evidence):
    client = logged_in(curator)
    assert edit(client, activity(school, "6.3").id, status="done", **evidence
                ).status_code == 302
    assert fresh(app, school, "6.3").status == "done"


def test_a_document_of_the_school_is_evidence_and_a_foreign_one_is_not(
        app, school, by_hand, curator, make_school, logged_in):
    own = create_document(school, DocumentKind.PROGRAM_TEMPLATE, 2026, "", dt.date(2026, 10, 5))
    other_school = make_school("sch-2")
    foreign = create_document(other_school, DocumentKind.PROGRAM_TEMPLATE, 2026, "",
                              dt.date(2026, 10, 5))
    db.session.commit()
    own_id, foreign_id = own.id, foreign.id
    client = logged_in(curator)
    target = activity(school, "6.3").id
    assert f'value="{own_id}"' in client.get(f"/s/sch-1/roadmap/{target}/edit").get_data(
        as_text=True)
    refused = edit(client, target, status="done", evidence_document_id=str(foreign_id))
    assert refused.status_code == 400
    assert "Выберите документ школы из списка." in text_of(refused)
    assert edit(client, target, status="done",
                evidence_document_id=str(own_id)).status_code == 302
    saved = fresh(app, school, "6.3")
    assert (saved.status, saved.evidence_document_id) == ("done", own_id)
    page = text_of(client.get("/s/sch-1/roadmap/"))
    assert "Документ: Шаблон персонализированной программы" in page


def test_evidence_cannot_be_taken_away_from_a_done_activity(app, school, by_hand, curator,
                                                           logged_in):
    client = logged_in(curator)
    target = activity(school, "6.3").id
    edit(client, target, status="done", evidence_note="Сессия проведена 12.10.")
    response = edit(client, target, status="done", evidence_note="")
    assert response.status_code == 400 and EVIDENCE_NEEDED in text_of(response)
    assert fresh(app, school, "6.3").evidence_note == "Сессия проведена 12.10."


# What the platform tracks is never ticked by hand -------------------------------------

def test_a_tracked_activity_is_refused_while_its_document_is_a_draft(app, school, curator,
                                                                    logged_in):
    create_document(school, DocumentKind.REGULATION_ORDER, 2026, "12-од", dt.date(2026, 9, 3))
    db.session.commit()
    client = logged_in(curator)
    target = activity(school, "1.1").id
    assert "done" not in status_options(client, target)  # the form does not even offer it
    assert "in_progress" in status_options(client, target)
    response = edit(client, target, status="done",
                    evidence_note="Приказ подписан, лежит в приёмной.")
    assert response.status_code == 400
    assert ("Это мероприятие выполняется автоматически, когда на платформе утверждён приказ "
            "об утверждении Положения. Отметить его выполненным вручную нельзя.") in text_of(
        response)
    assert fresh(app, school, "1.1").status == "planned"
    assert updates() == []
    # Other statuses remain the curator's to set.
    assert edit(client, target, status="in_progress").status_code == 302


def test_an_activity_done_by_the_platform_keeps_its_status(app, school, curator, director,
                                                           logged_in):
    order = create_document(school, DocumentKind.REGULATION_ORDER, 2026, "12-од",
                            dt.date(2026, 9, 3))
    approve_document(order, director)
    db.session.commit()
    client = logged_in(curator)
    target = activity(school, "1.1").id
    assert status_options(client, target) == ["done"]
    response = edit(client, target, status="planned")
    assert response.status_code == 400
    assert "его статус вручную не меняется" in text_of(response)
    assert edit(client, target, status="done", responsible="Директор").status_code == 302
    assert fresh(app, school, "1.1").completed_automatically


# Rules state a real condition ----------------------------------------------------------

def test_the_mentor_bank_completes_when_it_holds_a_mentor_with_consent(app, school, curator,
                                                                       logged_in):
    future_mentor = consented(teacher(school, "Орлова"), "mentor_bank")
    assert activity(school, "3.2").status == "planned"  # a consent alone fills no bank
    enter_mentor(future_mentor, {
        "subjects": ["math"], "competencies": ["methods"], "experience": "21_plus",
        "qualification": "highest", "capacity": 1, "formats": ["traditional"],
        "network_ready": "no"})
    db.session.commit()
    bank = fresh(app, school, "3.2")
    assert (bank.status, bank.completed_automatically, bank.completed_by_event_type) == (
        "done", True, "mentor.entered")
    page = text_of(logged_in(curator).get("/s/sch-1/roadmap/"))
    assert "Выполнено автоматически: Педагог внесён в банк наставников" in page


def test_a_mentor_whose_consent_was_withdrawn_does_not_count(school):
    from nastavnik.tenants.consents.services import withdraw_consent

    person = in_mentor_bank(school, "Орлова")
    withdraw_consent(person, "mentor_bank", withdrawn_on=dt.date(2026, 11, 27))
    db.session.commit()
    assert not CONDITIONS["mentor_bank_with_consent"](school)
    in_mentor_bank(school, "Лебедева")
    assert CONDITIONS["mentor_bank_with_consent"](school)


def test_every_rule_of_the_template_states_its_condition_in_words(school, curator,
                                                                   logged_in):
    for item in seed()["activities"]:
        rule = item["auto_complete"]
        if rule is None:
            continue
        assert lookup(rule["event"]) is not None, item["code"]
        assert rule.get("condition") in (None, *CONDITIONS), item["code"]
        assert rule["says"], item["code"]
        assert rule["event"] != "consent.given", "a consent alone completes nothing"
    page = text_of(logged_in(curator).get("/s/sch-1/roadmap/"))
    assert BANK_RULE in page
    assert page.count("Выполняется автоматически, когда") == sum(
        1 for item in seed()["activities"] if item["auto_complete"])


def test_the_municipal_template_shows_the_rules_in_words(school, make_user, logged_in):
    client = logged_in(make_user(Role.METHODOLOGIST, school.municipality))
    assert BANK_RULE in text_of(client.get(f"/m/{school.municipality.slug}/roadmap-template/"))


# Late is late ---------------------------------------------------------------------------

def test_done_after_the_due_date_reads_late_and_counts_as_late(school, curator, logged_in,
                                                               travel_to):
    # Every activity of the seed completes from its records now; a municipality's template
    # may keep one by hand (a rule taken out), as these two are here.
    for code in ("7.1", "6.1"):
        activity(school, code).auto_complete = None
    travel_to("2027-05-20")
    update_activity(school, activity(school, "7.1"), {
        "status": "done", "evidence_note": "Новости на сайте."})  # due 31 August
    travel_to("2027-06-10")
    update_activity(school, activity(school, "6.1"), {
        "status": "done", "evidence_note": "Анкеты собраны 8 июня."})  # due 31 May
    db.session.commit()
    on_time, late = activity(school, "7.1"), activity(school, "6.1")
    assert (on_time.completed_on, on_time.completed_late) == (dt.date(2027, 5, 20), False)
    assert (late.completed_on, late.completed_late) == (dt.date(2027, 6, 10), True)
    stages = stage_progress([on_time, late])
    assert [(stages[n]["done"], stages[n]["late"]) for n in (5, 6)] == [(1, 1), (1, 0)]
    client = logged_in(curator)
    page = text_of(client.get("/s/sch-1/roadmap/"))
    assert "Выполнено с опозданием 10 июня 2027" in page
    assert "выполнено 1 из 3, с опозданием 1" in page
    home = text_of(client.get("/s/sch-1/"))
    assert "Выполнено с опозданием: 1 мероприятие" in home


def test_an_automatic_completion_after_the_due_date_is_late(school, travel_to):
    mentor, mentee = in_mentor_bank(school, "Орлова"), in_mentee_bank(school, "Лебедева")
    travel_to("2026-12-02")  # 5.1 was due by 31 October
    form_pair(school, mentor, [mentee], "traditional", dt.date(2026, 12, 2),
              dt.date(2027, 5, 31))
    db.session.commit()
    pairs = activity(school, "5.1")
    assert (pairs.status, pairs.completed_late) == ("done", True)
    assert updates()[-1].payload["completed_on"] == "2026-12-02"


# The log carries the windows -----------------------------------------------------------

def test_roadmap_events_are_version_2_with_the_due_window(school):
    update_activity(school, activity(school, "4.3"), {"status": "in_progress"})
    db.session.commit()
    [updated] = updates()
    assert updated.version == 2
    assert updated.payload == {
        "activity": "4.3", "academic_year": 2026, "status": "in_progress", "automatic": False,
        "due_from": "2026-10-01", "due_to": "2026-11-30", "completed_on": None}
    created = db.session.scalar(select(Event).where(Event.type == "roadmap.created"))
    windows = dict(zip(created.payload["codes"],
                       zip(created.payload["due_from"], created.payload["due_to"],
                           strict=True), strict=True))
    assert windows["4.3"] == ("2026-10-01", "2026-11-30")
    assert windows["7.1"] == ("2026-09-01", "2027-08-31")


def test_version_1_events_stay_readable(school, curator, logged_in):
    v1 = {"activity": "1.2", "academic_year": 2025, "status": "done", "automatic": True}
    schema = lookup("roadmap.activity_updated").schema()
    assert schema.load(v1) == v1  # the new fields are optional
    created_v1 = {"academic_year": 2025, "activities": 19, "municipal_template": False}
    assert lookup("roadmap.created").schema().load(created_v1) == created_v1
    import uuid

    from nastavnik.platform import clock
    append_batch(db.session, [{
        "event_id": uuid.uuid4(), "school_id": school.id,
        "municipality_id": school.municipality_id, "region_id": school.region_id,
        "academic_year": 2025, "stream": "roadmap:old", "type": "roadmap.activity_updated",
        "version": 1, "payload": v1, "actor_id": None, "occurred_at": clock.now()}])
    db.session.commit()
    audit = logged_in(curator).get("/s/sch-1/audit/")
    assert audit.status_code == 200
    # The projection folds it too: a status without a window (version 1 knew none).
    from nastavnik.platform.oversight.state import RoadmapActivityState
    from nastavnik.workers.projections import advance, find

    advance(find("roadmap_activity_state"))
    old = db.session.scalar(select(RoadmapActivityState).filter_by(
        school_id=school.id, academic_year=2025, code="1.2", until_position=None))
    assert (old.status, old.due_to, old.completed_on) == ("done", None, None)


# What waits for the curator and the director --------------------------------------------

def waiting_card(page: str) -> str:
    match = re.search(r'id="waiting">(.*?)</div>\s*</div>\s*</div>', page, re.S)
    assert match, "no «Ждёт вас» card"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_the_curator_and_the_director_see_what_waits_for_them(school, curator, director,
                                                              client, logged_in):
    draft = create_document(school, DocumentKind.REGULATION, 2026, "", dt.date(2026, 9, 3))
    waiting = in_mentee_bank(school, "Лебедева")
    db.session.commit()
    page = logged_in(curator).get("/s/sch-1/").get_data(as_text=True)
    card = waiting_card(page)
    assert "Черновики документов ждут утверждения руководителем: 1" in card
    assert f'href="/s/sch-1/documents/{draft.id}"' in page
    # Stages 1–3 ended by 31 October; the mentee's entry completed 2.1 and 2.2.
    assert "Срок прошёл: 9 мероприятий" in card
    assert "1.1. Приказ «Об утверждении положения" in card and "2.2." not in card
    assert "Ждут наставника: 1 наставляемый" in card
    assert waiting.full_name in card
    assert "сформировать пару" in card
    client.post("/logout", data={"csrf_token": csrf_token(client, "/s/sch-1/")})
    page = logged_in(director).get("/s/sch-1/").get_data(as_text=True)
    assert "Документы ждут вашего утверждения: 1" in waiting_card(page)
    assert f'href="/s/sch-1/documents/{draft.id}"' in page


def test_when_nothing_waits_a_sentence_says_so(make_school, make_user, logged_in,
                                               travel_to):
    travel_to("2026-09-10")  # nothing is due yet
    quiet = make_school("sch-1")
    ensure_school_roadmap(quiet, 2026)
    db.session.commit()
    page = logged_in(make_user(Role.DIRECTOR, quiet)).get("/s/sch-1/").get_data(as_text=True)
    assert waiting_card(page).strip() == (
        "Ждёт вас Сейчас ничего не ждёт: документов на утверждении нет, просроченных "
        "мероприятий нет, наставника никто не ждёт.")


def test_mentors_have_no_waiting_card(school, make_user, logged_in):
    page = logged_in(make_user(Role.MENTOR, school)).get("/s/sch-1/").get_data(as_text=True)
    assert 'id="waiting"' not in page


# The home page's cost does not grow with the school --------------------------------------

def statements_of_home(app, client) -> tuple[int, int]:
    """SQL statements and commits of one GET of the school home page."""
    with app.app_context():
        engine = db.engine
    seen = {"sql": 0, "commits": 0}

    def on_sql(*_args):
        seen["sql"] += 1

    def on_commit(*_args):
        seen["commits"] += 1

    event.listen(engine, "before_cursor_execute", on_sql)
    event.listen(engine, "commit", on_commit)
    try:
        assert client.get("/s/sch-1/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", on_sql)
        event.remove(engine, "commit", on_commit)
    return seen["sql"], seen["commits"]


def grow(school, director, start: int, count: int) -> None:
    """``count`` more of everything the home page lists: teachers, mentees waiting,
    mentors, pairs, drafts, activities taken in hand and done automatically."""
    for n in range(start, start + count):
        in_mentee_bank(school, f"Ждущая{n}")
        mentor, mentee = in_mentor_bank(school, f"Наставник{n}"), in_mentee_bank(
            school, f"Молодой{n}")
        form_pair(school, mentor, [mentee], "traditional", dt.date(2026, 10, 1),
                  dt.date(2027, 5, 31))
    kinds = [DocumentKind.REGULATION_ORDER, DocumentKind.REGULATION, DocumentKind.ROADMAP,
             DocumentKind.PROGRAM_TEMPLATE]
    for n in range(start, min(start + count, len(kinds))):
        create_document(school, kinds[n], 2026, "", dt.date(2026, 9, 3))
    # Every activity of stages 6–7 completes from its records now: the curator can still
    # take them in hand by hand («в работе», with a note), which the home page lists too.
    for code in ("6.1", "6.3", "7.1")[start:start + count]:
        update_activity(school, activity(school, code),
                        {"status": "in_progress", "evidence_note": "Готовим."})
    db.session.commit()


@pytest.mark.parametrize("role", [Role.CURATOR, Role.DIRECTOR])
def test_the_home_page_costs_the_same_for_a_small_and_a_larger_school(
        app, school, make_user, logged_in, role):
    director = make_user(Role.DIRECTOR, school, email="d@example.org")
    user = director if role is Role.DIRECTOR else make_user(role, school)
    client = logged_in(user)
    grow(school, director, 0, 1)
    small, small_commits = statements_of_home(app, client)
    grow(school, director, 1, 3)
    larger, larger_commits = statements_of_home(app, client)
    assert larger == small, f"{small} statements for a small school, {larger} for a larger"
    assert small_commits == larger_commits == 0  # a GET never commits
    assert small <= 25


# The municipality counts overdue and late work from the log alone -------------------------

def test_the_municipality_counts_overdue_and_late_work_from_the_log(
        school, curator, make_school, travel_to):
    from nastavnik.platform.oversight.figures import figures as oversight_figures
    from nastavnik.platform.oversight.figures import snapshot
    from nastavnik.platform.oversight.state import STATE_PROJECTIONS, RoadmapActivityState
    from nastavnik.workers.projections import advance, find, rebuild

    behind = make_school("sch-behind", school.municipality)
    ensure_school_roadmap(behind, 2026)
    travel_to("2026-12-10")
    # The attendance sheet of 10 December completes 4.3 (due 30 November) late, and the
    # mentor entered that day 3.1 and 3.2 (due 31 October).
    mentor = in_mentor_bank(school, "Орлова")
    session = plan_session(school, curator, held_on=dt.date(2026, 12, 10),
                           topic="Установочная сессия", kind="setup", format="in_person",
                           organiser="куратор наставничества")
    record_attendance(school, session, {mentor.id})
    update_activity(school, activity(school, "1.1"), {"status": "not_applicable"})
    db.session.commit()
    projection = find("roadmap_activity_state")
    advance(projection)
    current = select(RoadmapActivityState).filter_by(until_position=None)
    incremental = sorted((r.school_id, r.code, r.status, r.due_to, r.completed_on)
                         for r in db.session.scalars(current))
    assert len(incremental) == 38
    rebuild(projection)
    db.session.expire_all()
    assert sorted((r.school_id, r.code, r.status, r.due_to, r.completed_on)
                  for r in db.session.scalars(current)) == incremental

    for name in STATE_PROJECTIONS:
        advance(find(name))
    figures = oversight_figures(school.municipality, snapshot(2026, dt.date(2026, 12, 10)))
    rows = {row.place.slug: (row.value("activities_overdue").amount,
                             row.value("activities_late").amount) for row in figures.rows}
    # By 10 December: stages 1–5.1 and 4.x, 5.2 have closed (14 activities); the first
    # school set 1.1 «не требуется» and did 3.1, 3.2 and 4.3 late.
    assert rows == {"sch-1": (10, 3), "sch-behind": (14, 0)}
