"""The bank pages as a school uses them: a constant number of SQL statements however many
teachers, the summary of mentees' requests, what the staff list already knows, the
wording of empty cases, age bands that agree with the young-specialist rule, and the
documents a mentor or mentee may read."""

import contextlib
import datetime as dt
import io

import pytest
from bank_helpers import (
    MENTEE_ANSWERS,
    MENTOR_ANSWERS,
    consented,
    form_data,
    post,
    teacher,
)
from openpyxl import load_workbook
from sqlalchemy import event, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.bands import (
    AGE_BANDS,
    age_band,
    young_specialist,
    young_specialist_by_bands,
)
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor, requests_summary
from nastavnik.tenants.consents.services import withdraw_consent
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.pairs.services import form_pair

pytestmark = pytest.mark.usefixtures("autumn_2026")


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@contextlib.contextmanager
def counted_statements():
    """Count the SQL statements the block sends to the database."""
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def fill_banks(school, size: int, start: int = 0) -> None:
    """``size`` teachers in each bank, with varied answers, and two who only consented."""
    for n in range(start, start + size):
        person = consented(teacher(school, f"Педагогова{n:03d}", "Анна"),
                           "mentee_bank", "mentor_bank")
        enter_mentee(person, {**MENTEE_ANSWERS, "difficulties": [
            ["methods", "parents", "inclusive"][n % 3]]})
        enter_mentor(person, MENTOR_ANSWERS)
    for n in range(start, start + 2):
        consented(teacher(school, f"Согласнова{n:03d}", "Вера"), "mentee_bank", "mentor_bank")
    db.session.commit()


def statements_of(client, requests) -> list[int]:
    counts = []
    for method, path in requests:
        with counted_statements() as statements:
            response = (client.get(path) if method == "GET"
                        else post(client, path, {}, token_from="/s/sch-1/banks/mentees/"))
        assert response.status_code == 200
        counts.append(len(statements))
    return counts


def test_bank_pages_and_exports_run_as_many_statements_for_60_teachers_as_for_10(
        school, make_user, logged_in):
    curator = logged_in(make_user(Role.CURATOR, school))
    requests = [("GET", "/s/sch-1/banks/mentees/"), ("GET", "/s/sch-1/banks/mentors/"),
                ("GET", "/s/sch-1/banks/mentees/?code=parents"),
                ("POST", "/s/sch-1/banks/mentees/export.xlsx"),
                ("POST", "/s/sch-1/banks/mentors/export.xlsx")]
    fill_banks(school, 10)
    with_ten = statements_of(curator, requests)
    fill_banks(school, 50, start=10)
    with_sixty = statements_of(curator, requests)
    assert with_sixty == with_ten
    export = post(curator, "/s/sch-1/banks/mentees/export.xlsx", {},
                  token_from="/s/sch-1/banks/mentees/")
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(min_row=2,
                                                                        values_only=True))
    assert len(rows) == 60 and rows[0][5] == "Методики и технологии обучения"


def test_the_curator_sees_what_the_mentees_ask_for(school, make_user, logged_in):
    fill_banks(school, 6)
    methods = requests_summary(school)[0]
    assert [(r["code"], r["mentees"]) for r in requests_summary(school)] == [
        ("methods", 2), ("parents", 2), ("inclusive", 2)]
    assert methods == {"code": "methods", "label": "Методики и технологии обучения",
                       "mentees": 2, "waiting": 2, "mentors": 6}
    page = logged_in(make_user(Role.CURATOR, school)).get(
        "/s/sch-1/banks/mentees/").get_data(as_text=True)
    assert "Профессиональные запросы наставляемых" in page
    summary = page[page.index("Профессиональные запросы"):page.index("</section>")]
    assert "Инклюзивное образование, обучающиеся с ОВЗ" in summary
    # Nobody offers help with inclusion: that is where training starts.
    assert '<td class="text-end text-danger">0</td>' in summary


def test_an_empty_bank_says_so_in_sentences(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    home = client.get("/s/sch-1/").get_data(as_text=True)
    assert "В банке наставляемых пока никого нет." in home
    assert "В банке наставников пока никого нет." in home
    assert "0 наставляемых" not in home
    page = client.get("/s/sch-1/banks/mentees/").get_data(as_text=True)
    assert "ни один наставляемый ещё не заполнил анкету" in page


def test_the_competency_filter_reads_any_in_the_feminine(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    mentors = client.get("/s/sch-1/banks/mentors/").get_data(as_text=True)
    assert '<option selected value="">любая</option>' in mentors
    mentees = client.get("/s/sch-1/banks/mentees/").get_data(as_text=True)
    assert '<option selected value="">любое</option>' in mentees


# --- what the staff list knows --------------------------------------------------------------

def test_the_questionnaire_shows_age_and_experience_from_the_staff_list(school, make_user,
                                                                        logged_in):
    today = clock.today()
    person = consented(teacher(school, birth_year=today.year - 35,
                               teaching_since=today.year - 2))
    client = logged_in(make_user(Role.CURATOR, school))
    page = client.get(f"/s/sch-1/banks/mentees/enter/{person.id}").get_data(as_text=True)
    assert "Из кадрового списка школы" in page
    assert '<dd class="col-sm-6" data-known="age">35–60 лет</dd>' in page
    assert '<dd class="col-sm-6" data-known="experience">до 3 лет</dd>' in page
    assert 'name="q_age"' not in page and 'name="q_experience"' not in page
    # Whatever the form sends, the record decides: 35 is not «до 35 лет».
    answers = {k: v for k, v in MENTEE_ANSWERS.items() if k not in ("age", "experience")}
    response = post(client, f"/s/sch-1/banks/mentees/enter/{person.id}",
                    {**form_data(answers), "q_age": "under_35"})
    assert response.status_code == 302
    entry = db.session.scalar(select(MenteeEntry).where(MenteeEntry.teacher_id == person.id))
    assert (entry.age_band, entry.experience_band, entry.young_specialist) == (
        "35_60", "0_3", False)


def test_without_a_birth_year_the_questionnaire_still_asks(school, make_user, logged_in):
    person = consented(teacher(school))
    person.birth_year = None
    db.session.commit()
    page = logged_in(make_user(Role.CURATOR, school)).get(
        f"/s/sch-1/banks/mentees/enter/{person.id}").get_data(as_text=True)
    assert 'name="q_age"' in page and 'name="q_experience"' not in page


@pytest.mark.parametrize(("age", "band", "young"), [
    (22, "under_35", True), (34, "under_35", True), (35, "35_60", False),
    (60, "35_60", False), (61, "61_plus", False)])
def test_age_bands_agree_with_the_young_specialist_rule(age, band, young):
    assert age_band(age) == band
    assert young_specialist(age, 1) is young
    assert young_specialist_by_bands(band, "0_3") is young
    assert AGE_BANDS[band] != "до 35 лет" or age < 35


# --- the anonymised teacher -----------------------------------------------------------------

def test_an_anonymised_teacher_leaves_the_staff_and_consent_lists(school, make_user,
                                                                  logged_in):
    person = consented(teacher(school, "Уходова", "Ольга"), "mentee_bank")
    withdraw_consent(person, "mentee_bank", withdrawn_on=clock.today())
    db.session.commit()
    assert person.erased
    client = logged_in(make_user(Role.CURATOR, school))
    staff = client.get("/s/sch-1/teachers/").get_data(as_text=True)
    consents = client.get("/s/sch-1/consents/").get_data(as_text=True)
    assert "Удалено" not in staff and "Удалено" not in consents
    assert "Уходова" not in staff + consents


# --- documents a mentor or mentee reads -----------------------------------------------------

def approved(school, kind: DocumentKind, content: dict, year: int = 2026) -> SchoolDocument:
    document = SchoolDocument(school_id=school.id, kind=kind, academic_year=year, number="7",
                              date=dt.date(2026, 9, 1), title=kind.label,
                              status=DocumentStatus.APPROVED, content=content)
    db.session.add(document)
    db.session.commit()
    return document


def test_a_mentee_reads_the_regulation_and_the_order_that_fixed_the_pair(school, make_user,
                                                                         logged_in):
    from nastavnik.tenants.documents.content import compose
    from nastavnik.tenants.documents.services import approve_document, create_document

    mentor = consented(teacher(school, "Орлова", "Анна"), "mentor_bank")
    mentee = consented(teacher(school, "Лебедева", "Анна"), "mentee_bank")
    enter_mentor(mentor, MENTOR_ANSWERS)
    enter_mentee(mentee, MENTEE_ANSWERS)
    form_pair(school, mentor, [mentee], "traditional", dt.date(2026, 10, 1),
              dt.date(2027, 5, 31))
    db.session.commit()
    user = make_user(Role.MENTEE, school)
    mentee.user_id = user.id
    regulation = approved(school, DocumentKind.REGULATION, None)
    regulation.content = compose(regulation).as_dict()
    order = create_document(school, DocumentKind.PAIR_ORDER, 2026, "7", dt.date(2026, 10, 2))
    approve_document(order, make_user(Role.DIRECTOR, school))
    other = approved(school, DocumentKind.PAIR_ORDER, None, year=2025)  # fixed no pair of hers
    other.content = {**order.content, "blocks": []}
    draft = approved(school, DocumentKind.REGULATION, None, year=2025)
    draft.status = DocumentStatus.DRAFT
    db.session.commit()

    client = logged_in(user)
    home = client.get("/s/sch-1/").get_data(as_text=True)
    assert 'href="/s/sch-1/pairs/my-documents"' in home
    page = client.get("/s/sch-1/pairs/my-documents").get_data(as_text=True)
    for shown in (regulation, order):
        assert f"/s/sch-1/pairs/my-documents/{shown.id}.pdf" in page
    for hidden in (other, draft):
        assert f"/my-documents/{hidden.id}.pdf" not in page
        assert client.get(f"/s/sch-1/pairs/my-documents/{hidden.id}.pdf").status_code == 404
    pdf = client.get(f"/s/sch-1/pairs/my-documents/{order.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The school's other documents stay closed to a mentee.
    assert client.get(f"/s/sch-1/documents/{order.id}/pdf").status_code in (403, 404)


def test_a_curator_has_no_own_documents_page(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    assert client.get("/s/sch-1/pairs/my-documents").status_code == 404
