"""A page runs as many SQL statements for a big school (or region) as for a small one.

The school pages are counted for a school of 6 teachers and one of 40, each with its year
well under way (consents, both banks, pairs and a group, documents approved, the road
map): the same story the benchmark tells for 300 teachers. The municipal and regional
pages are counted with few schools and municipalities and with more.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from conftest import login
from sqlalchemy import event

from bench.school import PASSWORD, curator_email, school_ahead
from nastavnik.extensions import db
from nastavnik.platform.models import AcademicYear, RoleAssignment, User
from nastavnik.platform.passwords import hash_password
from nastavnik.platform.roles import Role
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.services import create_document
from nastavnik.workers.projections import advance, projections

pytestmark = pytest.mark.usefixtures("autumn_2026")

SMALL, BIG = 6, 40
SCHOOL_PAGES = ["teachers/", "pairs/", "documents/", "consents/",
                "consents/?purpose=mentor_bank", "consents/?purpose=mentee_bank&missing=1",
                "matching/", "matching/queue", "matching/results"]


@contextmanager
def counted_statements():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_of(client, path: str) -> int:
    client.get(path)  # the first request warms what a running server has warm
    with counted_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def person(role: Role, place, email: str) -> User:
    user = User(email=email, full_name="Проверяющая Ольга Ивановна",
                password_hash=hash_password(PASSWORD))
    user.roles.append(RoleAssignment.at(role, place))
    db.session.add(user)
    db.session.commit()
    return user


def test_a_school_page_runs_as_many_statements_for_40_teachers_as_for_6(
        app, make_municipality):
    AcademicYear.ensure(2025)
    AcademicYear.ensure(2026)
    municipality = make_municipality("mun-count")
    for number, size in enumerate((SMALL, BIG), start=1):
        school_ahead(municipality, size, number)
    counts = {}
    for size in (SMALL, BIG):
        client = app.test_client()
        assert login(client, curator_email(size), PASSWORD).status_code == 302
        counts[size] = {page: statements_of(client, f"/s/bench-{size}/{page}")
                        for page in SCHOOL_PAGES}
    assert counts[SMALL] == counts[BIG]


def test_the_documents_page_runs_as_many_statements_for_more_documents(
        app, make_municipality):
    AcademicYear.ensure(2025)
    AcademicYear.ensure(2026)
    school = school_ahead(make_municipality("mun-docs"), SMALL)
    client = app.test_client()
    assert login(client, curator_email(SMALL), PASSWORD).status_code == 302
    before = statements_of(client, f"/s/{school.slug}/documents/")
    for number, kind in enumerate(DocumentKind, start=1):  # last year's papers, in drafts
        create_document(school, kind, 2025, f"{number}-од" if kind.is_order else "",
                        dt.date(2025, 9, 1))
    db.session.commit()
    assert statements_of(client, f"/s/{school.slug}/documents/") == before


def test_municipal_and_regional_pages_run_as_many_statements_for_more_places(
        app, make_region, make_municipality, make_school):
    region = make_region("reg-count")
    first = make_municipality("mun-1", region=region)
    make_school("school-1", municipality=first)
    person(Role.METHODOLOGIST, first, "metodist@example.org")
    person(Role.REGIONAL_OPERATOR, region, "region@example.org")
    pages = {"metodist@example.org": "/m/mun-1/", "region@example.org": "/r/reg-count/"}

    def count_all() -> dict[str, int]:
        for projection in projections():
            advance(projection)
        found = {}
        for email, path in pages.items():
            client = app.test_client()
            assert login(client, email, PASSWORD).status_code == 302
            found[path] = statements_of(client, path)
        return found

    few = count_all()
    for n in range(2, 6):
        make_school(f"school-{n}", municipality=first)
        make_school(f"other-{n}", municipality=make_municipality(f"mun-{n}", region=region))
    assert count_all() == few
