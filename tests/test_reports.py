"""Reports: ordered on the pages, built by a real RQ worker on the ``reports`` queue.

The world: region R1 with municipality «mun-a» (schools a1, a2) and «mun-b» (school b1),
region R2 with «mun-c» (school c1). Its figures come from real services (teachers, banks,
a pair, an approved document) folded by the state projections; each test runs the job
with an in-process ``SimpleWorker`` on the test Redis database.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import threading

import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented, teacher
from conftest import TEST_REDIS_URL, csrf_token, login, section_labels
from openpyxl import load_workbook
from rq import SimpleWorker
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import IntegrityError

from nastavnik.extensions import db
from nastavnik.platform.oversight.figures import figures, snapshot
from nastavnik.platform.oversight.reports import Report
from nastavnik.platform.oversight.state import STATE_PROJECTIONS
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.services import approve_document, create_document
from nastavnik.tenants.pairs.services import form_pair
from nastavnik.workers.projections import advance, find
from nastavnik.workers.queues import REPORTS, get_queue, redis_connection
from nastavnik.workers.reports import jobs, pdf

pytestmark = pytest.mark.usefixtures("autumn_2026")
HOSTILE = "<b>=cmd|' /C calc'!A0"
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def queue():
    connection = redis_connection(TEST_REDIS_URL)
    connection.flushdb()
    yield get_queue(REPORTS, connection)
    connection.flushdb()


def work(queue) -> None:
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def project() -> None:
    for name in STATE_PROJECTIONS:
        advance(find(name))
    db.session.commit()


def young(school, last_name: str):
    return teacher(school, last_name)  # 25 years old, teaching a year: a young specialist


def mentor(school, last_name: str):
    person = consented(teacher(school, last_name, birth_year=1970, teaching_since=1995),
                       "mentor_bank")
    enter_mentor(person, MENTOR_ANSWERS)
    db.session.commit()
    return person


def mentee(school, last_name: str):
    person = consented(young(school, last_name))
    enter_mentee(person, MENTEE_ANSWERS)
    db.session.commit()
    return person


@pytest.fixture
def world(make_region, make_municipality, make_school, make_user):
    r1, r2 = make_region("r1", name="Первая область"), make_region("r2", name="Вторая область")
    mun_a = make_municipality("mun-a", r1, name="Город Альфа")
    mun_b = make_municipality("mun-b", r1, name="Округ Бета")
    mun_c = make_municipality("mun-c", r2, name="Округ Гамма")
    a1 = make_school("a1", mun_a, short_name="Школа № 1 Альфа")
    a2 = make_school("a2", mun_a, short_name="Школа № 2 Альфа")
    b1 = make_school("b1", mun_b, short_name="Школа Бета")
    c1 = make_school("c1", mun_c, short_name="Школа Гамма")
    # a1: a mentor, two young mentees (one paired), a young teacher outside the bank.
    m = mentor(a1, "Кузнецова")
    y1, _y2 = mentee(a1, "Лебедева"), mentee(a1, "Соколова")
    young(a1, "Орлова")
    form_pair(a1, m, [y1], "traditional", dt.date(2026, 10, 1), dt.date(2027, 5, 31))
    director = make_user(Role.DIRECTOR, a1, email="director-a1@example.org")
    regulation = create_document(a1, DocumentKind.REGULATION, 2026, "12-од",
                                 dt.date(2026, 9, 3))
    db.session.commit()
    approve_document(regulation, director)
    db.session.commit()
    young(a2, "Волкова")  # a2: one young teacher, no pair
    young(b1, "Зайцева")
    project()
    return {"r1": r1, "r2": r2, "mun_a": mun_a, "mun_b": mun_b, "mun_c": mun_c, "a1": a1,
            "a2": a2, "b1": b1, "c1": c1, "regulation": regulation, "director": director}


@pytest.fixture
def users(world, make_user):
    made = {
        "meth_a": make_user(Role.METHODOLOGIST, world["mun_a"], email="meth-a@example.org"),
        "meth_b": make_user(Role.METHODOLOGIST, world["mun_b"], email="meth-b@example.org"),
        "op_r1": make_user(Role.REGIONAL_OPERATOR, world["r1"], email="op-r1@example.org"),
        "op_r2": make_user(Role.REGIONAL_OPERATOR, world["r2"], email="op-r2@example.org"),
        "curator_a1": make_user(Role.CURATOR, world["a1"], email="curator-a1@example.org"),
        "curator_b1": make_user(Role.CURATOR, world["b1"], email="curator-b1@example.org"),
        "mentor_a1": make_user(Role.MENTOR, world["a1"], email="mentor-a1@example.org"),
    }
    return {**made, "director_a1": world["director"]}


def as_user(client, user):
    response = login(client, user)
    assert response.status_code == 302
    return client


def order(client, path: str, **data):
    token = csrf_token(client, path)
    return client.post(path, data={"format": "pdf", "academic_year": "2026", **data,
                                   "csrf_token": token})


def report_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def fetch(report_id: int) -> Report:
    db.session.expire_all()
    return db.session.get(Report, report_id)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert shutil.which("pdftotext"), "poppler-utils is installed by make test"
    found = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    return re.sub(r"\s+", " ", found)


# Ordering, the states the user watches, the file -----------------------------------------

def test_the_methodologist_orders_the_municipal_pdf_watches_it_and_downloads_it(
        world, users, client, queue, tmp_path):
    as_user(client, users["meth_a"])
    page = client.get("/m/mun-a/reports/").get_data(as_text=True)
    assert "Отчёты" in section_labels(page) and "Отчётов пока не заказывали" in page
    number = report_id(order(client, "/m/mun-a/reports/", as_of="27.11.2026"))
    report = fetch(number)
    assert (report.status, report.progress, report.kind, report.as_of) == (
        "queued", 0, "municipal", dt.date(2026, 11, 27))
    assert report.position == db.session.scalar(text("SELECT max(position) FROM events"))
    status = client.get(f"/m/mun-a/reports/{number}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in status and "в очереди" in status
    assert '<progress class="stage-progress flex-grow-1" id="report-progress" max="100" ' \
        'value="0"' in status
    assert "style=" not in status.split("<main")[1]  # the CSP allows no inline style

    seen: list[int] = []

    def progress(_conn, _cursor, statement, parameters, _context, _many):
        if statement.startswith("UPDATE reports") and isinstance(parameters, dict) \
                and "progress" in parameters:
            seen.append(parameters["progress"])
    event.listen(db.engine, "before_cursor_execute", progress)
    try:
        work(queue)
    finally:
        event.remove(db.engine, "before_cursor_execute", progress)
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen) and len(set(seen)) > 4
    report = fetch(number)
    assert (report.status, report.progress, report.failure) == ("done", 100, None)
    assert report.started_at <= report.finished_at
    status = client.get(f"/m/mun-a/reports/{number}").get_data(as_text=True)
    assert "http-equiv" not in status and "готов" in status
    listing = client.get("/m/mun-a/reports/").get_data(as_text=True)
    assert f"/m/mun-a/reports/{number}/download" in listing
    assert "Иванова Мария Петровна" in listing  # who ordered it
    download = client.get(f"/m/mun-a/reports/{number}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert f"municipalnyi-otchet-mun-a-2026-2026-11-27-{number}.pdf" in \
        download.headers["Content-Disposition"]
    found = pdf_text(download.data, tmp_path)
    for heading in ("Муниципальный отчёт о реализации системы наставничества",
                    "Город Альфа", "По состоянию на 27.11.2026", "Учебный год 2026/2027",
                    f"Позиция журнала событий {report.position}", "Сводка показателей",
                    "Педагоги", "Наставнические пары и группы", "Рейтинг", "Приложение",
                    "Охват молодых специалистов наставничеством, %", "Школа № 1 Альфа"):
        assert heading in found, heading
    # The numbers of the projection, written by hand: a1 has 4 teachers, 3 of them young,
    # 1 mentored; a2 has 1 young teacher: 5 teachers, 4 young, 1 of 4 = 25 % covered.
    assert "Педагогических работников 5 чел." in found
    assert "Молодых специалистов 4 чел." in found
    assert "Охват молодых специалистов наставничеством 25 %" in found
    assert "Действующих пар и групп 1 шт." in found
    fonts = subprocess.run(["pdffonts", "-"], input=download.data, capture_output=True,
                           check=True).stdout.decode()
    assert "PTSans" in fonts and "Helvetica" not in fonts
    for name in ("Кузнецова", "Лебедева", "Соколова", "Орлова", "Волкова"):
        assert name not in found  # numbers only


def test_the_regional_xlsx_has_numbers_frozen_headers_and_widths(world, users, client,
                                                                  queue):
    as_user(client, users["op_r1"])
    assert section_labels(client.get("/r/r1/").get_data(as_text=True)) == [
        "Регион", "Методические материалы", "Сборник практик", "Отчёты"]
    number = report_id(order(client, "/r/r1/reports/", format="xlsx"))
    work(queue)
    download = client.get(f"/r/r1/reports/{number}/download")
    assert download.status_code == 200
    assert download.mimetype == ("application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(download.data))
    assert book.sheetnames[:4] == ["Сведения", "Сводка показателей", "Охват", "Педагоги"]
    about = {row[0]: row[1] for row in book["Сведения"].iter_rows(values_only=True)}
    assert about["Охват (школы с данными ÷ все школы)"] == "3 из 3"
    assert about["По состоянию на"] == "27.11.2026"
    assert about["Позиция журнала событий"] == str(fetch(number).position)
    staff = book["Педагоги"]
    assert staff.freeze_panes == "B2"
    assert staff.column_dimensions["A"].width >= len("Город Альфа")
    header = [c.value for c in staff[1]]
    assert header[:3] == ["Муниципалитет", "Педагогических работников, чел.",
                          "Молодых специалистов, чел."]
    rows = {row[0].value: row for row in staff.iter_rows(min_row=2)}
    assert [c.value for c in rows["Город Альфа"][:3]] == ["Город Альфа", 5, 4]
    assert [c.value for c in rows["Округ Бета"][:3]] == ["Округ Бета", 1, 1]
    assert [c.value for c in rows["Итого"][:3]] == ["Итого", 6, 5]
    assert rows["Итого"][1].data_type == "n"
    pairs = book["Наставнические пары и группы"]
    coverage = {row[0].value: row[1].value for row in pairs.iter_rows(min_row=2)}
    assert coverage == {"Город Альфа": 25.0, "Округ Бета": 0.0, "Итого": 20.0}
    schools = book["Приложение. Школы"]
    assert schools.freeze_panes == "B2"
    teachers = [c.value for c in schools[1]].index("Педагогических работников, чел.")
    listed = [(r[0].value, r[1].value, r[teachers].value)
              for r in schools.iter_rows(min_row=2)]
    assert listed == [("Город Альфа", "Школа № 1 Альфа", 4), ("Город Альфа", "Школа № 2 Альфа", 1),
                      ("Округ Бета", "Школа Бета", 1)]
    assert "Рейтинг" in book.sheetnames


def test_the_school_card_lists_documents_with_links_pairs_by_form_and_people(
        world, users, client, queue, tmp_path):
    as_user(client, users["curator_a1"])
    documents = client.get("/s/a1/documents/").get_data(as_text=True)
    assert '<a href="/s/a1/reports/" id="monitoring-card">' in documents
    pdf_id = report_id(order(client, "/s/a1/reports/"))
    xlsx_id = report_id(order(client, "/s/a1/reports/", format="xlsx"))
    work(queue)
    link = f"http://localhost/s/a1/documents/{world['regulation'].id}"
    found = pdf_text(client.get(f"/s/a1/reports/{pdf_id}/download").data, tmp_path)
    assert "Карта мониторинга реализации системы наставничества" in found
    assert "12-од" in found and "03.09.2026" in found and link in found
    assert "Пары и группы по формам наставничества" in found
    book = load_workbook(io.BytesIO(client.get(f"/s/a1/reports/{xlsx_id}/download").data))
    documents = book["Обязательные документы"]
    regulation = next(r for r in documents.iter_rows(min_row=2) if r[2].value == "12-од")
    assert regulation[1].value == "да" and regulation[5].hyperlink.target == link
    sheet = next(n for n in book.sheetnames if n.startswith("Пары и группы по формам"))
    forms = [[c.value for c in row] for row in book[sheet].iter_rows(min_row=2)]
    assert forms[-1] == ["Итого", 1, 0]  # one pair, no order fixes it yet
    people = {r[0]: r[1] for r in book["Участники"].iter_rows(min_row=2, values_only=True)}
    assert people == {"Наставников": 1, "Наставляемых": 1}


# Bad input, double submit, failure and retry ---------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    ({"format": "doc"}, "Выберите формат отчёта: PDF или XLSX."),
    ({"academic_year": "1999"}, "Выберите учебный год из списка."),
    ({"academic_year": "abc"}, "Выберите учебный год из списка."),
    ({"as_of": "31.02.2026"}, "Дата указана неверно: введите её как ДД.ММ.ГГГГ."),
    ({"as_of": "2026-12-31"}, "Дата не может быть позже сегодняшней (27.11.2026)."),
    ({"as_of": "2026-08-31"}, "Дата должна быть в пределах 2026/2027 учебного года "
                              "(с 01.09.2026 по 31.08.2027)."),
])
def test_bad_input_gets_a_russian_message_and_orders_nothing(world, users, client, queue,
                                                             data, message):
    as_user(client, users["meth_a"])
    response = order(client, "/m/mun-a/reports/", **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert queue.count == 0  # nothing committed, nothing enqueued


def test_ordering_twice_while_queued_gives_the_same_report(world, users, app, queue):
    clients = [app.test_client() for _ in range(3)]
    for one in clients:
        as_user(one, users["meth_a"])
    tokens = [csrf_token(one, "/m/mun-a/reports/") for one in clients]
    barrier, answers = threading.Barrier(len(clients)), []

    def click(one, token):
        barrier.wait()
        answers.append(one.post("/m/mun-a/reports/", data={
            "format": "pdf", "academic_year": "2026", "as_of": "2026-11-20",
            "csrf_token": token}))
    threads = [threading.Thread(target=click, args=pair) for pair in zip(clients, tokens,
                                                                          strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {report_id(a) for a in answers} == {report_id(answers[0])}
    assert db.session.scalar(select(func.count()).select_from(Report)) == 1
    assert queue.count == 1
    # Another format or day is another report; once done, ordering again builds anew.
    assert report_id(order(clients[0], "/m/mun-a/reports/", format="xlsx",
                           as_of="2026-11-20")) != report_id(answers[0])
    work(queue)
    again = report_id(order(clients[0], "/m/mun-a/reports/", as_of="2026-11-20"))
    assert again != report_id(answers[0])


def test_the_database_refuses_a_second_active_twin(world):
    values = {"kind": "municipal", "format": "pdf", "place_id": world["mun_a"].id,
              "region_id": world["r1"].id, "academic_year": 2026,
              "as_of": dt.date(2026, 11, 27), "position": 1}
    db.session.add(Report(**values))
    db.session.commit()
    db.session.add(Report(**values, status="running"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Report(**values, status="done"))  # finished ones may repeat
    db.session.commit()


def test_a_failed_report_says_why_and_a_retry_builds_it(world, users, client, queue,
                                                        monkeypatch):
    as_user(client, users["meth_a"])
    number = report_id(order(client, "/m/mun-a/reports/"))

    def broken(_content):
        raise MemoryError("out of memory")
    monkeypatch.setattr(pdf, "render", broken)
    work(queue)
    report = fetch(number)
    assert report.status == "failed" and report.content is None
    assert report.failure.startswith("Внутренняя ошибка при построении отчёта (MemoryError)")
    page = client.get(f"/m/mun-a/reports/{number}").get_data(as_text=True)
    assert "Отчёт не построен: Внутренняя ошибка" in page and "Построить заново" in page
    assert client.get(f"/m/mun-a/reports/{number}/download").status_code == 404
    monkeypatch.undo()
    token = csrf_token(client, f"/m/mun-a/reports/{number}")
    retried = client.post(f"/m/mun-a/reports/{number}/retry", data={"csrf_token": token})
    assert report_id(retried) == number
    assert (fetch(number).status, fetch(number).attempts) == ("queued", 2)
    work(queue)
    report = fetch(number)
    assert (report.status, report.failure, report.attempts) == ("done", None, 2)
    assert client.get(f"/m/mun-a/reports/{number}/download").status_code == 200


def test_a_report_of_a_vanished_place_fails_with_a_russian_reason(world, queue):
    report = Report(kind="municipal", format="pdf", place_id=99999, region_id=world["r1"].id,
                    academic_year=2026, as_of=dt.date(2026, 11, 27), position=1)
    db.session.add(report)
    db.session.commit()
    assert jobs.build_report(report.id) == "failed"
    assert fetch(report.id).failure == "Организация, для которой заказан отчёт, удалена."
    assert jobs.build_report(report.id) == "not queued"  # a second job does nothing


# Scope: every route of every report, from every other place ------------------------------

def test_every_report_route_is_404_outside_its_place(world, users, app, queue):
    made = {}
    for key, user, path in (("municipal", "meth_a", "/m/mun-a/reports/"),
                            ("regional", "op_r1", "/r/r1/reports/"),
                            ("card", "curator_a1", "/s/a1/reports/")):
        one = as_user(app.test_client(), users[user])
        made[key] = report_id(order(one, path))
    work(queue)
    routes = ("{}", "{}/download")
    foreign = [
        ("meth_b", "/m/mun-b/reports/", "municipal"), ("meth_b", "/m/mun-a/reports/", "municipal"),
        ("op_r2", "/r/r2/reports/", "regional"), ("op_r2", "/r/r1/reports/", "regional"),
        ("op_r2", "/m/mun-a/reports/", "municipal"), ("meth_a", "/r/r1/reports/", "regional"),
        ("curator_a1", "/m/mun-a/reports/", "municipal"), ("curator_a1", "/r/r1/reports/",
                                                           "regional"),
        ("director_a1", "/m/mun-a/reports/", "municipal"),
        ("mentor_a1", "/s/a1/reports/", "card"), ("curator_b1", "/s/b1/reports/", "card"),
        ("curator_b1", "/s/a1/reports/", "card"), ("meth_b", "/s/a1/reports/", "card"),
        ("op_r2", "/s/a1/reports/", "card"),
    ]
    for user, base, key in foreign:
        one = as_user(app.test_client(), users[user])
        for route in routes:
            path = base + route.format(made[key])
            assert one.get(path).status_code == 404, (user, path)
        token = csrf_token(one, "/")
        assert one.post(base + f"{made[key]}/retry", data={"csrf_token": token}
                        ).status_code == 404, (user, base)
    # Those whose place it is, and those above it, get the file.
    for user, path in (("meth_a", f"/m/mun-a/reports/{made['municipal']}/download"),
                       ("op_r1", f"/m/mun-a/reports/{made['municipal']}/download"),
                       ("op_r1", f"/r/r1/reports/{made['regional']}/download"),
                       ("director_a1", f"/s/a1/reports/{made['card']}/download"),
                       ("meth_a", f"/s/a1/reports/{made['card']}/download")):
        one = as_user(app.test_client(), users[user])
        assert one.get(path).status_code == 200, (user, path)


# Reproducible at its position; hostile names stay text ------------------------------------

def test_a_report_rebuilt_at_its_position_gives_the_same_numbers_after_later_events(
        world, users, client, queue):
    as_user(client, users["meth_a"])
    number = report_id(order(client, "/m/mun-a/reports/", format="xlsx"))
    work(queue)
    first = fetch(number)
    # Later events: two more young teachers in a1, folded by the projections.
    young(world["a1"], "Новикова")
    young(world["a1"], "Морозова")
    project()
    now = figures(world["mun_a"], snapshot(2026, dt.date(2026, 11, 27)))
    assert now.result("teachers") == 7
    again = Report(kind=first.kind, format=first.format, place_id=first.place_id,
                   region_id=first.region_id, academic_year=first.academic_year,
                   as_of=first.as_of, position=first.position, status="done")
    db.session.add(again)
    db.session.commit()
    data, _name, _type = jobs.build(again, lambda _pct: None)

    def tables(raw: bytes) -> dict[str, list[tuple]]:
        book = load_workbook(io.BytesIO(raw))
        return {name: list(book[name].iter_rows(values_only=True))
                for name in book.sheetnames if name != "Сведения"}
    assert tables(data) == tables(fetch(number).content)
    assert tables(data)["Педагоги"][-1][:3] == ("Итого", 5, 4)


LONG_WORD = "Государственноеавтономноеобщеобразовательноеучреждение"


def test_hostile_school_names_are_text_in_the_pdf_and_the_xlsx(world, users, client, queue,
                                                                make_school, tmp_path):
    make_school("evil-1", world["mun_a"], short_name=HOSTILE)
    make_school("evil-2", world["mun_a"], short_name=FORMULA)
    make_school("long", world["mun_a"], short_name=f"{LONG_WORD} «Школа будущего» "
                                                   "с углублённым изучением математики")
    as_user(client, users["meth_a"])
    pdf_id = report_id(order(client, "/m/mun-a/reports/"))
    xlsx_id = report_id(order(client, "/m/mun-a/reports/", format="xlsx"))
    work(queue)
    assert fetch(pdf_id).status == fetch(xlsx_id).status == "done"
    found = pdf_text(client.get(f"/m/mun-a/reports/{pdf_id}/download").data, tmp_path)
    assert HOSTILE in found and FORMULA in found
    assert LONG_WORD in found  # the widest word sets its column: never split
    book = load_workbook(io.BytesIO(client.get(f"/m/mun-a/reports/{xlsx_id}/download").data))
    cells = [row[0] for row in book["Педагоги"].iter_rows(min_row=2)]
    evil = next(c for c in cells if c.value == FORMULA)
    assert evil.data_type == "s"
    assert any(c.value == HOSTILE for c in cells)


def test_the_worker_the_project_runs_listens_on_the_reports_queue():
    from pathlib import Path
    procfile = (Path(__file__).resolve().parent.parent / "Procfile").read_text()
    worker = next(line for line in procfile.splitlines() if line.startswith("worker:"))
    assert " reports" in worker


def test_an_order_while_redis_is_away_waits_and_can_be_started_again(
        world, users, app, client, queue, monkeypatch, travel_to, caplog):
    as_user(client, users["meth_a"])
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nobody there
    number = report_id(order(client, "/m/mun-a/reports/"))
    assert "not enqueued" in caplog.text
    assert fetch(number).status == "queued" and queue.count == 0
    page = client.get(f"/m/mun-a/reports/{number}").get_data(as_text=True)
    assert "Построить заново" not in page  # not yet: a worker may still be on its way
    monkeypatch.setitem(app.config, "REDIS_URL", TEST_REDIS_URL)
    travel_to(dt.datetime(2026, 11, 27, 12, 20, tzinfo=dt.UTC))
    page = client.get(f"/m/mun-a/reports/{number}").get_data(as_text=True)
    assert "давно не продвигается" in page and "Построить заново" in page
    token = csrf_token(client, f"/m/mun-a/reports/{number}")
    assert report_id(client.post(f"/m/mun-a/reports/{number}/retry",
                                 data={"csrf_token": token})) == number
    assert queue.count == 1
    work(queue)
    assert fetch(number).status == "done"


def test_a_chart_of_sixty_municipalities_is_split_to_fit_the_page(tmp_path):
    from nastavnik.workers.reports.content import Chart, Content, Part

    labels = [f"Муниципальный округ № {n}" for n in range(60)]
    made = Content("Региональный отчёт", "Область", [("Учебный год", "2026/2027")],
                   [Part("Диаграммы", charts=[Chart("Охват, %", labels, [50.0] * 60)])])
    found = pdf_text(pdf.render(made), tmp_path)
    assert "Охват, % (1 из 3)" in found and "Охват, % (3 из 3)" in found
    assert "Муниципальный округ № 59" in found


def test_a_running_report_shows_its_progress_and_refreshes(world, users, client):
    as_user(client, users["meth_a"])
    running = Report(kind="municipal", format="xlsx", place_id=world["mun_a"].id,
                     region_id=world["r1"].id, academic_year=2026,
                     as_of=dt.date(2026, 11, 27), position=1, status="running", progress=40)
    db.session.add(running)
    db.session.commit()
    page = client.get(f"/m/mun-a/reports/{running.id}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'value="40"' in page and "строится · 40%" in page and "Отчёт строится." in page
    assert "Построить заново" not in page
    assert client.get(f"/m/mun-a/reports/{running.id}/download").status_code == 404


def test_each_attempt_has_its_own_job_and_a_timeout_is_said_in_russian():
    from rq.timeouts import JobTimeoutException

    assert jobs.job_id(7, 1) != jobs.job_id(7, 2)  # a failed job RQ keeps blocks no retry
    assert jobs.failure_reason(JobTimeoutException("x")).startswith(
        "Отчёт строился дольше 30 минут и был остановлен.")
    assert jobs.failure_reason(jobs.ReportFailed("Организация удалена.")) == \
        "Организация удалена."
