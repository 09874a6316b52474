"""Personal data stays in the school: the levels above it see numbers, never names.

The crawl signs in as each upper-level user of the demo, follows every link under the
schools, municipalities and region it reaches, adds every file and page a URL can name
(documents, consent forms, bank exports and entries, whether linked or not), reads PDF,
DOCX, CSV and XLSX as text, and looks for the name of every person of every school.
"""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import docx
import openpyxl
import pypdf
import pytest
from conftest import login
from sqlalchemy import select

from nastavnik.demo import seed as demo_seed
from nastavnik.demo.staff import DOMAIN
from nastavnik.extensions import db
from nastavnik.platform.models import Municipality, Region, RoleAssignment, School, User
from nastavnik.platform.roles import Level, Role
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.teachers.services import ERASED

DEMO_PASSWORD = "demo-password-123"
UPPER = {Role.ADMIN: f"admin@{DOMAIN}", Role.REGIONAL_OPERATOR: f"region@{DOMAIN}",
         Role.METHODOLOGIST: f"metodist@{DOMAIN}"}
SCOPED = re.compile(r"^/(s|m|r)/")
HREF = re.compile(r'(?:href|action)="([^"#]+)')
MAX_URLS = 3000


@pytest.fixture
def demo_app(app):
    with app.app_context():
        demo_seed(DEMO_PASSWORD)
    return app


def school_people() -> dict[str, str]:
    """Every surname and full name of every school's teacher and school-level user."""
    names = {}
    for teacher in db.session.scalars(select(Teacher)):
        if teacher.last_name != ERASED:
            names[teacher.full_name] = teacher.full_name
            names[teacher.last_name] = teacher.full_name
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
    for teacher in db.session.scalars(select(Teacher)):
        base = f"/s/{schools[teacher.school_id]}"
        for purpose in ("mentee_bank", "mentor_bank"):
            urls += [f"{base}/consents/{teacher.id}/{purpose}/form.pdf",
                     f"{base}/consents/{teacher.id}/{purpose}/form.docx"]
        urls += [f"{base}/banks/mentees/link/{teacher.id}",
                 f"{base}/banks/mentees/enter/{teacher.id}"]
    for model, bank in ((MenteeEntry, "mentees"), (MentorEntry, "mentors")):
        for entry in db.session.scalars(select(model)):
            urls.append(f"/s/{schools[entry.school_id]}/banks/{bank}/entries/{entry.id}")
    for slug in schools.values():
        for page in ("", "pairs/", "teachers/", "consents/", "banks/mentees/",
                     "banks/mentors/", "banks/mentees/export.csv", "banks/mentors/export.xlsx",
                     "audit/", "documents/", "roadmap/", "teachers/import/template.xlsx",
                     "banks/my/mentees", "banks/my/mentors"):
            urls.append(f"/s/{slug}/{page}")
    for pair in db.session.scalars(select(MentoringPair)):
        urls.append(f"/s/{schools[pair.school_id]}/pairs/{pair.id}")
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


def leaks(seen: dict[str, tuple[int, str]], names: dict[str, str], viewer: str) -> list[str]:
    """Each name read on each URL; the viewer's own name (in the page header) is theirs."""
    found = []
    for url, (_status, text) in seen.items():
        text = text.replace(viewer, "")
        for name, person in names.items():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append(f"{url}: {name} ({person})")
    return found


@pytest.mark.parametrize("role", list(UPPER))
def test_upper_levels_never_read_a_name_of_the_schools_people(demo_app, client, role):
    with demo_app.app_context():
        names, probes = school_people(), probe_urls()
        viewer = db.session.scalar(select(User.full_name).where(User.email == UPPER[role]))
        places = [f"/s/{s.slug}/" for s in db.session.scalars(select(School))]
        places += [f"/m/{slug}/" for slug in db.session.scalars(select(Municipality.slug))]
        places += [f"/r/{slug}/" for slug in db.session.scalars(select(Region.slug))]
    assert len(names) > 100  # the demo has people to find
    assert login(client, UPPER[role], DEMO_PASSWORD).status_code == 302
    seen = crawl(client, ["/", *places, *probes])
    opened = {url for url, (status, _text) in seen.items() if status == 200}
    files = [url for url in opened if re.search(r"/(docx|pdf|scan)$|\.(csv|xlsx)$", url)]
    assert len(seen) >= 200 and len(opened) >= 40, sorted(opened)
    found = leaks(seen, names, viewer)
    assert not found, f"{len(found)} names read, e.g. {found[:15]}; files opened: {files}"
