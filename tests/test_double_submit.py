"""A double click is one action: concurrent POSTs of one form take effect once, never 500.

Each "click" is a real thread with its own test client carrying the same session
cookie (and so the same CSRF token), as a browser sending a form twice does. A barrier
releases them together; every race is run for several rounds, each on a fresh target,
and every round must leave exactly one row and one event.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Callable

import pytest
from bank_helpers import MENTEE_ANSWERS, consented, form_data, in_mentee_bank, in_mentor_bank
from conftest import csrf_token, login
from dateutil.relativedelta import relativedelta
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.models import DocumentScan, SchoolDocument
from nastavnik.tenants.documents.services import create_document
from nastavnik.tenants.pairs.models import MentoringPair, PairMentee
from nastavnik.tenants.pairs.services import form_pair
from nastavnik.tenants.questionnaires.models import QuestionnaireResponse
from nastavnik.tenants.teachers.models import Teacher, TeacherImport
from nastavnik.tenants.teachers.services import add_teacher

ROUNDS = 4
CLICKS = 3
# What a refused or repeated click may get: the result page, a form with a message, a
# redirect, or the calm «already done» page. Never a 500.
CALM = {200, 302, 303, 400, 409}


@pytest.fixture
def school(make_school):
    return make_school("sch")


@pytest.fixture
def curator(make_user, school):
    return make_user(Role.CURATOR, school, full_name="Петрова Анна Сергеевна")


@pytest.fixture
def session_of(app, client):
    """Log ``user`` in once; return a maker of clients that share that session."""
    def sign_in(user) -> Callable[[], object]:
        assert login(client, user).status_code == 302
        return lambda: _sharing_session(app, client)
    return sign_in


def _sharing_session(app, source):
    name = app.config["SESSION_COOKIE_NAME"]
    clone = app.test_client()
    clone.set_cookie(name, source.get_cookie(name).value)
    return clone


def clicks(tab: Callable[[], object], path: str, data: dict | Callable[[], dict] | None = None,
           times: int = CLICKS, token_from: str | None = None) -> list:
    """POST ``data`` to ``path`` from ``times`` threads at once; return the responses.

    A callable ``data`` is called per click (a file must be a fresh stream each time). The token
    is read first, from ``token_from`` (else ``path``), so every click sends the same form.
    """
    token = csrf_token(tab(), token_from or path)
    clients = [tab() for _ in range(times)]
    barrier = threading.Barrier(times)
    responses: list = [None] * times
    errors: list[BaseException] = []

    def click(index: int) -> None:
        payload = {**(data() if callable(data) else data or {}), "csrf_token": token}
        barrier.wait()
        try:
            responses[index] = clients[index].post(path, data=payload)
        except BaseException as error:  # an exception here is the 500 a user would see
            errors.append(error)

    threads = [threading.Thread(target=click, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    codes = [r.status_code for r in responses]
    assert set(codes) <= CALM, codes
    return responses


def events(type_: str) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Event).where(Event.type == type_))


def rows(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def person(school, last_name: str) -> Teacher:
    teacher = add_teacher(school, last_name=last_name, first_name="Анна", middle_name="Игоревна",
                          birth_year=clock.today().year - 30)
    db.session.commit()
    return teacher


def test_a_double_clicked_consent_is_recorded_once(school, curator, session_of):
    tab = session_of(curator)
    for round_ in range(ROUNDS):
        teacher = person(school, f"Согласная{round_}")
        clicks(tab, f"/s/sch/consents/{teacher.id}/mentee_bank", {
            "given_on": clock.today().isoformat(), "form_reference": "№ 7", "scope": ""})
        assert rows(ConsentRecord, ConsentRecord.teacher_id == teacher.id,
                    ConsentRecord.withdrawn_on.is_(None)) == 1
        assert events("consent.given") == round_ + 1


def test_a_double_clicked_withdrawal_withdraws_and_erases_once(school, curator, session_of):
    tab = session_of(curator)
    for round_ in range(ROUNDS):
        teacher = consented(person(school, f"Отзывающая{round_}"), "mentee_bank")
        responses = clicks(tab, f"/s/sch/consents/{teacher.id}/mentee_bank/withdraw",
                           {"withdrawn_on": clock.today().isoformat()})
        assert rows(ConsentRecord, ConsentRecord.teacher_id == teacher.id,
                    ConsentRecord.withdrawn_on.is_not(None)) == 1
        assert (events("consent.withdrawn"), events("teacher.anonymised")) == (round_ + 1,
                                                                                round_ + 1)
        [late] = clicks(tab, f"/s/sch/consents/{teacher.id}/mentee_bank/withdraw",
                        {"withdrawn_on": clock.today().isoformat()}, times=1,
                        token_from=f"/s/sch/consents/{teacher.id}/mentee_bank")
        refused = [r.get_data(as_text=True) for r in [*responses, late] if r.status_code == 400]
        assert late.status_code == 400
        assert all("Действующего согласия для этой цели нет." in page for page in refused)
        assert events("consent.withdrawn") == round_ + 1


def test_a_double_clicked_approval_records_one_approval(school, curator, make_user, app):
    director = make_user(Role.DIRECTOR, school, full_name="Смирнов Олег Викторович")
    client = app.test_client()
    assert login(client, director).status_code == 302
    for round_ in range(ROUNDS):
        document = create_document(school, DocumentKind.REGULATION_ORDER, 2026,
                                   f"{round_}-од", dt.date(2026, 10, 1))
        db.session.commit()
        clicks(lambda: _sharing_session(app, client),
               f"/s/sch/documents/{document.id}/approve", times=8,
               token_from=f"/s/sch/documents/{document.id}")
        assert events("document.approved") == round_ + 1
        assert rows(SchoolDocument, SchoolDocument.status == "approved") == round_ + 1


def test_a_double_clicked_create_makes_one_document(school, curator, session_of):
    tab = session_of(curator)
    year = clock.current_academic_year()
    drafts = [(DocumentKind.REGULATION_ORDER, "1-од"), (DocumentKind.PAIR_ORDER, "2-од"),
              (DocumentKind.REGULATION, ""), (DocumentKind.ROADMAP, "")]
    for round_, (kind, number) in enumerate(drafts):
        responses = clicks(tab, "/s/sch/documents/", {
            "kind": kind.value, "number": number, "date": clock.today().isoformat(),
            "academic_year": str(year)})
        assert rows(SchoolDocument) == events("document.created") == round_ + 1
        refused = [r.get_data(as_text=True) for r in responses if r.status_code == 400]
        message = "с таким номером" if number else "Черновик этого документа"
        assert all(message in page for page in refused)


def test_a_number_given_before_is_refused_on_its_field(school, curator, session_of):
    tab = session_of(curator)
    year = clock.current_academic_year()
    form = {"kind": "regulation_order", "number": "3-од", "date": f"{year}-10-01",
            "academic_year": str(year)}
    [first] = clicks(tab, "/s/sch/documents/", lambda: form, times=1)
    [again] = clicks(tab, "/s/sch/documents/", lambda: form, times=1)
    assert (first.status_code, again.status_code) == (303, 400)
    assert "Документ этого вида с таким номером за этот учебный год уже есть." in again.get_data(
        as_text=True)


def _png(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (seed, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_double_clicked_scan_upload_stores_one_scan(school, curator, session_of):
    tab = session_of(curator)
    for round_ in range(ROUNDS):
        document = create_document(school, DocumentKind.REGULATION_ORDER, 2026, f"{round_}-од",
                                   dt.date(2026, 10, 1))
        db.session.commit()
        scan = _png(round_)
        clicks(tab, f"/s/sch/documents/{document.id}/scan",
               lambda scan=scan: {"scan": (io.BytesIO(scan), "scan.png", "image/png")},
               token_from=f"/s/sch/documents/{document.id}")
        assert rows(DocumentScan, DocumentScan.document_id == document.id) == 1
        assert events("document.scan_uploaded") == round_ + 1


def test_a_double_clicked_add_teacher_adds_one(school, curator, session_of):
    tab = session_of(curator)
    for round_ in range(ROUNDS):
        responses = clicks(tab, "/s/sch/teachers/", {
            "last_name": f"Двойная{round_}", "first_name": "Ирина", "middle_name": "Олеговна",
            "birth_year": "1990", "teaching_since": "2012"})
        assert rows(Teacher, Teacher.last_name == f"Двойная{round_}") == 1
        assert events("teacher.added") == round_ + 1
        refused = [r.get_data(as_text=True) for r in responses if r.status_code == 400]
        assert all('is-invalid" id="last_name"' in page and "Такой педагог уже есть в списке"
                   in page for page in refused)


CSV = "Фамилия;Имя;Отчество;Год рождения\n{0}ова;Анна;Петровна;1990\n{0}ина;Олга;Ивановна;1985\n"


def _preview(client, prefix: str) -> str:
    token = csrf_token(client, "/s/sch/teachers/import")
    page = client.post("/s/sch/teachers/import", data={
        "csrf_token": token, "file": (io.BytesIO(CSV.format(prefix).encode()), "staff.csv")},
        content_type="multipart/form-data").get_data(as_text=True)
    return re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)


def test_an_import_confirmed_four_times_writes_its_rows_once(school, curator, session_of):
    tab = session_of(curator)
    for round_ in range(ROUNDS):
        prefix = f"Импорт{round_}"
        preview = _preview(tab(), prefix)
        clicks(tab, "/s/sch/teachers/import/confirm", {"token": preview}, times=4,
               token_from="/s/sch/teachers/import")
        assert rows(Teacher, Teacher.last_name.startswith(prefix)) == 2
        assert rows(TeacherImport) == round_ + 1
        assert events("teacher.added") == 2 * (round_ + 1)

        # A replay later, with the same token, imports nothing and says so.
        replay = tab()
        replay.post("/s/sch/teachers/import/confirm", data={
            "token": preview, "csrf_token": csrf_token(replay, "/s/sch/teachers/import")})
        page = replay.get("/s/sch/teachers/import").get_data(as_text=True)
        assert "Этот список уже импортирован" in page
        assert rows(Teacher, Teacher.last_name.startswith(prefix)) == 2


def _period() -> dict:
    start = clock.today()
    return {"starts_on": start.isoformat(),
            "ends_on": (start + relativedelta(months=6)).isoformat()}


def test_a_double_clicked_pair_is_formed_once(school, curator, session_of):
    tab = session_of(curator)
    for round_ in range(ROUNDS):
        mentor = in_mentor_bank(school, f"Наставникова{round_}", capacity=1)
        mentee = in_mentee_bank(school, f"Наставляемая{round_}")
        clicks(tab, "/s/sch/pairs/", {
            "mentor": str(mentor.id), "mentees": [str(mentee.id)], "kind": "pair",
            "form_code": "traditional", **_period()})
        assert rows(PairMentee, PairMentee.teacher_id == mentee.id) == 1
        assert rows(MentoringPair) == events("pair.formed") == round_ + 1


def test_a_double_clicked_finish_finishes_once(school, curator, session_of):
    tab = session_of(curator)
    for round_ in range(ROUNDS):
        mentor = in_mentor_bank(school, f"Наставникова{round_}", capacity=1)
        mentee = in_mentee_bank(school, f"Наставляемая{round_}")
        start = clock.today() - relativedelta(months=4)
        pair = form_pair(school, mentor, [mentee], "traditional", start,
                         start + relativedelta(months=4))
        db.session.commit()
        clicks(tab, f"/s/sch/pairs/{pair.id}/finish", token_from="/s/sch/pairs/")
        assert events("pair.finished") == round_ + 1
        assert rows(PairMentee, PairMentee.active) == 0


def test_a_double_clicked_questionnaire_enters_the_bank_once(school, curator, session_of):
    tab = session_of(curator)
    for round_ in range(ROUNDS):
        teacher = consented(person(school, f"Анкетная{round_}"), "mentee_bank")
        clicks(tab, f"/s/sch/banks/mentees/enter/{teacher.id}",
               form_data(MENTEE_ANSWERS))
        assert rows(MenteeEntry, MenteeEntry.teacher_id == teacher.id) == 1
        assert rows(QuestionnaireResponse, QuestionnaireResponse.teacher_id == teacher.id) == 1
        assert events("mentee.entered") == events("questionnaire.answered") == round_ + 1


def test_changed_answers_are_still_stored(school, curator, session_of):
    tab = session_of(curator)
    teacher = consented(person(school, "Передумавшая"), "mentee_bank")
    path = f"/s/sch/banks/mentees/enter/{teacher.id}"
    clicks(tab, path, form_data(MENTEE_ANSWERS), times=1)
    clicks(tab, path, form_data(MENTEE_ANSWERS), times=1)
    assert events("mentee.entered") == 1
    clicks(tab, path, form_data({**MENTEE_ANSWERS, "confidence": 4}), times=1)
    assert events("mentee.entered") == 2


# The tables themselves refuse a duplicate, whatever writer forgets the lock.

def test_the_tables_refuse_a_second_active_consent_and_listing(school):
    teacher = consented(person(school, "Единственная"), "mentee_bank")
    twin = ConsentRecord(school_id=school.id, teacher_id=teacher.id, purpose="mentee_bank",
                         scope="-", given_on=clock.today(), form_reference="№ 2")
    db.session.add(twin)
    with pytest.raises(IntegrityError, match="uq_consent_records_active"):
        db.session.flush()
    db.session.rollback()
    db.session.add(Teacher(school_id=school.id, last_name="Единственная", first_name="Анна",
                           middle_name="Игоревна", birth_year=teacher.birth_year))
    with pytest.raises(IntegrityError, match="uq_teachers_person"):
        db.session.flush()
    db.session.rollback()


def test_erased_and_departed_teachers_may_repeat(school):
    for _ in range(2):
        db.session.add(Teacher(school_id=school.id, last_name="Удалено", first_name="Удалено"))
        db.session.add(Teacher(school_id=school.id, last_name="Ушедшая", first_name="Анна",
                               employed=False))
    db.session.commit()
    assert rows(Teacher) == 4


def test_a_mentee_cannot_be_in_two_working_pairs_even_bypassing_the_service(school):
    mentor, mentee = in_mentor_bank(school, "Наставникова"), in_mentee_bank(school, "Одна")
    pair = form_pair(school, mentor, [mentee], "traditional", clock.today(),
                     clock.today() + relativedelta(months=6))
    db.session.commit()
    db.session.add(MentoringPair(school_id=school.id, mentor_id=mentor.id,
                                 form_code="traditional", kind="pair", starts_on=pair.starts_on,
                                 ends_on=pair.ends_on,
                                 mentees=[PairMentee(teacher_id=mentee.id)]))
    with pytest.raises(IntegrityError, match="uq_pair_mentees_active"):
        db.session.flush()
    db.session.rollback()
