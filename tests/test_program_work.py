"""Mentor and mentee working in their program from their own accounts; the curator's
overview; who may see what; the program printed as DOCX and PDF."""

import datetime as dt
import io
import threading

import docx
import pytest
from bank_helpers import events_of
from conftest import csrf_token, login
from PIL import Image
from program_helpers import account_of, formed_pair
from pypdf import PdfReader
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.roles import Role
from nastavnik.tenants.programs.models import ProgramMark, ProgramMeeting
from nastavnik.tenants.programs.services import program_of, update_program

pytestmark = pytest.mark.usefixtures("autumn_2026")
HOSTILE = "<script>alert(1)</script> & <b>жирный</b> =HYPERLINK(\"x\")"


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@pytest.fixture
def pair(school):
    return formed_pair(school)


@pytest.fixture
def program(pair):
    return program_of(pair[0])


def base(program) -> str:
    return f"/s/sch-1/programs/{program.id}"


def post(client, path: str, data: dict, token_from: str, **kwargs):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from)},
                       **kwargs)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_curator_sees_every_program_late_first_and_opens_one(school, pair, program,
                                                              make_user, logged_in,
                                                              travel_to):
    from program_helpers import formed_pair as another
    other_pair, *_ = another(school, "Волкова", "Соколова")
    travel_to(dt.datetime(2027, 1, 10, 12))  # the first program's first activities are late
    for activity in program_of(other_pair).activities[:3]:
        activity.done_on = activity.planned_on
    db.session.commit()
    client = logged_in(make_user(Role.CURATOR, school))
    page = client.get("/s/sch-1/programs/").get_data(as_text=True)
    assert page.index("Лебедева") < page.index("Соколова")  # the late first
    assert "3 из 4" in page and "Черновик" in page
    shown = client.get(base(program)).get_data(as_text=True)
    assert "Утвердить программу" in shown and "просрочено" in shown
    pairs_page = client.get("/s/sch-1/pairs/").get_data(as_text=True)
    assert f"/s/sch-1/programs/pair/{pair[0].id}" in pairs_page
    assert client.get(f"/s/sch-1/programs/pair/{pair[0].id}").headers["Location"].endswith(
        base(program))


def test_curator_approves_on_the_page_once(school, program, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    first = post(client, base(program) + "/approve", {}, base(program))
    second = post(client, base(program) + "/approve", {}, base(program))
    assert first.status_code == second.status_code == 303
    assert len(events_of("program.approved")) == 1
    assert "уже утверждена" in client.get(base(program)).get_data(as_text=True)


def test_mentor_marks_done_with_a_file_logs_a_meeting_and_the_mentee_rates(
        app, school, pair, program, make_user, client):
    _pair, mentor, mentee = pair
    activity = program.activities[0]
    login(client, account_of(make_user, school, mentor, Role.MENTOR))
    home = client.get("/s/sch-1/").get_data(as_text=True)
    assert "Моя программа наставничества" in home
    done = post(client, f"{base(program)}/activities/{activity.id}/done",
                {"done_on": "2026-10-02", "comment": "Провели диагностику",
                 "file": (io.BytesIO(png()), "план.png", "image/png")},
                f"{base(program)}/activities/{activity.id}/done",
                content_type="multipart/form-data")
    assert done.status_code == 303, done.get_data(as_text=True)
    again = post(client, f"{base(program)}/activities/{activity.id}/done",
                 {"done_on": "2026-10-02", "comment": "Ещё раз"},
                 f"{base(program)}/activities/{activity.id}/done")
    assert "уже отметили" in again.get_data(as_text=True)
    meeting = post(client, base(program) + "/meetings",
                   {"held_on": "2026-10-05", "format": "in_person", "topic": "Разбор урока",
                    "minutes": "45"}, base(program))
    assert meeting.status_code == 303, meeting.get_data(as_text=True)
    assert client.get(f"{base(program)}/activities/{activity.id}/feedback").status_code == 404

    client = app.test_client()
    login(client, account_of(make_user, school, mentee, Role.MENTEE))
    page = client.get(base(program)).get_data(as_text=True)
    assert "Провели диагностику" in page and "план.png" in page and "Разбор урока" in page
    mark = db.session.scalar(select(ProgramMark).where(ProgramMark.side == "mentor"))
    file = client.get(f"{base(program)}/files/{mark.id}")
    assert file.status_code == 200 and file.data == png()
    rated = post(client, f"{base(program)}/activities/{activity.id}/feedback",
                 {"rating": "5", "comment": "Полезно"},
                 f"{base(program)}/activities/{activity.id}/feedback")
    assert rated.status_code == 303
    meeting_id = db.session.scalar(select(ProgramMeeting.id))
    rated_meeting = post(client, f"{base(program)}/meetings/{meeting_id}/feedback",
                         {"rating": "4"}, f"{base(program)}/meetings/{meeting_id}/feedback")
    assert rated_meeting.status_code == 303
    twice = post(client, f"{base(program)}/meetings/{meeting_id}/feedback", {"rating": "1"},
                 f"{base(program)}/meetings/{meeting_id}/feedback")
    assert "уже оценили" in twice.get_data(as_text=True)
    assert client.get(f"{base(program)}/activities/{activity.id}/done").status_code == 404
    assert [len(events_of(t)) for t in ("program.activity_done", "program.meeting_logged",
                                        "program.feedback_given")] == [1, 1, 2]
    done_event = events_of("program.activity_done")[0].payload
    assert done_event["with_file"] and done_event["mentor"] == str(mentor.pseudonym)
    everything = str([e.payload for e in events_of("program.feedback_given")])
    assert "Полезно" not in everything and "Разбор" not in str(
        events_of("program.meeting_logged")[0].payload)


def _clicks(app, client, path: str, data: dict, times: int = 3) -> list[int]:
    """POST the same form from ``times`` threads sharing one session, all at once."""
    token = csrf_token(client, path)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    clients = []
    for _ in range(times):
        clone = app.test_client()
        clone.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
        clients.append(clone)
    barrier, codes, errors = threading.Barrier(times), [0] * times, []

    def click(i: int) -> None:
        barrier.wait()
        try:
            codes[i] = clients[i].post(path, data={**data, "csrf_token": token}).status_code
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=click, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return codes


def test_both_sides_marks_are_recorded_once_under_a_double_submit(app, school, pair, program,
                                                                  make_user, client):
    _pair, mentor, mentee = pair
    activity = program.activities[0]
    login(client, account_of(make_user, school, mentor, Role.MENTOR))
    codes = _clicks(app, client, f"{base(program)}/activities/{activity.id}/done",
                    {"done_on": "2026-10-02", "comment": "Сделано"})
    assert set(codes) <= {303, 400}, codes
    assert count(ProgramMark, ProgramMark.side == "mentor") == 1
    client = app.test_client()
    login(client, account_of(make_user, school, mentee, Role.MENTEE))
    codes = _clicks(app, client, f"{base(program)}/activities/{activity.id}/feedback",
                    {"rating": "4", "comment": "Хорошо"})
    assert set(codes) <= {303, 400}, codes
    assert count(ProgramMark, ProgramMark.side == "mentee") == 1
    assert len(events_of("program.activity_done")) == len(
        events_of("program.feedback_given")) == 1


def test_another_schools_program_is_404_and_another_pairs_mentor_cannot_touch_it(
        app, school, program, make_school, make_user, client):
    _other_pair, stranger, _mentee = formed_pair(school, "Волкова", "Соколова")
    login(client, account_of(make_user, school, stranger, Role.MENTOR))
    activity = program.activities[0]
    assert client.get(base(program)).status_code == 404
    assert client.get(f"{base(program)}/activities/{activity.id}/done").status_code == 404
    assert client.get(base(program) + ".pdf").status_code == 404
    token = csrf_token(client, "/s/sch-1/")
    assert client.post(base(program) + "/meetings", data={
        "csrf_token": token, "held_on": "2026-10-05", "format": "online", "topic": "x",
        "minutes": "10"}).status_code == 404
    elsewhere = app.test_client()
    login(elsewhere, make_user(Role.CURATOR, make_school("sch-2")))
    assert elsewhere.get(f"/s/sch-2/programs/{program.id}").status_code == 404
    assert count(ProgramMeeting) == 0


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    return " ".join(" ".join(parts).split())


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in
                             PdfReader(io.BytesIO(data)).pages).split())


def test_the_program_prints_its_plan_and_signatures_with_hostile_text_as_typed(
        school, pair, program, make_user, logged_in):
    update_program(school, program, HOSTILE, ["Задача " + HOSTILE], "Итог")
    db.session.commit()
    client = logged_in(make_user(Role.CURATOR, school))
    page = client.get(base(program)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    for text in (docx_text(client.get(base(program) + ".docx").data),
                 pdf_text(client.get(base(program) + ".pdf").data)):
        assert "<script>alert(1)</script> & <b>жирный</b>" in text
        assert "План мероприятий" in text
        assert "Подготовка и проведение родительского собрания" in text
        assert "01.10.2026" in text and "31.05.2027" in text
        assert "Наставник: ______________ / А. И. Орлова" in text
        assert "Наставляемый: ______________ / А. И. Лебедева" in text
        assert "Взаимодействие с родителями обучающихся" in text


def test_the_mentee_downloads_the_program_too(school, pair, program, make_user, client):
    login(client, account_of(make_user, school, pair[2], Role.MENTEE))
    response = client.get(base(program) + ".pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert client.get("/s/sch-1/programs/").status_code == 403


def test_the_mentor_edits_the_draft_and_bad_input_is_a_russian_400(
        app, school, pair, program, make_user, client):
    _pair, mentor, mentee = pair
    login(client, account_of(make_user, school, mentor, Role.MENTOR))
    saved = post(client, base(program) + "/edit", {
        "goal": "Освоить работу с классом", "tasks": "Первая\nВторая",
        "expected_results": "Уверенность"}, base(program))
    assert saved.status_code == 303
    db.session.refresh(program)
    assert program.tasks == ["Первая", "Вторая"]
    bad = post(client, base(program) + "/meetings", {
        "held_on": "2026-10-05", "format": "in_person", "topic": "Тема", "minutes": "много"},
        base(program))
    assert bad.status_code == 400 and "минут" in bad.get_data(as_text=True)
    late = post(client, base(program) + "/activities", {
        "title": "После конца", "planned_on": "2027-08-01", "expected_result": ""},
        base(program))
    assert late.status_code == 400
    assert "в пределах срока программы" in late.get_data(as_text=True)
    assert count(ProgramMeeting) == 0

    client = app.test_client()
    login(client, account_of(make_user, school, mentee, Role.MENTEE))
    assert post(client, base(program) + "/edit", {"goal": "Чужая", "tasks": "x"},
                base(program)).status_code == 403
    undone = program.activities[1]
    refused = post(client, f"{base(program)}/activities/{undone.id}/feedback",
                   {"rating": "5"}, f"{base(program)}/activities/{undone.id}/feedback")
    assert refused.status_code == 400
    assert "отметил выполненным" in refused.get_data(as_text=True)
    assert count(ProgramMark) == 0


def test_in_a_group_each_mentee_rates_for_themselves(app, school, make_user, client):
    from program_helpers import END, START, person

    from nastavnik.tenants.pairs.services import form_pair
    from nastavnik.tenants.programs.work import give_feedback, mark_done

    mentor = person(school, "Орлова", mentor=True)
    first, second = (person(school, name, mentee=True) for name in ("Лебедева", "Соколова"))
    group = form_pair(school, mentor, [first, second], "group", START, END, kind="group")
    db.session.commit()
    program = program_of(group)
    activity = program.activities[0]
    mark_done(school, activity, mentor, START, "Провели")
    give_feedback(school, first, 5, "Отлично", activity=activity)
    give_feedback(school, second, 2, "Сложно", activity=activity)
    db.session.commit()
    login(client, account_of(make_user, school, mentor, Role.MENTOR))
    page = client.get(base(program)).get_data(as_text=True)
    assert "оценка 5 из 5</span> (Лебедева Анна Игоревна)" in page
    assert "оценка 2 из 5</span> (Соколова Анна Игоревна)" in page
    assert count(ProgramMark, ProgramMark.side == "mentee") == 2
