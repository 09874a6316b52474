from urllib.parse import urlsplit

import pytest
from conftest import PASSWORD, csrf_token, login
from flask import Flask

from nastavnik.platform.passwords import hash_password, verify_password
from nastavnik.platform.roles import Role


def test_login_with_right_password_opens_the_home_page(client, make_school, make_user):
    curator = make_user(Role.CURATOR, make_school())
    response = login(client, curator)
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)  # the chooser stays reachable
    assert "Куратор наставничества" in home
    assert curator.full_name in home


def test_login_is_case_insensitive_on_email(client, make_school, make_user):
    make_user(Role.CURATOR, make_school(), email="kurator@example.org")
    assert login(client, "KURATOR@Example.org").status_code == 302


def test_wrong_password_is_refused_in_russian(client, make_school, make_user):
    curator = make_user(Role.CURATOR, make_school())
    response = login(client, curator, password="wrong-password")
    assert response.status_code == 200
    assert "Неверная электронная почта или пароль" in response.get_data(as_text=True)
    assert client.get("/s/school-a/").status_code == 302  # still anonymous: sent to login


def test_unknown_email_gets_the_same_message(client):
    response = login(client, "nobody@example.org")
    assert "Неверная электронная почта или пароль" in response.get_data(as_text=True)


def test_inactive_user_cannot_log_in(client, make_school, make_user):
    from nastavnik.extensions import db

    user = make_user(Role.CURATOR, make_school())
    user.active = False
    db.session.commit()
    assert login(client, user).status_code == 200


def test_sixth_attempt_within_a_minute_is_rate_limited(client):
    for _ in range(5):
        assert login(client, "guess@example.org", "nope-nope").status_code == 200
    response = login(client, "guess@example.org", "nope-nope")
    assert response.status_code == 429
    assert "Слишком много попыток" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_rejected(client, make_school, make_user):
    curator = make_user(Role.CURATOR, make_school())
    response = client.post("/login", data={"email": curator.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Обновите страницу" in response.get_data(as_text=True)


def test_malformed_and_too_long_input_gets_russian_messages(client):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"email": "не почта", "password": "x",
                                           "csrf_token": token})
    assert response.status_code == 400
    assert "Адрес электронной почты указан неверно" in response.get_data(as_text=True)
    response = client.post("/login", data={"email": "a" * 300 + "@example.org",
                                           "password": "x" * 500, "csrf_token": token})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Адрес слишком длинный" in page
    assert "Пароль слишком длинный" in page


def test_login_never_redirects_off_site(client, make_school, make_user):
    curator = make_user(Role.CURATOR, make_school())
    token = csrf_token(client, "/login")
    response = client.post("/login?next=//evil.example/", data={
        "email": curator.email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/s/school-a/"  # the curator's one place


def test_logout_needs_post_with_token(client, make_school, make_user, logged_in):
    logged_in(make_user(Role.CURATOR, make_school()))
    token = csrf_token(client, "/")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/s/school-a/").status_code == 302


def test_session_cookie_is_http_only_and_same_site(client, make_school, make_user):
    response = login(client, make_user(Role.CURATOR, make_school()))
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


HOSTILE_NEXT = [
    "//evil.example/", "///evil.example", "/\\evil.example", "%5C%5Cevil.example",
    "/%5Cevil.example", "/%09/evil.example", "%09//evil.example", "/%0A/evil.example",
    "/%0D/evil.example", "https://evil.example", "http:/evil.example", "HTTPS:evil.example",
    "javascript:alert(1)", "JaVaScRiPt%3Aalert(1)", "data:text/html,x", "/ok%0D%0ASet-Cookie:x",
    "%2F%2Fevil.example", "/%2F/evil.example", "/%E2%80%AE/evil.example", "%20//evil.example",
    "/%00/evil.example", "evil.example", "", "%", "/%", "/%FF%FE",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_a_hostile_next_lands_on_a_local_page(client, make_school, make_user, target):
    curator = make_user(Role.CURATOR, make_school())
    page = client.get(f"/login?next={target}")
    assert page.status_code in (200, 400)
    response = client.post(f"/login?next={target}", data={
        "email": curator.email, "password": PASSWORD, "csrf_token": csrf_token(client, "/login")})
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        location = response.headers["Location"]
        assert location == "/s/school-a/" or location.startswith("/%"), location
        assert urlsplit(location).netloc == "" and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize(("target", "expected"), [
    ("/s/school-a/", "/s/school-a/"),
    ("/s/school-a/teachers/?page=2%26x%3D1", "/s/school-a/teachers/?page=2&x=1"),
    ("/%D0%B0", "/%D0%B0"),
])
def test_a_local_next_is_followed(client, make_school, make_user, target, expected):
    curator = make_user(Role.CURATOR, make_school())
    response = client.post(f"/login?next={target}", data={
        "email": curator.email, "password": PASSWORD, "csrf_token": csrf_token(client, "/login")})
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("target", ["/\tevil", "/a\nb", "/a\\b", "/a\u2028b", "/a\u200bb"])
def test_local_path_refuses_what_browsers_rewrite(target):
    from nastavnik.platform.accounts import local_path

    assert local_path(target) is None


def test_the_tests_cheap_hashes_and_real_ones_both_check_passwords(app):
    with app.app_context():  # the testing mode: the cheapest Argon2id
        cheap = hash_password("long-enough-1")
    with Flask(__name__).app_context():  # any other application: the standard cost
        standard = hash_password("long-enough-1")
    assert cheap.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert standard.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    for hashed in (cheap, standard):
        assert verify_password(hashed, "long-enough-1")
        assert not verify_password(hashed, "long-enough-2")
