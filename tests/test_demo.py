"""The demo seed: a school year told through the services, the same on every run."""

import datetime as dt
import re

import pytest
from conftest import csrf_token, login
from sqlalchemy import func, select

from nastavnik.cli import create_admin, demo
from nastavnik.demo.dates import story_year
from nastavnik.demo.staff import MENTEE_EMAIL, MENTOR_EMAIL, demo_teacher
from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event
from nastavnik.platform.models import School, User
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.matching.models import MatchingDecision, SupportPlan
from nastavnik.tenants.monitoring.models import MonitoringRequest
from nastavnik.tenants.pairs.models import MentoringPair, PairKind, PairMentee, PairStatus
from nastavnik.tenants.pairs.services import program_period_error
from nastavnik.tenants.questionnaires.models import Answer, QuestionnaireResponse
from nastavnik.tenants.roadmap.services import overdue, school_roadmap
from nastavnik.tenants.roadmap.statuses import Status
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.teachers.services import ERASED
from nastavnik.workers.projections import projections, status

STAGE_ONE = {DocumentKind.REGULATION_ORDER, DocumentKind.REGULATION, DocumentKind.ROADMAP,
             DocumentKind.PROGRAM_TEMPLATE, DocumentKind.PAIR_ORDER}
PLACE_LINK = re.compile(r'class="list-group-item list-group-item-action" href="([^"]+)"')


def run(app, command, *args):
    result = app.test_cli_runner().invoke(command, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def rows_per_table() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def documents_by_school(year: int) -> dict[str, dict[DocumentKind, str]]:
    found = {school.slug: {} for school in db.session.scalars(select(School))}
    for document in db.session.scalars(select(SchoolDocument).where(
            SchoolDocument.academic_year == year)):
        school = db.session.get(School, document.school_id)
        found[school.slug][DocumentKind(document.kind)] = document.status
    return found


def test_demo_tells_a_school_year_with_schools_at_different_stages(app, autumn_2026):
    # Seen from late autumn, when the schools behind have stage-1 work overdue.
    run(app, demo, "seed")
    year, today = story_year(), clock.today()
    assert year == 2026
    schools = db.session.scalars(select(School).order_by(School.id)).all()
    assert len(schools) == 8

    documents = documents_by_school(year)
    approved = [slug for slug, kinds in documents.items()
                if {k for k, s in kinds.items() if s == DocumentStatus.APPROVED} >= STAGE_ONE]
    drafts_only = [slug for slug, kinds in documents.items()
                   if kinds and set(kinds.values()) == {DocumentStatus.DRAFT}]
    assert approved and drafts_only and any(not kinds for kinds in documents.values())
    assert db.session.scalar(select(SchoolDocument.number).where(
        SchoolDocument.kind == DocumentKind.REGULATION_ORDER).limit(1)).endswith("-од")

    late = {s.slug: overdue(school_roadmap(s, year), today) for s in schools}
    assert any(not items for items in late.values())
    assert any(a.code.startswith("1.") for items in late.values() for a in items)
    for school in schools:
        # Last year is mostly done where it could be: by hand, or by the documents approved
        # (the work the platform tracks through its own records is this year's story).
        last_year = [a for a in school_roadmap(school, year - 1)
                     if not a.tracked or a.status == Status.DONE]
        assert sum(a.status == Status.DONE for a in last_year) >= 0.6 * len(last_year)
    # A school ahead trained its mentors: materials and an установочная сессия with its sheet.
    ahead = {a.code: a for a in school_roadmap(schools[0], year)}
    assert all(ahead[code].status == Status.DONE and ahead[code].completed_automatically
               for code in ("4.2", "4.3"))
    # Last year's finished pairs answered the monitoring questionnaires, all but one per school.
    asked = db.session.scalars(select(MonitoringRequest).where(
        MonitoringRequest.academic_year == year - 1)).all()
    assert asked and 0 < sum(not r.answered for r in asked) < len(asked)


def test_demo_banks_and_pairs_show_every_turn_of_the_story(app):
    run(app, demo, "seed")
    pairs = db.session.scalars(select(MentoringPair)).all()
    assert len(pairs) >= 10
    assert any(p.kind == PairKind.GROUP for p in pairs)
    assert any(p.status == PairStatus.FINISHED for p in pairs)
    assert len({p.form_code for p in pairs}) >= 4
    assert all(program_period_error(p.starts_on, p.ends_on) is None for p in pairs)
    statuses = set(db.session.scalars(select(MenteeEntry.status)))
    assert {"in_pair", "waiting", "supported", "finished", "withdrawn"} <= statuses
    capacities = set(db.session.scalars(select(MentorEntry.capacity)))
    assert capacities <= {1, 2, 3} and len(capacities) > 1
    for entry in db.session.scalars(select(MenteeEntry).where(MenteeEntry.status != "withdrawn")):
        assert db.session.scalar(select(ConsentRecord.id).where(
            ConsentRecord.teacher_id == entry.teacher_id,
            ConsentRecord.withdrawn_on.is_(None)))
    decided = set(db.session.scalars(select(MatchingDecision.decision)))
    assert {"accepted", "rejected"} <= decided  # matching answered on its page
    assert db.session.scalar(select(func.count()).select_from(SupportPlan))
    assert_demo_mentee_is_paired_with_demo_mentor()
    assert_withdrawn_consent_left_no_name()
    assert_events_carry_no_names()
    assert_programs_are_worked_in(pairs)


def assert_programs_are_worked_in(pairs: list[MentoringPair]) -> None:
    """Every pair has its program; some are approved, activities done, meetings rated."""
    from nastavnik.tenants.programs.models import Program, ProgramMark, ProgramMeeting

    programs = db.session.scalars(select(Program)).all()
    assert {p.pair_id for p in programs} == {p.id for p in pairs}
    assert {p.status for p in programs} == {"draft", "approved"}
    assert any(a.done_on for p in programs for a in p.activities)
    assert db.session.scalar(select(func.count()).select_from(ProgramMeeting))
    assert db.session.scalar(select(func.count()).select_from(ProgramMark).where(
        ProgramMark.rating.is_not(None)))


def assert_demo_mentee_is_paired_with_demo_mentor():
    mentor, mentee = demo_teacher(MENTOR_EMAIL), demo_teacher(MENTEE_EMAIL)
    pair = db.session.scalar(select(MentoringPair).join(PairMentee).where(
        PairMentee.teacher_id == mentee.id, MentoringPair.status == PairStatus.ACTIVE))
    assert pair.mentor_id == mentor.id
    assert db.session.get(User, mentee.user_id).full_name == mentee.full_name


def assert_withdrawn_consent_left_no_name():
    withdrawn = db.session.scalars(select(ConsentRecord).where(
        ConsentRecord.withdrawn_on.is_not(None))).all()
    assert len(withdrawn) == 1
    teacher = db.session.get(Teacher, withdrawn[0].teacher_id)
    assert (teacher.last_name, teacher.first_name, teacher.birth_year) == (ERASED, ERASED, None)
    assert not db.session.scalar(select(func.count(Answer.id)).join(QuestionnaireResponse).where(
        QuestionnaireResponse.teacher_id == teacher.id, Answer.text.is_not(None)))


def assert_events_carry_no_names():
    names = {t.last_name for t in db.session.scalars(select(Teacher))} - {ERASED}
    payloads = " ".join(str(p) for p in db.session.scalars(select(Event.payload)))
    assert not [name for name in names if name in payloads]


def test_demo_seed_runs_twice_unchanged_and_every_printed_login_opens_its_place(app, client):
    output = run(app, demo, "seed")
    first = rows_per_table()
    assert first["schools"] == 8 and first["teachers"] >= 8 * 24 and first["events"] > 500
    assert all(s.lag_events == 0 for s in map(status, projections()))
    run(app, demo, "seed")
    assert rows_per_table() == first

    password = app.config["DEMO_PASSWORD"]
    emails = [word for line in output.splitlines() for word in line.split() if "@" in word]
    assert len(emails) == 7
    for email in emails:
        assert login(client, email, password).status_code == 302, email
        places = PLACE_LINK.findall(client.get("/").get_data(as_text=True))
        assert places, email
        for place in places:
            assert client.get(place).status_code == 200, (email, place)
        if email.startswith("metodist@"):
            assert_every_school_page_opens(client, places[0])
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def assert_every_school_page_opens(client, municipality_page: str):
    """The methodologist reads each school of the municipality, whatever its stage."""
    page = client.get(municipality_page).get_data(as_text=True)
    slugs = sorted(set(re.findall(r'href="/m/[^/"]+/schools/([^/"]+)/"', page)))
    assert len(slugs) == 4
    for slug in slugs:
        assert client.get(f"{municipality_page}schools/{slug}/").status_code == 200, slug
        for section in ("", "roadmap/", "pairs/", "documents/"):
            assert client.get(f"/s/{slug}/{section}").status_code == 200, (slug, section)


@pytest.mark.parametrize(("today", "school_year"), [
    ("2029-09-01T00:30", 2029),  # the year's first half hour (a Saturday): 31 August in UTC
    ("2030-08-31", 2029),  # its last day, a Saturday too
    ("2027-12-31", 2027),
    ("2028-01-01T00:30", 2027),  # 2027 still, in UTC
])
def test_demo_tells_the_current_school_year_on_its_first_and_last_day_and_at_new_year(
        app, client, travel_to, today, school_year):
    travel_to(today)
    run(app, demo, "seed")
    assert story_year() == school_year
    logged = set(db.session.scalars(select(Event.academic_year).distinct()))
    assert logged == {school_year - 1, school_year}
    assert db.session.scalar(select(func.max(Event.occurred_at))) <= clock.now()
    consents = db.session.scalars(select(ConsentRecord)).all()
    assert consents and all(c.given_on <= (c.withdrawn_on or clock.today()) <= clock.today()
                            for c in consents)
    documents = documents_by_school(school_year)
    assert any(DocumentStatus.APPROVED in kinds.values() for kinds in documents.values())
    assert all(dt.date(school_year, 9, 1) <= d.date <= clock.today() for d in
               db.session.scalars(select(SchoolDocument).where(
                   SchoolDocument.academic_year == school_year)))
    assert all(program_period_error(p.starts_on, p.ends_on) is None
               for p in db.session.scalars(select(MentoringPair)))
    assert_demo_mentee_is_paired_with_demo_mentor()
    assert login(client, "kurator@nastavnik.example", app.config["DEMO_PASSWORD"]).status_code \
        == 302
    home = client.get("/").get_data(as_text=True)
    school_page = client.get(PLACE_LINK.findall(home)[0]).get_data(as_text=True)
    assert f"{school_year}/{school_year + 1}" in school_page


def test_create_admin_generates_the_password_and_shows_it_once(app, client):
    output = run(app, create_admin, "--email", "Root@Example.org", "--name", "Главный")
    assert "Администратор root@example.org создан." in output
    password = re.search(r"сохраните его сейчас\): (\S+)", output).group(1)
    assert len(password) >= 24
    admin = db.session.scalar(select(User))
    assert admin.email == "root@example.org" and password not in admin.password_hash
    assert login(client, "root@example.org", password).status_code == 302

    other = run(app, create_admin, "--email", "second@example.org", "--name", "Второй")
    assert password not in other  # a new secret each time, never a default


def test_create_admin_takes_no_password_and_no_duplicate(app):
    typed = app.test_cli_runner().invoke(create_admin, ["--email", "x@example.org", "--name",
                                                        "X", "--password", "long-enough-1"])
    assert typed.exit_code != 0 and "--password" in typed.output
    run(app, create_admin, "--email", "x@example.org", "--name", "X")
    again = app.test_cli_runner().invoke(create_admin, ["--email", " X@example.org ",
                                                        "--name", "X"])
    assert again.exit_code != 0 and "уже есть" in again.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_demo_seed_refuses_to_run_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = app.test_cli_runner().invoke(demo, ["seed"])
    assert result.exit_code == 1
    assert "не создаются в рабочем режиме" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert db.session.scalar(select(func.count()).select_from(School)) == 0
