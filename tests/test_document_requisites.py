"""Documents ready to sign without hand editing: requisites pinned by the text of the PDF
(pypdf) and the DOCX (python-docx) — names in case, positions, the council's protocol,
annex labels, page numbers from page 2, the settlement, the landscape road map, the
consent's elements, embedded fonts, and the pairs each order fixes."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented
from conftest import csrf_token
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from nastavnik.extensions import db
from nastavnik.platform.pdf import CELL_PADDING, FONT, FONT_BOLD, unbreakable_widths
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.documents.content import settlement
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.pairs.services import finish_pair, form_pair
from nastavnik.tenants.roadmap.services import ensure_school_roadmap
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.teachers.services import add_teacher

BASE = "/s/school-7/documents"
pytestmark = pytest.mark.usefixtures("autumn_2026")


@pytest.fixture
def school(make_school):
    return make_school("school-7", name="МБОУ «СОШ № 7»", short_name="СОШ № 7",
                       address="170100, Тверская обл., г. Тверь, ул. Советская, д. 5")


@pytest.fixture
def curator(make_user, school):
    """The curator's account belongs to a deputy director on the staff list."""
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


def create(client, kind: DocumentKind, number: str = "12-од", date: str = "2026-10-01",
           **fields) -> int:
    response = client.post(f"{BASE}/", data={
        "kind": kind.value, "number": number, "date": date, "academic_year": 2026, **fields,
        "csrf_token": csrf_token(client, f"{BASE}/")})
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def approve(client, document_id: int) -> None:
    response = client.post(f"{BASE}/{document_id}/approve", data={
        "csrf_token": csrf_token(client, f"{BASE}/{document_id}")})
    assert response.status_code == 303


def pdf(client, document_id: int) -> bytes:
    response = client.get(f"{BASE}/{document_id}/pdf")
    assert response.status_code == 200
    return response.data


def pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(
        io.BytesIO(data)).pages]


def text_of(data: bytes) -> str:
    """The text of all pages, without the page numbers (a sentence may cross a page)."""
    return " ".join(page.removeprefix(f"{number} ") if number > 1 else page
                    for number, page in enumerate(pages(data), 1))


def docx_of(client, document_id: int) -> docx.document.Document:
    response = client.get(f"{BASE}/{document_id}/docx")
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.data))


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    # A merged cell (a road map stage) is one cell, however many columns it spans.
    parts += [cell.text for table in document.tables for row in table.rows
              for cell in {id(c._tc): c for c in row.cells}.values()]
    return " ".join(" ".join(parts).split())


def unembedded_fonts(data: bytes) -> set[str]:
    """Every font any page names that carries no font file (pypdf)."""
    missing = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [d.get_object().get("/FontDescriptor")
                            for d in font.get("/DescendantFonts", [])]
            if not any(d is not None and any(k in d.get_object() for k in (
                    "/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors):
                missing.add(str(font.get("/BaseFont")))
    return missing


# --- names in case, with positions ----------------------------------------------------


def test_the_regulation_order_names_the_curator_in_case_with_her_position(client):
    document_id = create(client, DocumentKind.REGULATION_ORDER, number="45-од",
                         protocol_number="1", protocol_date="2026-08-28")
    for text in (text_of(pdf(client, document_id)), docx_text(docx_of(client, document_id))):
        assert ("Назначить куратором внедрения и реализации системы (целевой модели) "
                "наставничества педагогических работников заместителя директора по УВР "
                "Орлову Наталью Сергеевну.") in text
        assert "4. Куратору Орловой Н. С.:" in text
        assert "Орлова Н. С., заместитель директора по УВР (руководитель рабочей группы)" in text
        assert "педагогического совета (протокол от 28.08.2026 № 1)" in text
        assert "О. В. Смирнов" in text


def test_the_pair_order_gives_control_to_the_curator_by_position_and_name(client):
    document_id = create(client, DocumentKind.PAIR_ORDER)
    text = text_of(pdf(client, document_id))
    assert ("Контроль за исполнением настоящего приказа возложить на заместителя директора "
            "по УВР Орлову Н. С.") in text
    assert "4. Куратору Орловой Н. С.:" in text


def test_the_curator_can_be_appointed_by_an_order_of_her_own(client):
    document_id = create(client, DocumentKind.CURATOR_ORDER, number="3-лс")
    for text in (text_of(pdf(client, document_id)), docx_text(docx_of(client, document_id))):
        assert "О назначении куратора" in text
        assert "заместителя директора по УВР Орлову Наталью Сергеевну" in text
        assert "2. Куратору Орловой Н. С.:" in text
        assert "№ 3-лс" in text


# --- settlement, protocol, annexes, page numbers -----------------------------------------


def test_the_place_of_issue_is_the_schools_settlement(client, school):
    document_id = create(client, DocumentKind.FINAL_EVENT_ORDER)
    assert "№ 12-од г. Тверь" in text_of(pdf(client, document_id))
    assert "г. Тверь" in docx_text(docx_of(client, document_id))
    school.settlement = "с. Ивановское"
    db.session.commit()
    assert "с. Ивановское" in text_of(pdf(client, document_id))


@pytest.mark.parametrize(("address", "place"), [
    ("170100, Тверская обл., г. Тверь, ул. Советская, д. 5", "г. Тверь"),
    ("Тверская обл., Калининский р-н, с. Ивановское, ул. Школьная, 1", "с. Ивановское"),
    ("пгт. Редкино, ул. Парковая, 3", "пгт. Редкино"),
    ("ул. Школьная, д. 1", "Округ m-x"),  # no settlement in it: the municipality
])
def test_the_settlement_is_read_from_the_address(make_school, address, place):
    school = make_school("x", address=address)
    assert settlement(school) == place


def test_the_regulation_is_annex_1_and_carries_the_councils_protocol(client):
    create(client, DocumentKind.REGULATION_ORDER, number="45-од", date="2026-09-02")
    regulation = create(client, DocumentKind.REGULATION, number="", date="2026-09-02",
                        protocol_number="1", protocol_date="2026-08-28")
    data = pdf(client, regulation)
    for text in (text_of(data), docx_text(docx_of(client, regulation))):
        assert "Приложение 1 к приказу от 02.09.2026 № 45-од" in text
        assert "протокол от 28.08.2026 № 1" in text
        assert "УТВЕРЖДЕНО приказом руководителя СОШ № 7 от 02.09.2026 № 45-од" in text
        assert "г. Тверь" in text


def test_a_protocol_dated_after_the_document_is_refused(client):
    response = client.post(f"{BASE}/", data={
        "kind": "regulation", "number": "", "date": "2026-09-02", "academic_year": 2026,
        "protocol_number": "1", "protocol_date": "2026-09-10",
        "csrf_token": csrf_token(client, f"{BASE}/")})
    assert response.status_code == 400
    assert "дата протокола не позже даты документа" in response.get_data(as_text=True)


def test_pages_are_numbered_from_the_second(client):
    regulation = create(client, DocumentKind.REGULATION, number="")
    numbered = pages(pdf(client, regulation))
    assert len(numbered) > 2
    assert not numbered[0].startswith("1 ")
    for number, page in enumerate(numbered[1:], 2):
        assert page.startswith(f"{number} "), page[:40]
    section = docx_of(client, regulation).sections[0]
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert section.first_page_header.paragraphs[0].text == ""


# --- the road map ---------------------------------------------------------------------


def test_the_road_map_is_landscape_with_each_stage_once(client, school):
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    create(client, DocumentKind.REGULATION_ORDER, number="45-од", date="2026-09-02")
    roadmap = create(client, DocumentKind.ROADMAP, number="", date="2026-09-02")
    data = pdf(client, roadmap)
    for page in PdfReader(io.BytesIO(data)).pages:
        assert page.mediabox.width > page.mediabox.height
    text = text_of(data)
    assert "Приложение 2 к приказу от 02.09.2026 № 45-од" in text
    for stage in ("1. Подготовка условий", "5. Организация и осуществление работы"):
        assert text.count(stage) == 1, stage
    assert "Ответственные" in text and "Ответственны е" not in text
    assert "01.09.2026" in text
    document = docx_of(client, roadmap)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert docx_text(document).count("1. Подготовка условий") == 1


def test_column_widths_never_break_a_word():
    header = ["№", "Содержание", "Ответственные"]
    rows = [["1.", "Формирование наставнических пар", "01.09.2026 — 31.10.2026"]]
    widths = unbreakable_widths(header, rows, [1, 90, 9], 400)
    assert abs(sum(widths) - 400) < 0.01
    longest = [pdfmetrics.stringWidth("№", FONT_BOLD, 10),
               pdfmetrics.stringWidth("наставнических", FONT, 10),
               pdfmetrics.stringWidth("Ответственные", FONT_BOLD, 10)]
    for width, word in zip(widths, longest, strict=True):
        assert width >= word + 2 * CELL_PADDING


# --- pairs each order fixes ------------------------------------------------------------


@pytest.fixture
def staff(school):
    people = {}
    for last, first, middle, position in (
            ("Кузнецова", "Ирина", "Павловна", "учитель математики"),
            ("Шевченко", "Тарас", "Григорьевич", "учитель истории"),
            ("Лебедева", "Анна", "Игоревна", "учитель"),
            ("Соколов", "Денис", "Ильич", "педагог-психолог"),
            ("Волкова", "Яна", "Олеговна", "учитель")):
        person = add_teacher(school, last_name=last, first_name=first, middle_name=middle,
                             position=position)
        consented(person, "mentee_bank", "mentor_bank")
        enter_mentee(person, MENTEE_ANSWERS)
        enter_mentor(person, {**MENTOR_ANSWERS, "capacity": 3})
        people[last] = person
    db.session.commit()
    return people


def pair(school, mentor: Teacher, mentee: Teacher) -> MentoringPair:
    made = form_pair(school, mentor, [mentee], "traditional", dt.date(2026, 10, 1),
                     dt.date(2027, 5, 31))
    db.session.commit()
    return made


def test_a_new_pair_order_lists_only_the_pairs_it_fixes(client, school, staff):
    first = pair(school, staff["Кузнецова"], staff["Лебедева"])
    ended = pair(school, staff["Шевченко"], staff["Соколов"])
    finish_pair(school, ended, dt.date(2026, 10, 5))
    db.session.commit()
    order = create(client, DocumentKind.PAIR_ORDER, number="20-од", date="2026-10-10")
    text = text_of(pdf(client, order))
    assert "Кузнецова Ирина Павловна, учитель математики" in text
    assert "Лебедева Анна Игоревна, учитель" in text
    assert "Соколов" not in text  # the pair has ended
    approve(client, order)
    assert db.session.get(MentoringPair, first.id).fixed_by_document_id == order

    second = pair(school, staff["Шевченко"], staff["Волкова"])
    later = create(client, DocumentKind.PAIR_ORDER, number="31-од", date="2026-11-10")
    text = text_of(pdf(client, later))
    assert "Шевченко Тарас Григорьевич, учитель истории" in text
    assert "Кузнецова Ирина Павловна" not in text  # fixed by order 20-од already
    approve(client, later)
    assert db.session.get(MentoringPair, second.id).fixed_by_document_id == later
    # The first order, as signed, still lists its pair.
    assert "Кузнецова Ирина Павловна" in text_of(pdf(client, order))

    page = client.get("/s/school-7/pairs/").get_data(as_text=True)
    assert "приказ № 20-од от 10.10.2026" in page and "приказ № 31-од от 10.11.2026" in page


def test_a_new_edition_of_an_approved_pair_order_keeps_its_pairs(client, school, staff):
    first = pair(school, staff["Кузнецова"], staff["Лебедева"])
    order = create(client, DocumentKind.PAIR_ORDER, number="20-од", date="2026-10-10")
    approve(client, order)
    edition = SchoolDocument(school_id=school.id, kind=DocumentKind.PAIR_ORDER,
                             academic_year=2026, number="20-од", date=dt.date(2026, 10, 12),
                             title="О закреплении", version=2, previous_id=order)
    db.session.add(edition)
    db.session.commit()
    assert "Кузнецова Ирина Павловна" in text_of(pdf(client, edition.id))
    approve(client, edition.id)
    assert db.session.get(MentoringPair, first.id).fixed_by_document_id == edition.id


def test_the_order_encouraging_mentors_names_them_in_the_dative(client, school, staff):
    # The mentors whose pairs finished on time (tenants/final_event says what for).
    for mentor, mentee in (("Кузнецова", "Лебедева"), ("Шевченко", "Волкова"),
                           ("Кузнецова", "Соколов")):
        finish_pair(school, pair(school, staff[mentor], staff[mentee]), dt.date(2026, 11, 20))
    db.session.commit()
    document_id = create(client, DocumentKind.ENCOURAGEMENT_ORDER, date="2027-05-25")
    for text in (text_of(pdf(client, document_id)), docx_text(docx_of(client, document_id))):
        assert "О поощрении наставников" in text
        assert "1) Кузнецовой Ирине Павловне, учителю математики, — за успешную" in text
        assert ("2) Шевченко Тарасу Григорьевичу, учителю истории, — за успешную реализацию "
                "персонализированной программы наставничества в установленный срок.") in text
        assert text.count("Кузнецовой Ирине Павловне") == 1


# --- fonts, the consent form, hostile names --------------------------------------------


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_font_a_document_names_is_embedded(client, kind):
    data = pdf(client, create(client, kind))
    assert unembedded_fonts(data) == set()
    fonts = {str(f.get_object()["/BaseFont"]) for page in PdfReader(io.BytesIO(data)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert not any("Helvetica" in font for font in fonts), fonts


def test_the_consent_form_carries_every_element_of_152_fz_art_9(client, school):
    person = add_teacher(school, last_name="Черных", first_name="Ольга",
                         middle_name="Ивановна", position="учитель")
    db.session.commit()
    base = f"/s/school-7/consents/{person.id}/mentee_bank/form"
    data = client.get(base + ".pdf").data
    assert unembedded_fonts(data) == set()
    document = docx.Document(io.BytesIO(client.get(base + ".docx").data))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    for text in (text_of(data), docx_text(document)):
        for element in ("Я, Черных Ольга Ивановна", "зарегистрированный(ая) по адресу: ___",
                        "основной документ, удостоверяющий личность", "серия ______ № ___",
                        "выдан «___»", "(кем выдан)",
                        "оператору — МБОУ «СОШ № 7», адрес: 170100, Тверская обл., г. Тверь",
                        "1. Цель обработки:", "2. Перечень персональных данных:",
                        "3. Перечень действий", "4. Способы обработки: смешанная",
                        "5. Срок действия:", "6. Порядок отзыва:", "(подпись)"):
            assert element in text, element
    # The signature stays on the page of the text it signs.
    last = pages(data)[-1]
    assert "(подпись)" in last and "Подтверждаю, что ознакомлен(а)" in last
    kept = [p.paragraph_format.keep_with_next for p in document.paragraphs]
    assert kept[-4:-1] == [True, True, True]


def test_a_position_with_markup_prints_as_typed(client, school, staff):
    staff["Кузнецова"].position = "<b>учитель</b> & <img src='/etc/passwd'/>"
    db.session.commit()
    pair(school, staff["Кузнецова"], staff["Лебедева"])
    document_id = create(client, DocumentKind.PAIR_ORDER)
    data = pdf(client, document_id)
    assert "<b>учитель</b> & <img src='/etc/passwd'/>" in text_of(data)
    for page in PdfReader(io.BytesIO(data)).pages:
        assert list(page.images) == []
