"""Changing one's password, one-time reset links from the administrator and the curator,
and the password policy everywhere a password is set."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading

import pytest
from conftest import PASSWORD, csrf_token, login
from sqlalchemy import select, update

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.credentials import PasswordReset
from nastavnik.platform.events import Event
from nastavnik.platform.models import RoleAssignment, User
from nastavnik.platform.passwords import password_problems
from nastavnik.platform.roles import Role

NEW_PASSWORD = "Новый-пароль-2026"
LINK_RE = re.compile(r'<code id="reset-link"[^>]*>(http[^<]+)</code>')


def issued_link(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    match = LINK_RE.search(response.get_data(as_text=True))
    assert match, "no link on the page"
    return match.group(1).replace("http://localhost", "")


def issue_as_admin(app, make_user, user: User) -> str:
    admin = app.test_client()
    email = "root@example.org"
    if db.session.scalar(select(User).where(User.email == email)) is None:
        make_user(Role.ADMIN, email=email)
    login(admin, email)
    return issued_link(admin.post(f"/admin/users/{user.id}/reset-link",
                                  data={"csrf_token": csrf_token(admin, "/admin/users")}))


def use_link(browser, link: str, password: str, confirm: str | None = None):
    # A dead link's page has no form; any page's token is as good (it is per session).
    form_page = link if browser.get(link).status_code == 200 else "/login"
    return browser.post(link, data={"password": password, "confirm": confirm or password,
                                    "csrf_token": csrf_token(browser, form_page)})


@pytest.mark.parametrize(("password", "problem"), [
    ("short-1", "не короче 10 символов"),
    ("12345678901234", "из одних цифр"),
    ("aaaaaaaaaaaa", "хотя бы 4 разных символа"),
    ("Teacher@Example.org", "не должен совпадать с адресом"),
    ("teacher@example.org", "не должен совпадать с адресом"),
    ("teacher@ex", None),
    ("QWERTYUIOP", "слишком распространён"),
    ("йцукенгшщз", "слишком распространён"),
    ("x" * 201, "не длиннее 200"),
    ("correct-horse-battery", None),
])
def test_the_password_policy(password, problem):
    problems = " ".join(password_problems(password, "teacher@example.org"))
    if problem is None:
        assert problems == ""
    else:
        assert problem in problems


def test_the_admin_cannot_create_a_user_with_a_weak_password(client, make_user, logged_in):
    logged_in(make_user(Role.ADMIN))
    response = client.post("/admin/users", data={
        "full_name": "Петров П. П.", "email": "petrov@example.org", "password": "1234567890",
        "role": "admin", "place": "", "csrf_token": csrf_token(client, "/admin/users")})
    assert response.status_code == 400
    assert "из одних цифр" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "petrov@example.org")) is None


def change(client, current: str, password: str, confirm: str | None = None):
    return client.post("/password", data={
        "current_password": current, "password": password, "confirm": confirm or password,
        "csrf_token": csrf_token(client, "/password")})


@pytest.mark.parametrize(("current", "password", "confirm", "message"), [
    ("wrong-password", NEW_PASSWORD, None, "Текущий пароль указан неверно"),
    (PASSWORD, NEW_PASSWORD, "другое-значение", "Пароли не совпадают"),
    (PASSWORD, PASSWORD, None, "совпадает с текущим"),
    (PASSWORD, "0000000000", None, "из одних цифр"),
    (PASSWORD, "", None, "Введите новый пароль"),
])
def test_a_refused_change_says_why_and_changes_nothing(
        client, make_school, make_user, logged_in, current, password, confirm, message):
    user = make_user(Role.MENTOR, make_school())
    logged_in(user)
    response = change(client, current, password, confirm)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert login(client, user).status_code == 302


def test_a_person_changes_their_own_password(client, make_school, make_user, logged_in):
    user = make_user(Role.MENTOR, make_school())
    logged_in(user)
    assert "Сменить пароль" in client.get("/").get_data(as_text=True)
    assert change(client, PASSWORD, NEW_PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert login(client, user).status_code == 200
    assert login(client, user, NEW_PASSWORD).status_code == 302


def test_guessing_the_current_password_is_limited(client, make_school, make_user, logged_in):
    logged_in(make_user(Role.MENTOR, make_school()))
    for _ in range(5):
        assert change(client, "guess-guess", NEW_PASSWORD).status_code == 400
    assert change(client, PASSWORD, NEW_PASSWORD).status_code == 429


def test_the_change_page_needs_a_login(client):
    assert client.get("/password").status_code == 302


def test_an_admin_link_resets_once_and_stores_only_a_hash(app, client, make_school, make_user,
                                                         caplog):
    user = make_user(Role.DIRECTOR, make_school())
    with caplog.at_level("INFO", logger="nastavnik.security"):
        link = issue_as_admin(app, make_user, user)
    token = link.rsplit("/", 1)[1]
    stored = db.session.scalars(select(PasswordReset)).all()
    assert [row.token_hash for row in stored] == [hashlib.sha256(token.encode()).hexdigest()]
    assert f"account={user.id}" in caplog.text and user.email not in caplog.text
    assert db.session.scalar(select(Event)) is None  # platform-level: logged, no school event

    page = client.get(link)
    assert page.status_code == 200 and user.email in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    weak = use_link(client, link, "1234567890")
    assert weak.status_code == 400 and "из одних цифр" in weak.get_data(as_text=True)
    mismatch = use_link(client, link, NEW_PASSWORD, "другой")
    assert "Пароли не совпадают" in mismatch.get_data(as_text=True)

    assert use_link(client, link, NEW_PASSWORD).status_code == 302
    assert login(client, user, NEW_PASSWORD).status_code == 302
    again = app.test_client().get(link)
    assert again.status_code == 404
    assert "уже использована" in again.get_data(as_text=True)
    replay = use_link(app.test_client(), link, "Третий-пароль-99")
    assert replay.status_code == 404
    assert login(app.test_client(), user, "Третий-пароль-99").status_code == 200


def test_an_expired_link_and_a_superseded_one_are_refused(app, client, make_school, make_user):
    user = make_user(Role.MENTOR, make_school())
    first = issue_as_admin(app, make_user, user)
    second = issue_as_admin(app, make_user, user)
    assert client.get(first).status_code == 404  # a new link revokes the earlier one
    assert client.get(second).status_code == 200
    db.session.execute(update(PasswordReset).values(
        expires_at=clock.now() - dt.timedelta(seconds=1)))
    db.session.commit()
    for link in (first, second):
        response = use_link(client, link, NEW_PASSWORD) if link == second else client.get(link)
        assert response.status_code == 404
        assert "срок её действия (24 часа) истёк" in response.get_data(as_text=True)


@pytest.mark.parametrize("token", [
    "x", "a" * 5000, "..", "%2e%2e%2fadmin", "тест", "%FF%FE", "%E2%80%AE", "' OR 1=1 --",
    "<script>alert(1)</script>", "%0D%0ASet-Cookie:x",
])
def test_a_crafted_token_gets_a_russian_page(client, token):
    for response in (client.get(f"/reset/{token}"),
                     client.post(f"/reset/{token}", data={"password": NEW_PASSWORD,
                                                           "confirm": NEW_PASSWORD})):
        assert response.status_code in (400, 404), response.status_code
        assert "<html lang=\"ru\">" in response.get_data(as_text=True)


def test_two_concurrent_uses_of_one_link_reset_once(app, make_school, make_user):
    user = make_user(Role.MENTOR, make_school())
    link = issue_as_admin(app, make_user, user)
    browsers = [app.test_client() for _ in range(2)]
    tokens = [csrf_token(browser, link) for browser in browsers]
    passwords = ["Первый-пароль-11", "Второй-пароль-22"]
    results: list[int] = []
    barrier = threading.Barrier(2)

    def submit(i: int) -> None:
        barrier.wait()
        results.append(browsers[i].post(link, data={
            "password": passwords[i], "confirm": passwords[i], "csrf_token": tokens[i]}
        ).status_code)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[0] == 302 and sorted(results)[1] in (400, 404)
    works = [login(app.test_client(), user, p).status_code == 302 for p in passwords]
    assert works.count(True) == 1


@pytest.fixture
def school_people(make_school, make_user, make_municipality):
    school = make_school("school-a")
    other = make_school("school-b")
    curator = make_user(Role.CURATOR, school, full_name="Куратор Пять")
    mentor = make_user(Role.MENTOR, school, full_name="Наставник Один")
    mentee = make_user(Role.MENTEE, school, full_name="Наставляемый Два")
    director = make_user(Role.DIRECTOR, school, full_name="Директор Три")
    foreign = make_user(Role.MENTOR, other, full_name="Чужой Четыре")
    # A mentor here who is also a curator elsewhere: a link would hand over that role too.
    double = make_user(Role.MENTOR, school, full_name="Двойная Роль",
                       email="double@example.org")
    double.roles.append(RoleAssignment.at(Role.CURATOR, other))
    db.session.commit()
    return school, curator, mentor, mentee, director, foreign, double


def test_the_curator_lists_and_resets_only_the_schools_mentors_and_mentees(
        app, client, logged_in, school_people):
    school, curator, mentor, mentee, director, foreign, double = school_people
    logged_in(curator)
    page = client.get("/s/school-a/accounts/").get_data(as_text=True)
    assert mentor.email in page and mentee.email in page
    for outsider in (director, foreign, double, curator):
        assert outsider.email not in page
    token = csrf_token(client, "/s/school-a/accounts/")
    for outsider in (director, foreign, double, curator):
        response = client.post(f"/s/school-a/accounts/{outsider.id}/reset-link",
                               data={"csrf_token": token})
        assert response.status_code == 404
    assert client.post("/s/school-a/accounts/2147483648/reset-link",
                       data={"csrf_token": token}).status_code == 404
    assert db.session.scalar(select(PasswordReset)) is None

    link = issued_link(client.post(f"/s/school-a/accounts/{mentor.id}/reset-link",
                                   data={"csrf_token": token}))
    assert use_link(app.test_client(), link, NEW_PASSWORD).status_code == 302
    events = db.session.scalars(select(Event).order_by(Event.position)).all()
    assert [(e.type, e.school_id, e.payload, e.actor_id) for e in events] == [
        ("account.reset_link_issued", school.id, {"account": mentor.id}, curator.id),
        ("account.password_reset", school.id, {"account": mentor.id}, mentor.id)]


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.MENTOR, Role.MENTEE])
def test_only_the_curator_opens_the_accounts_page(client, logged_in, school_people, make_user,
                                                  role):
    _school, _curator, mentor, mentee, director, *_ = school_people
    user = {Role.DIRECTOR: director, Role.MENTOR: mentor, Role.MENTEE: mentee}[role]
    logged_in(user)
    assert client.get("/s/school-a/accounts/").status_code == 404
    response = client.post(f"/s/school-a/accounts/{mentee.id}/reset-link",
                           data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404


def test_another_schools_curator_cannot_reset_here(client, logged_in, school_people,
                                                   make_user):
    _school, _curator, mentor, *_ = school_people
    from nastavnik.platform.models import School

    other = db.session.scalar(select(School).where(School.slug == "school-b"))
    logged_in(make_user(Role.CURATOR, other))
    token = csrf_token(client, "/s/school-b/accounts/")
    assert client.post(f"/s/school-b/accounts/{mentor.id}/reset-link",
                       data={"csrf_token": token}).status_code == 404
    assert client.get("/s/school-a/accounts/").status_code == 404
