"""Personal data stays in the school: the levels above it see numbers, never names.

The crawl signs in as each upper-level user of the demo, follows every link under the
schools, municipalities and region it reaches, adds every file and page a URL can name
(documents, consent forms, bank exports and entries, whether linked or not), reads PDF,
DOCX, CSV and XLSX as text, and looks for the name of every person of every school.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import docx
import openpyxl
import pypdf
import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented, events_of, teacher
from conftest import PASSWORD, csrf_token, login
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from nastavnik.demo import seed as demo_seed
from nastavnik.demo.staff import DOMAIN
from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import catalog
from nastavnik.platform.models import Municipality, Region, RoleAssignment, School, User
from nastavnik.platform.passwords import hash_password
from nastavnik.platform.privacy import ERASED, kept_by_the_school
from nastavnik.platform.roles import Level, Role
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.services import withdraw_consent
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.pairs.services import form_pair
from nastavnik.tenants.practices.models import Practice
from nastavnik.tenants.programs.models import Program
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.training.models import TrainingSession

DEMO_PASSWORD = "demo-password-123"
UPPER = {Role.ADMIN: f"admin@{DOMAIN}", Role.REGIONAL_OPERATOR: f"region@{DOMAIN}",
         Role.METHODOLOGIST: f"metodist@{DOMAIN}"}
SCOPED = re.compile(r"^/(s|m|r|admin)/")
HREF = re.compile(r'(?:href|action)="([^"#]+)')
MAX_URLS = 3000


@pytest.fixture
def demo_app(app):
    with app.app_context():
        demo_seed(DEMO_PASSWORD)
        plant_names_in_free_text()
    return app


def plant_names_in_free_text() -> None:
    """A curator may type a colleague's name wherever the school writes in its own words."""
    for school in db.session.scalars(select(School)):
        person = db.session.scalar(select(Teacher).where(Teacher.school_id == school.id)
                                   .order_by(Teacher.id).limit(1))
        activities = db.session.scalars(select(RoadmapActivity).where(
            RoadmapActivity.school_id == school.id).order_by(RoadmapActivity.id).limit(3))
        for activity in activities:
            activity.responsible = activity.evidence_note = person.full_name
    db.session.commit()


def school_people() -> dict[str, str]:
    """Every surname and full name of every school's teacher and school-level user."""
    names = {}
    for person in db.session.scalars(select(Teacher)):
        if person.last_name != ERASED:
            names[person.full_name] = person.full_name
            names[person.last_name] = person.full_name
    school_roles = [r.value for r in Role if r.level is Level.SCHOOL]
    for user in db.session.scalars(select(User).join(RoleAssignment)
                                   .where(RoleAssignment.role.in_(school_roles))):
        names[user.full_name] = user.full_name
        names[user.full_name.split()[0]] = user.full_name
    return names


def probe_urls() -> list[str]:
    """URLs an attacker would type even where no link leads: every row's own pages."""
    urls = []
    schools = {s.id: s.slug for s in db.session.scalars(select(School))}
    for document in db.session.scalars(select(SchoolDocument)):
        base = f"/s/{schools[document.school_id]}/documents/{document.id}"
        urls += [base, f"{base}/docx", f"{base}/pdf", f"{base}/scan"]
    for person in db.session.scalars(select(Teacher)):
        base = f"/s/{schools[person.school_id]}"
        for purpose in ("mentee_bank", "mentor_bank"):
            urls += [f"{base}/consents/{person.id}/{purpose}/form.pdf",
                     f"{base}/consents/{person.id}/{purpose}/form.docx"]
        urls += [f"{base}/banks/mentees/link/{person.id}",
                 f"{base}/banks/mentees/enter/{person.id}"]
    for model, bank in ((MenteeEntry, "mentees"), (MentorEntry, "mentors")):
        for entry in db.session.scalars(select(model)):
            urls.append(f"/s/{schools[entry.school_id]}/banks/{bank}/entries/{entry.id}")
    for slug in schools.values():
        for page in ("", "pairs/", "teachers/", "consents/", "banks/mentees/",
                     "banks/mentors/", "banks/mentees/export.csv", "banks/mentors/export.xlsx",
                     "audit/", "documents/", "roadmap/", "teachers/import/template.xlsx",
                     "banks/my/mentees", "banks/my/mentors", "programs/", "programs/mine",
                     "matching/", "matching/queue", "matching/results", "training/",
                     "network/", "practices/"):
            urls.append(f"/s/{slug}/{page}")
    for pair in db.session.scalars(select(MentoringPair)):
        urls.append(f"/s/{schools[pair.school_id]}/pairs/{pair.id}")
    for program in db.session.scalars(select(Program)):
        base = f"/s/{schools[program.school_id]}/programs/{program.id}"
        urls += [base, f"{base}.pdf", f"{base}.docx"]
    for session in db.session.scalars(select(TrainingSession).where(
            TrainingSession.school_id.is_not(None))):
        base = f"/s/{schools[session.school_id]}/training/sessions/{session.id}"
        urls += [base, f"{base}/sheet.pdf"]
    for practice in db.session.scalars(select(Practice)):
        urls.append(f"/s/{schools[practice.school_id]}/practices/{practice.id}/")
    return urls


def readable_text(response) -> str:
    """What a person would read in the response, whatever its format."""
    kind, data = response.mimetype, response.get_data()
    if kind == "application/pdf":
        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(
            io.BytesIO(data)).pages)
    if kind.endswith("wordprocessingml.document"):
        document = docx.Document(io.BytesIO(data))
        cells = [cell.text for table in document.tables for row in table.rows
                 for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if kind.endswith("spreadsheetml.sheet"):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(value) for sheet in book.worksheets
                         for row in sheet.iter_rows(values_only=True) for value in row)
    return data.decode("utf-8", "replace")


def crawl(client, starts: list[str]) -> dict[str, tuple[int, str]]:
    """GET every scoped URL reachable from ``starts``: {url: (status, text)}."""
    seen, queue = {}, deque(starts)
    while queue and len(seen) < MAX_URLS:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        text = readable_text(response) if response.status_code == 200 else ""
        seen[url] = (response.status_code, text)
        if response.mimetype == "text/html":
            for link in HREF.findall(response.get_data(as_text=True)):
                target = urljoin(url, link.replace("&amp;", "&"))
                parts = urlsplit(target)
                if not parts.netloc and SCOPED.match(parts.path):
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def platform_people() -> list[str]:
    """Names of accounts above the schools (methodologists, operators, administrators):
    the platform's own, listed to the administrator; a teacher may share a surname."""
    return [user.full_name for user in db.session.scalars(select(User))
            if user.roles and not kept_by_the_school(user)]


def leaks(seen: dict[str, tuple[int, str]], names: dict[str, str],
          shown_by_right: list[str]) -> list[str]:
    """Each school person's name read on each URL, once the names that may stand there
    (the viewer's own in the header, the platform's accounts) are taken out."""
    found = []
    for url, (_status, text) in seen.items():
        for allowed in shown_by_right:
            text = text.replace(allowed, "")
        for name, person in names.items():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append(f"{url}: {name} ({person})")
    return found


@pytest.mark.parametrize("role", list(UPPER))
def test_upper_levels_never_read_a_name_of_the_schools_people(demo_app, client, role):
    with demo_app.app_context():
        names, probes = school_people(), probe_urls()
        shown_by_right = platform_people()
        places = [f"/s/{s.slug}/" for s in db.session.scalars(select(School))]
        places += [f"/m/{slug}/" for slug in db.session.scalars(select(Municipality.slug))]
        places += [f"/r/{slug}/" for slug in db.session.scalars(select(Region.slug))]
    assert len(names) > 100  # the demo has people to find
    assert login(client, UPPER[role], DEMO_PASSWORD).status_code == 302
    seen = crawl(client, ["/", "/admin/", *places, *probes])
    opened = {url for url, (status, _text) in seen.items() if status == 200}
    files = [url for url in opened if re.search(r"/(docx|pdf|scan)$|\.(csv|xlsx)$", url)]
    assert len(seen) >= 200 and len(opened) >= 40, sorted(opened)
    found = leaks(seen, names, shown_by_right)
    assert not found, f"{len(found)} names read, e.g. {found[:15]}; files opened: {files}"


# --- Consent withdrawal erases the person everywhere the consent was the basis -------------


def linked_account(school, person, role: Role = Role.MENTEE) -> User:
    user = User(email=f"{person.last_name.lower()}@school.example", full_name=person.full_name,
                password_hash=hash_password(PASSWORD))
    user.roles.append(RoleAssignment.at(role, school))
    db.session.add(user)
    db.session.flush()
    person.user_id = user.id
    db.session.commit()
    return user


def withdraw_page(client, school, person, purpose: str):
    path = f"/s/{school.slug}/consents/{person.id}/{purpose}/withdraw"
    return post_form(client, path, {"withdrawn_on": clock.today().isoformat()})


def post_form(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)},
                       follow_redirects=True)


def test_withdrawal_erases_the_linked_account_and_says_so(make_school, make_user, app):
    school = make_school()
    person = consented(teacher(school, "Зябликова", "Ирина"), "mentee_bank")
    user = linked_account(school, person)
    own = app.test_client()
    assert login(own, user.email).status_code == 302
    assert own.get(f"/s/{school.slug}/").status_code == 200

    curator = app.test_client()
    login(curator, make_user(Role.CURATOR, school, full_name="Куратова Нина Петровна"))
    page = withdraw_page(curator, school, person, "mentee_bank").get_data(as_text=True)
    assert "персональные данные и учётная запись удалены" in page

    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.active, user.full_name, user.roles) == (False, ERASED, [])
    assert user.email == f"erased-{user.id}@erased.invalid"
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.full_name.contains("Зябликова") | User.email.contains("зябликова"))) == 0
    assert db.session.get(Teacher, person.id).user_id is None
    # The old session reaches nothing of the school, and the old password opens nothing.
    assert own.get(f"/s/{school.slug}/").status_code in (302, 404)
    refused = login(app.test_client(), "зябликова@school.example")
    assert refused.status_code != 302
    assert "Неверная электронная почта или пароль" in refused.get_data(as_text=True)


def test_a_curator_who_was_a_mentor_keeps_the_post_but_loses_the_programme_role(make_school):
    school = make_school()
    person = consented(teacher(school, "Полякова", "Дарья"), "mentor_bank")
    user = linked_account(school, person, Role.MENTOR)
    user.roles.append(RoleAssignment.at(Role.CURATOR, school))
    db.session.commit()
    withdraw_consent(person, "mentor_bank")
    db.session.commit()
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.active and user.full_name.startswith("Полякова")
    assert [a.role for a in user.roles] == [Role.CURATOR]


def test_withdrawal_closes_every_active_consent_of_the_purpose(make_school, make_user,
                                                               logged_in):
    school = make_school()
    person = consented(teacher(school, "Дроздова", "Алла"), "mentee_bank")
    # A double click used to leave a second record in force; the races branch forbids it
    # with a unique index. Either way, none may survive the withdrawal.
    try:
        db.session.add(ConsentRecord(school_id=school.id, teacher_id=person.id,
                                     purpose="mentee_bank", scope="—", form_reference="№ 12",
                                     given_on=clock.today()))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    client = logged_in(make_user(Role.CURATOR, school))
    page = withdraw_page(client, school, person, "mentee_bank").get_data(as_text=True)
    assert "персональные данные и учётная запись удалены" in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ConsentRecord).where(
        ConsentRecord.withdrawn_on.is_(None))) == 0
    assert db.session.get(Teacher, person.id).last_name == ERASED
    assert len(events_of("consent.withdrawn")) == 1


def test_withdrawal_says_nothing_was_deleted_while_another_consent_stands(
        make_school, make_user, logged_in):
    school = make_school()
    person = consented(teacher(school, "Грачёва", "Юлия"), "mentee_bank", "mentor_bank")
    user = linked_account(school, person)
    client = logged_in(make_user(Role.CURATOR, school))
    page = withdraw_page(client, school, person, "mentee_bank").get_data(as_text=True)
    assert "удален" not in page.lower() and "сохраняются" in page
    db.session.expire_all()
    assert db.session.get(Teacher, person.id).last_name == "Грачёва"
    assert db.session.get(User, user.id).active


# --- The audit page: who acted, and what happened in Russian ------------------------------


def visible_text(page: str) -> str:
    """The text a reader sees: no tags, attributes or option values."""
    return re.sub(r"<[^>]+>", " ", page)


def test_audit_page_names_the_actor_and_the_event_in_russian(make_school, make_user,
                                                             logged_in):
    school = make_school()
    person = teacher(school, "Журналова", "Ольга")
    curator = make_user(Role.CURATOR, school, full_name="Аудитова Вера Павловна")
    client = logged_in(curator)
    path = f"/s/{school.slug}/consents/{person.id}/mentee_bank"
    assert post_form(client, path, {"given_on": clock.today().isoformat(),
                                    "form_reference": "№ 3"}).status_code == 200
    page = client.get(f"/s/{school.slug}/audit/").get_data(as_text=True)
    shown = visible_text(page)
    assert "Педагог дал согласие на обработку персональных данных для банка" in shown
    assert "Аудитова Вера Павловна" in shown
    assert "без входа в систему" in shown  # teacher.added came from the test, not a user
    for kind in catalog():
        assert kind.name not in shown
        assert re.search(r"[А-Яа-яЁё]", kind.description), kind.name


# --- The same pages, read by the school and by the level above it -------------------------


def test_the_school_reads_names_where_the_municipality_reads_pair_numbers(
        make_school, make_user, app):
    school = make_school()
    mentor, mentee = (consented(teacher(school, name), "mentee_bank", "mentor_bank")
                      for name in ("Наставникова", "Подопечная"))
    enter_mentor(mentor, {**MENTOR_ANSWERS, "capacity": 2})
    enter_mentee(mentee, MENTEE_ANSWERS)
    today = clock.today()
    form_pair(school, mentor, [mentee], "traditional", today, today + dt.timedelta(days=200))
    db.session.commit()
    readers = {Role.CURATOR: make_user(Role.CURATOR, school),
               Role.METHODOLOGIST: make_user(Role.METHODOLOGIST, school.municipality)}
    pages = {}
    for role, user in readers.items():
        client = app.test_client()
        login(client, user)
        pages[role] = visible_text(client.get(f"/s/{school.slug}/pairs/").get_data(
            as_text=True))
    assert "Наставникова" in pages[Role.CURATOR] and "Подопечная" in pages[Role.CURATOR]
    assert "Пара 1" in pages[Role.METHODOLOGIST]
    assert "Наставникова" not in pages[Role.METHODOLOGIST]
    assert "Подопечная" not in pages[Role.METHODOLOGIST]


def test_the_administrator_manages_a_schools_people_by_number_not_name(
        make_school, make_user, logged_in):
    school = make_school()
    mentor = make_user(Role.MENTOR, school, email="orlova@school.example",
                       full_name="Орлова Наталья Сергеевна")
    methodologist = make_user(Role.METHODOLOGIST, school.municipality,
                              full_name="Смирнов Олег Петрович")
    admin = logged_in(make_user(Role.ADMIN, full_name="Админ Платформы"))
    users = admin.get("/admin/users").get_data(as_text=True)
    assert "Орлова" not in users and "orlova@school.example" not in users
    assert f"Учётная запись № {mentor.id}" in users
    assert methodologist.full_name in users  # an account above the school is the platform's
    token = csrf_token(admin, "/admin/users")
    issued = admin.post(f"/admin/users/{mentor.id}/reset-link", data={"csrf_token": token})
    page = issued.get_data(as_text=True)
    assert issued.status_code == 200 and "/reset/" in page
    assert "Орлова" not in page and "orlova@" not in page
