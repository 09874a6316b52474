"""The school's normative documents: generated DOCX and PDF, approval, scans, wording."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import docx
import pytest
from conftest import csrf_token, login, section_labels
from PIL import Image
from reportlab.pdfgen import canvas
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event
from nastavnik.platform.roles import Role
from nastavnik.tenants.documents import register_order_pairs
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.documents.texts import default_wording
from nastavnik.tenants.roadmap.services import ensure_school_roadmap

SCHOOL_NAME = "МБОУ «Средняя общеобразовательная школа № 7 имени А. С. Пушкина»"
BASE = "/s/school-7/documents"

# The fixed dates below belong to the 2026/2027 school year, seen from its autumn.
pytestmark = pytest.mark.usefixtures("autumn_2026")


@pytest.fixture
def school(make_school):
    return make_school("school-7", name=SCHOOL_NAME, short_name="СОШ № 7")


@pytest.fixture
def curator(make_user, school):
    return make_user(Role.CURATOR, school, full_name="Петрова Анна Сергеевна")


@pytest.fixture
def director(make_user, school):
    return make_user(Role.DIRECTOR, school, full_name="Смирнов Олег Викторович")


def create(client, kind: DocumentKind, number: str = "12-од", date: str = "2026-10-01",
           academic_year: int = 2026):
    return client.post(f"{BASE}/", data={
        "kind": kind.value, "number": number, "date": date, "academic_year": academic_year,
        "csrf_token": csrf_token(client, f"{BASE}/")})


def created_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


def pdf_fonts(data: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def post(client, path: str, data: dict | None = None, **kwargs):
    token = csrf_token(client, kwargs.pop("token_from", f"{BASE}/"))
    return client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


@pytest.fixture
def client_for(client):
    """The browser, signed in as ``user`` (signing out whoever was signed in)."""
    def sign_in(user):
        if 'action="/logout"' in client.get("/").get_data(as_text=True):
            client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
        assert login(client, user).status_code == 302
        return client
    return sign_in


def small_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 750, "signed")
    page.save()
    return buffer.getvalue()


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, document_id: int, data: bytes, filename: str, content_type: str):
    return client.post(f"{BASE}/{document_id}/scan", data={
        "scan": (io.BytesIO(data), filename, content_type),
        "csrf_token": csrf_token(client, f"{BASE}/{document_id}")},
        content_type="multipart/form-data")


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_each_kind_is_generated_as_docx_and_pdf_with_the_schools_name(
        kind, school, curator, director, logged_in, tmp_path):
    client = logged_in(curator)
    document_id = created_id(create(client, kind))
    title = " ".join(db.session.get(SchoolDocument, document_id).title.split())

    response = client.get(f"{BASE}/{document_id}/docx")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    text = docx_text(response.data)
    assert SCHOOL_NAME in text and title in text

    response = client.get(f"{BASE}/{document_id}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert SCHOOL_NAME in text
    assert title in text
    fonts = pdf_fonts(response.data, tmp_path)
    assert "PTSans" in fonts and " yes " in fonts


def test_orders_carry_requisites_and_the_directors_signature(school, curator, director,
                                                            logged_in, tmp_path):
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER, number="45-од"))
    text = pdf_text(client.get(f"{BASE}/{document_id}/pdf").data, tmp_path)
    assert "ПРИКАЗ" in text and "01.10.2026" in text and "№ 45-од" in text
    assert "ПРИКАЗЫВАЮ:" in text
    assert "Директор" in text and "О. В. Смирнов" in text
    assert "Назначить куратором" in text and "Петрову Анну Сергеевну" in text
    assert "Куратору Петровой А. С.:" in text
    assert "С приказом ознакомлены" in text


def test_the_regulation_names_the_order_that_approves_it(school, curator, director,
                                                         logged_in, tmp_path):
    client = logged_in(curator)
    created_id(create(client, DocumentKind.REGULATION_ORDER, number="45-од", date="2026-09-02"))
    regulation = created_id(create(client, DocumentKind.REGULATION, number=""))
    stamp = docx_text(client.get(f"{BASE}/{regulation}/docx").data)
    assert "РАССМОТРЕНО на заседании педагогического совета" in stamp
    assert "УТВЕРЖДЕНО приказом руководителя СОШ № 7 от 02.09.2026 № 45-од" in stamp
    text = pdf_text(client.get(f"{BASE}/{regulation}/pdf").data, tmp_path)
    assert "РАССМОТРЕНО" in text and "от 02.09.2026 № 45-од" in text
    headings = [p.text for p in docx.Document(io.BytesIO(
        client.get(f"{BASE}/{regulation}/docx").data)).paragraphs
        if p.style.name.startswith("Heading")]
    for heading in ("1. Общие положения и основные понятия", "3. Принципы наставничества",
                    "8. Поощрение наставников", "9. Заключительные положения"):
        assert heading in text and heading in headings


def test_a_school_without_a_director_gets_blank_lines_not_an_error(school, curator, logged_in,
                                                                   tmp_path):
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.FINAL_EVENT_ORDER))
    assert "Директор ______________ ______________" in docx_text(
        client.get(f"{BASE}/{document_id}/docx").data)
    text = pdf_text(client.get(f"{BASE}/{document_id}/pdf").data, tmp_path)
    assert "Директор ______________" in text


def test_the_road_map_lists_the_schools_roadmap(school, curator, logged_in, tmp_path):
    ensure_school_roadmap(school, 2026)  # the yearly job opened this year's roadmap
    db.session.commit()
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.ROADMAP, number=""))
    text = docx_text(client.get(f"{BASE}/{document_id}/docx").data)
    for stage in ("Подготовка условий", "Формирование банка наставляемых",
                  "Формирование банка наставников", "Отбор и обучение",
                  "Организация и осуществление работы", "Завершение персонализированных",
                  "Информационная поддержка"):
        assert stage in text
    assert "5.1. Формирование наставнических пар" in text
    assert "01.09.2026 —" in text


def test_the_pair_order_lists_the_pairs_or_says_there_are_none(school, curator, logged_in,
                                                              tmp_path):
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.PAIR_ORDER))
    assert "пока не сформированы" in pdf_text(client.get(f"{BASE}/{document_id}/pdf").data,
                                              tmp_path)

    previous = register_order_pairs(lambda _school, _document: [{
        "mentor": "Кузнецова Ирина Павловна", "mentees": ["Орлов Денис Ильич", "Белова Яна"],
        "form": "традиционная", "starts_on": dt.date(2026, 10, 1),
        "ends_on": dt.date(2027, 5, 31)}], lambda _school, _ids, _document: None)
    try:
        text = pdf_text(client.get(f"{BASE}/{document_id}/pdf").data, tmp_path)
    finally:
        register_order_pairs(*previous)
    assert "Кузнецова Ирина Павловна" in text and "Орлов Денис Ильич; Белова Яна" in text
    assert "с 01.10.2026 по 31.05.2027" in text and "пока не сформированы" not in text
    assert "И. П. Кузнецова" in text  # acquainted with the order


def test_the_director_approves_and_the_document_is_frozen(school, curator, director, client_for,
                                                          tmp_path):
    client = client_for(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER))

    client = client_for(director)
    response = post(client, f"{BASE}/{document_id}/approve", follow_redirects=True)
    assert "Документ утверждён" in response.get_data(as_text=True)
    event = db.session.scalar(select(Event).where(Event.type == "document.approved"))
    # Version 2: the number and dates the region's monitoring asks for, no text.
    assert event.version == 2
    assert event.payload == {"document": document_id, "kind": "regulation_order",
                             "academic_year": 2026, "number": "12-од", "date": "2026-10-01",
                             "approved_on": clock.today(school).isoformat(), "pairs": []}
    assert event.actor_id == director.id

    client = client_for(curator)
    page = client.get(f"{BASE}/texts/regulation_order").get_data(as_text=True)
    assert "ПРИКАЗЫВАЮ" in page
    response = post(client, f"{BASE}/texts/regulation_order", _texts_with(
        "regulation_order", points="1. Утвердить новую редакцию Положения."),
        token_from=f"{BASE}/texts/regulation_order", follow_redirects=True)
    assert "создана редакция 2" in response.get_data(as_text=True)

    signed = pdf_text(client.get(f"{BASE}/{document_id}/pdf").data, tmp_path)
    assert "Назначить куратором" in signed and "новую редакцию" not in signed
    edition = db.session.scalar(select(SchoolDocument).where(
        SchoolDocument.previous_id == document_id))
    assert (edition.version, edition.status, edition.number) == (2, "draft", "12-од")
    assert "новую редакцию" in pdf_text(client.get(f"{BASE}/{edition.id}/pdf").data, tmp_path)


def test_approving_twice_says_it_is_already_approved(school, director, curator, client_for):
    document_id = created_id(create(client_for(curator), DocumentKind.REGULATION_ORDER))
    client = client_for(director)
    post(client, f"{BASE}/{document_id}/approve")
    response = post(client, f"{BASE}/{document_id}/approve", follow_redirects=True)
    assert "Документ уже утверждён" in response.get_data(as_text=True)
    assert db.session.scalar(select(Event).where(Event.type == "document.approved")
                             .offset(1)) is None


def test_the_curator_registers_the_directors_approval(school, curator, logged_in):
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER))
    assert "Отметить утверждение руководителем" in client.get(
        f"{BASE}/{document_id}").get_data(as_text=True)
    assert post(client, f"{BASE}/{document_id}/approve").status_code == 303
    assert db.session.get(SchoolDocument, document_id).status == "approved"


def test_a_methodologist_cannot_approve(school, curator, make_user, client_for):
    document_id = created_id(create(client_for(curator), DocumentKind.REGULATION_ORDER))
    client = client_for(make_user(Role.METHODOLOGIST, school.municipality))
    assert post(client, f"{BASE}/{document_id}/approve",
                token_from=f"{BASE}/{document_id}").status_code == 403
    assert db.session.get(SchoolDocument, document_id).status == "draft"


def test_the_school_page_shows_the_documents_card(school, curator, director, client_for):
    client = client_for(curator)
    created_id(create(client, DocumentKind.REGULATION_ORDER))
    assert "0 из 10" in client.get("/s/school-7/").get_data(as_text=True)
    client = client_for(director)
    document_id = db.session.scalar(select(SchoolDocument.id))
    post(client, f"{BASE}/{document_id}/approve")
    page = client.get("/s/school-7/").get_data(as_text=True)
    assert "Нормативные документы" in page and "1 из 10" in page


def test_the_documents_are_a_tab_of_the_school_for_those_who_may_read_them(
        school, curator, make_user, client_for):
    assert "Документы" in section_labels(client_for(curator).get(f"{BASE}/").get_data(as_text=True))
    methodologist = client_for(make_user(Role.METHODOLOGIST, school.municipality))
    assert "Документы" in section_labels(methodologist.get("/s/school-7/").get_data(as_text=True))
    mentor = client_for(make_user(Role.MENTOR, school, email="mentor@example.org"))
    assert "Документы" not in section_labels(mentor.get("/s/school-7/").get_data(as_text=True))


def test_creating_records_an_event_without_personal_data(school, curator, logged_in):
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.ROADMAP, number="", date="2026-09-01"))
    event = db.session.scalar(select(Event).where(Event.type == "document.created"))
    assert event.payload == {"document": document_id, "kind": "roadmap",
                             "academic_year": 2026}


@pytest.mark.parametrize(("data", "filename", "content_type"), [
    (small_pdf(), "приказ.pdf", "application/pdf"),
    (small_png(), "scan.png", "image/png"),
])
def test_a_real_scan_is_stored_and_becomes_the_document(school, curator, logged_in, data,
                                                        filename, content_type):
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER))
    response = upload(client, document_id, data, filename, content_type)
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get(f"{BASE}/{document_id}").get_data(as_text=True)
    assert "Скачать скан подписанного документа" in page
    download = client.get(f"{BASE}/{document_id}/scan")
    assert download.data == data and download.mimetype == content_type
    event = db.session.scalar(select(Event).where(Event.type == "document.scan_uploaded"))
    assert event.payload == {"document": document_id, "kind": "regulation_order"}


@pytest.mark.parametrize(("data", "filename", "content_type", "message"), [
    (b"MZ\x90\x00" + b"\x00" * 200, "приказ.pdf", "application/pdf", "не является PDF"),
    (b"%PDF-1.4\nnot a pdf at all\n%%EOF", "приказ.pdf", "application/pdf", "повреждён"),
    (small_png(), "scan.pdf", "application/pdf", "не совпадает"),
    (b"", "пусто.pdf", "application/pdf", "Файл пуст"),
    (small_pdf(), "program.exe", "application/pdf", "Допустимы только файлы PDF, JPEG или PNG"),
    (b"%PDF-" + b"0" * (10 * 1024 * 1024), "big.pdf", "application/pdf", "больше 10 МБ"),
])
def test_anything_but_a_real_scan_is_refused(school, curator, logged_in, data, filename,
                                             content_type, message):
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER))
    response = upload(client, document_id, data, filename, content_type)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert client.get(f"{BASE}/{document_id}/scan").status_code == 404
    assert db.session.scalar(select(Event).where(Event.type == "document.scan_uploaded")) is None


def test_an_upload_over_the_request_limit_gets_the_russian_413_page(school, curator,
                                                                     logged_in, app):
    client = logged_in(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER))
    response = upload(client, document_id, b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                      "big.pdf", "application/pdf")
    assert response.status_code == 413
    assert "Файл слишком большой" in response.get_data(as_text=True)


def _texts_with(kind: str, **sections) -> dict:
    wording = default_wording(DocumentKind(kind))
    return {"title": wording.title,
            **{f"section_{s.key}": sections.get(s.key, s.text) for s in wording.sections}}


def test_a_schools_wording_appears_in_its_files_and_nowhere_else(
        school, curator, make_school, make_user, client_for, tmp_path):
    other = make_school("school-8", name="МБОУ «Лицей № 8»")
    other_curator = make_user(Role.CURATOR, other)
    client = client_for(curator)
    post(client, f"{BASE}/texts/regulation", _texts_with(
        "regulation", final="9.1. Положение вступает в силу с 1 сентября {start_year} года."),
        token_from=f"{BASE}/texts/regulation")
    document_id = created_id(create(client, DocumentKind.REGULATION, number=""))
    assert "вступает в силу с 1 сентября 2026 года" in pdf_text(
        client.get(f"{BASE}/{document_id}/pdf").data, tmp_path)
    assert "вступает в силу с 1 сентября 2026 года" in docx_text(
        client.get(f"{BASE}/{document_id}/docx").data)

    client = client_for(other_curator)
    response = client.post("/s/school-8/documents/", data={
        "kind": "regulation", "number": "", "date": "2026-10-01", "academic_year": 2026,
        "csrf_token": csrf_token(client, "/s/school-8/documents/")})
    other_id = created_id(response)
    text = pdf_text(client.get(f"/s/school-8/documents/{other_id}/pdf").data, tmp_path)
    assert "вступает в силу" not in text
    assert "9.1. Положение рассматривается педагогическим советом" in text

    client = client_for(curator)
    post(client, f"{BASE}/texts/regulation/reset", token_from=f"{BASE}/texts/regulation")
    assert "вступает в силу" not in pdf_text(client.get(f"{BASE}/{document_id}/pdf").data,
                                             tmp_path)


def test_a_curators_text_with_markup_characters_prints_as_typed(school, curator, logged_in,
                                                               tmp_path):
    client = logged_in(curator)
    post(client, f"{BASE}/texts/final_event_order", _texts_with(
        "final_event_order", points="1. Провести <итоговое> мероприятие & {unknown"),
        token_from=f"{BASE}/texts/final_event_order")
    document_id = created_id(create(client, DocumentKind.FINAL_EVENT_ORDER))
    assert "1. Провести <итоговое> мероприятие & {unknown" in pdf_text(
        client.get(f"{BASE}/{document_id}/pdf").data, tmp_path)
    assert client.get(f"{BASE}/{document_id}/docx").status_code == 200


@pytest.mark.parametrize(("sections", "message"), [
    ({"points": ""}, "Текст раздела не может быть пустым"),
    ({"points": "1. " + "а" * 20_001}, "Раздел не длиннее 20000 символов"),
    ({"points": "Назначить {curator_nam}"}, "Неизвестная подстановка: {curator_nam}"),
])
def test_bad_wording_is_refused_with_a_message(school, curator, logged_in, sections, message):
    client = logged_in(curator)
    response = post(client, f"{BASE}/texts/final_event_order",
                    _texts_with("final_event_order", **sections),
                    token_from=f"{BASE}/texts/final_event_order")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Event).where(Event.type == "document.text_changed")) is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"number": "1" * 33}, "Номер не длиннее 32 символов"),
    ({"number": ""}, "У приказа должен быть номер"),
    ({"date": "31.02.2026"}, "Неверное значение даты"),
    ({"date": ""}, "Укажите дату документа"),
    ({"kind": "exe"}, "Неверный вариант"),
])
def test_bad_requisites_are_refused_with_a_message(school, curator, logged_in, fields,
                                                   message):
    client = logged_in(curator)
    data = {"kind": "pair_order", "number": "7-од", "date": "2026-10-01",
            "academic_year": 2026, **fields}
    response = post(client, f"{BASE}/", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(SchoolDocument)) is None


def test_another_schools_user_gets_404_for_the_document_and_its_files(
        school, curator, make_school, make_user, client_for):
    client = client_for(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER))
    upload(client, document_id, small_pdf(), "scan.pdf", "application/pdf")
    other = make_school("school-8")
    client = client_for(make_user(Role.CURATOR, other))
    for suffix in ("", "/docx", "/pdf", "/scan"):
        assert client.get(f"/s/school-8/documents/{document_id}{suffix}").status_code == 404
        assert client.get(f"{BASE}/{document_id}{suffix}").status_code == 404
    assert post(client, f"/s/school-8/documents/{document_id}/approve",
                token_from="/s/school-8/documents/").status_code in (403, 404)


def test_unknown_ids_and_kinds_are_404(school, curator, logged_in):
    client = logged_in(curator)
    assert client.get(f"{BASE}/999").status_code == 404
    assert client.get(f"{BASE}/999/pdf").status_code == 404
    assert client.get(f"{BASE}/texts/no_such_kind").status_code == 404


@pytest.mark.parametrize("role", [Role.MENTOR, Role.MENTEE])
def test_mentors_and_mentees_have_no_access(school, curator, make_user, client_for, role):
    client = client_for(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER))
    client = client_for(make_user(role, school))
    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(f"{BASE}/{document_id}/pdf").status_code == 404  # files: hidden


def test_a_methodologist_reads_numbers_and_dates_but_no_file_and_does_not_write(
        school, curator, make_user, client_for):
    client = client_for(curator)
    document_id = created_id(create(client, DocumentKind.REGULATION_ORDER))
    client = client_for(make_user(Role.METHODOLOGIST, school.municipality))
    assert client.get(f"{BASE}/").status_code == 200
    card = client.get(f"{BASE}/{document_id}").get_data(as_text=True)
    assert "доступны только куратору и руководителю" in card and "Скачать" not in card
    # Every document names people (the director's signature at least): no file leaves.
    for file in ("docx", "pdf", "scan"):
        assert client.get(f"{BASE}/{document_id}/{file}").status_code == 404
    assert create(client, DocumentKind.ROADMAP).status_code == 403
    assert client.get(f"{BASE}/texts/regulation").status_code == 403
