"""Personal questionnaire links, tried as whoever finds one: in a log, a forwarded mail,
a shared computer. Revocable, single-purpose, short-lived, never logged, never cached,
and they never show back what the teacher wrote in their own words."""

from __future__ import annotations

import datetime as dt
import logging
import re
import urllib.request

import pytest
import time_machine
from bank_helpers import MENTEE_ANSWERS, consented, form_data, post, teacher
from gunicorn.config import Config
from gunicorn.glogging import SafeAtoms

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.privacy import RedactSecretPaths
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.models import MenteeEntry, PersonalLink
from nastavnik.tenants.banks.services import enter_mentee
from nastavnik.tenants.consents.services import withdraw_consent
from nastavnik.tenants.teachers.services import sign_rows

FREE_TEXT = MENTEE_ANSWERS["difficulties_details"]


@pytest.fixture
def school(make_school):
    return make_school()


@pytest.fixture
def curator(school, make_user, logged_in):
    return logged_in(make_user(Role.CURATOR, school))


def issue(curator, school, person, bank: str = "mentees") -> str:
    page = post(curator, f"/s/{school.slug}/banks/{bank}/link/{person.id}", {})
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    return re.search(r'value="http://localhost(/anketa/[^"]+)"', page.get_data(
        as_text=True)).group(1)


def opens(client, link: str) -> bool:
    response = client.get(link)
    return response.status_code == 303 and client.get("/anketa/").status_code == 200


def test_a_link_is_a_stored_row_the_token_names_and_the_curator_revokes(app, school,
                                                                          curator):
    person = consented(teacher(school, "Отзывова"))
    link = issue(curator, school, person)
    stored = db.session.query(PersonalLink).one()
    assert (stored.teacher_id, stored.bank, stored.revoked_at) == (person.id, "mentees", None)
    assert stored.expires_at - stored.issued_at == dt.timedelta(days=7)
    assert str(person.pseudonym) not in link and "Отзывова" not in link

    holder = app.test_client()
    assert opens(holder, link)  # the holder is mid-form when the curator revokes
    page = f"/s/{school.slug}/banks/mentees/link/{person.id}"
    revoke = f"{page}/{stored.id}/revoke"
    assert post(curator, revoke, {}, token_from=page).status_code == 303
    db.session.expire_all()
    assert db.session.get(PersonalLink, stored.id).revoked_at is not None

    assert holder.get("/anketa/").status_code == 400
    refused = app.test_client().get(link)
    assert refused.status_code == 400
    assert "куратор её отозвал" in refused.get_data(as_text=True)
    assert post(holder, "/anketa/", form_data(MENTEE_ANSWERS), token_from="/login") \
        .status_code == 400
    assert db.session.query(MenteeEntry).count() == 0


def test_another_schools_curator_cannot_revoke_or_issue(app, school, curator, make_school,
                                                        make_user, logged_in):
    person = consented(teacher(school))
    issue(curator, school, person)
    stored = db.session.query(PersonalLink).one()
    other = make_school("school-b")
    stranger = app.test_client()
    from conftest import login
    login(stranger, make_user(Role.CURATOR, other, email="stranger@example.org"))
    for path in (f"/s/{other.slug}/banks/mentees/link/{person.id}",
                 f"/s/{school.slug}/banks/mentees/link/{person.id}"):
        assert stranger.get(path).status_code == 404
    forged = stranger.post(f"/s/{other.slug}/banks/mentees/link/{person.id}/{stored.id}/revoke")
    assert forged.status_code in (400, 404)
    db.session.expire_all()
    assert db.session.get(PersonalLink, stored.id).revoked_at is None


def test_a_link_opens_one_questionnaire_and_nothing_else(app, school, curator):
    person = consented(teacher(school), "mentee_bank", "mentor_bank")
    link = issue(curator, school, person, "mentees")
    holder = app.test_client()
    holder.get(link)
    page = holder.get("/anketa/").get_data(as_text=True)
    assert "Банк наставляемых" in page and "Банк наставников" not in page
    # No URL chooses the bank: the marker stands for the link's own questionnaire only,
    # and it is no login to the school's pages.
    assert holder.get("/anketa/mentors").status_code in (400, 404)
    assert holder.get(f"/s/{school.slug}/banks/my/mentors").status_code == 302
    assert holder.get(f"/s/{school.slug}/").status_code == 302
    # Tokens of other features, or a link's token with its id changed, open nothing.
    with app.test_request_context():
        import_token = sign_rows(school, [])
    assert app.test_client().get(f"/anketa/{import_token}").status_code == 400
    token = link.removeprefix("/anketa/")
    payload, rest = token.split(".", 1)
    assert app.test_client().get(f"/anketa/{payload[:-1]}A.{rest}").status_code == 400


def test_a_link_lives_seven_days_and_its_marker_an_hour(app, school, curator):
    person = consented(teacher(school))
    link = issue(curator, school, person)
    now = clock.now()
    with time_machine.travel(now + dt.timedelta(days=6, hours=23)):
        holder = app.test_client()
        assert opens(holder, link)
    with time_machine.travel(now + dt.timedelta(days=6, hours=23, minutes=61)):
        assert holder.get("/anketa/").status_code == 400  # the marker ran out
    with time_machine.travel(now + dt.timedelta(days=7, minutes=1)):
        late = app.test_client().get(link)
    assert late.status_code == 400 and "срок её действия истёк" in late.get_data(as_text=True)


def test_withdrawn_consent_closes_the_links_of_that_bank(app, school, curator):
    person = consented(teacher(school), "mentee_bank", "mentor_bank")
    mentees, mentors = issue(curator, school, person, "mentees"), issue(curator, school,
                                                                      person, "mentors")
    withdraw_consent(db.session.get(type(person), person.id), "mentee_bank")
    db.session.commit()
    assert app.test_client().get(mentees).status_code == 400
    assert opens(app.test_client(), mentors)


def test_link_pages_are_neither_cached_nor_referred(app, school, curator):
    person = consented(teacher(school))
    link = issue(curator, school, person)
    holder = app.test_client()
    responses = [holder.get(link), holder.get("/anketa/"),
                 post(holder, "/anketa/", form_data(MENTEE_ANSWERS)),
                 holder.get("/anketa/spasibo"), holder.get("/anketa/garbage"),
                 holder.get("/anketa/")]
    assert [r.status_code for r in responses] == [303, 200, 302, 200, 400, 400]
    for response in responses:
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"


def test_the_link_shows_choices_back_but_never_the_free_text(app, school, curator):
    person = consented(teacher(school))
    enter_mentee(person, MENTEE_ANSWERS)
    db.session.commit()
    holder = app.test_client()
    holder.get(issue(curator, school, person))
    page = holder.get("/anketa/").get_data(as_text=True)
    assert FREE_TEXT not in page and "Трудно удержать" not in page
    assert re.search(r'value="methods"[^>]*checked|checked[^>]*value="methods"', page)
    assert "напишите эти ответы заново" in page
    # The curator, who keeps the bank, still reads the answer.
    entry = db.session.query(MenteeEntry).one()
    own = curator.get(f"/s/{school.slug}/banks/mentees/entries/{entry.id}")
    assert "Трудно удержать" in own.get_data(as_text=True)


def test_no_token_reaches_the_access_log(app, school, curator, live_server, caplog):
    person = consented(teacher(school))
    link = issue(curator, school, person)
    token = link.removeprefix("/anketa/")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    caplog.set_level(logging.INFO, logger="werkzeug")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(live_server + link + "?utm=1")
    assert answer.value.code == 303
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "werkzeug")
    assert "/anketa/[скрыто]?utm=1" in logged
    assert token not in logged and token[:20] not in logged


def test_gunicorn_access_log_lines_are_redacted(app):
    token = "eyJsaW5rIjo0Mn0.ZzZzZz.c2lnbmF0dXJl"
    atoms = SafeAtoms({"h": "10.0.0.1", "r": f"GET /anketa/{token} HTTP/1.1",
                       "U": f"/anketa/{token}", "s": "303", "f": "-", "a": "Mozilla"})
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1,
                               Config().access_log_format, (atoms,), None)
    assert RedactSecretPaths().filter(record)
    line = record.getMessage()
    assert token not in line and '"GET /anketa/[скрыто] HTTP/1.1"' in line
    assert "Mozilla" in line and "-" in line  # other atoms, and missing ones, still work
    assert logging.getLogger("gunicorn.access").filters  # installed when the app starts
