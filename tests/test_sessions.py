"""Sessions end on the server: a copied cookie stops working after logout, a new password
and deactivation, whichever browser it is replayed from."""

import pytest
from conftest import PASSWORD, csrf_token, login
from flask_login.utils import _create_identifier, encode_cookie

from nastavnik.extensions import db
from nastavnik.platform.models import User
from nastavnik.platform.roles import Role

NEW_PASSWORD = "Другой-пароль-2026"
COOKIES = ("session", "remember_token")


def captured_cookies(client) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in COOKIES if client.get_cookie(name)}


def signed_in_with(app, name: str, value: str) -> bool:
    """Replay one cookie from a fresh browser: does it open a page that needs a login?"""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser.get("/password").status_code == 200


@pytest.fixture
def victim(client, make_school, make_user):
    user = make_user(Role.CURATOR, make_school())
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "remember": "y", "csrf_token": token})
    assert response.status_code == 302
    cookies = captured_cookies(client)
    assert set(cookies) == set(COOKIES)
    return user, cookies


def assert_replays(app, cookies: dict[str, str], work: bool) -> None:
    for name, value in cookies.items():
        assert signed_in_with(app, name, value) is work, name


def test_captured_cookies_work_until_logout_and_never_after(app, client, victim):
    _user, cookies = victim
    assert_replays(app, cookies, work=True)  # the replay itself is sound
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert_replays(app, cookies, work=False)


def test_a_password_change_ends_other_sessions_but_keeps_this_one(app, client, victim):
    _user, cookies = victim
    response = client.post("/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "csrf_token": csrf_token(client, "/password")})
    assert response.status_code == 302
    assert client.get("/password").status_code == 200  # this browser is still signed in
    assert_replays(app, cookies, work=False)


def test_deactivation_by_the_admin_ends_sessions_even_after_reactivation(
        app, client, victim, make_user):
    user, cookies = victim
    admin = app.test_client()
    login(admin, make_user(Role.ADMIN))
    token = csrf_token(admin, "/admin/users")
    assert admin.post(f"/admin/users/{user.id}/deactivate",
                      data={"csrf_token": token}).status_code == 302
    assert_replays(app, cookies, work=False)
    assert client.get("/password").status_code == 302  # the victim's own browser too
    assert admin.post(f"/admin/users/{user.id}/activate",
                      data={"csrf_token": token}).status_code == 302
    assert_replays(app, cookies, work=False)
    assert login(app.test_client(), user).status_code == 302


def test_a_reset_by_link_ends_sessions(app, client, victim, make_user):
    from test_password_reset import issue_as_admin, use_link

    user, cookies = victim
    link = issue_as_admin(app, make_user, user)
    assert use_link(app.test_client(), link, NEW_PASSWORD).status_code == 302
    assert_replays(app, cookies, work=False)


def test_the_admin_cannot_deactivate_themselves(client, make_user, logged_in):
    admin = make_user(Role.ADMIN)
    logged_in(admin)
    response = client.post(f"/admin/users/{admin.id}/deactivate",
                           data={"csrf_token": csrf_token(client, "/admin/users")},
                           follow_redirects=True)
    assert "Нельзя отключить собственную учётную запись" in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).active


def forged_session(app, user_id: str) -> str:
    """A session cookie signed with the real key, naming the account as ``user_id``."""
    # The identifier "strong" session protection compares: the test browser's address and agent.
    with app.test_request_context(environ_base=app.test_client().environ_base):
        serializer = app.session_interface.get_signing_serializer(app)
        return serializer.dumps({"_user_id": user_id, "_fresh": True,
                                 "_id": _create_identifier()})


def test_cookies_without_the_current_token_load_nobody(app, make_school, make_user):
    user = make_user(Role.CURATOR, make_school())
    assert signed_in_with(app, "session", forged_session(app, user.get_id()))  # control
    # The format before tokens existed, a wrong token, absurd ids: all anonymous.
    for ident in (str(user.id), f"{user.id}:", f"{user.id}:wrong", f"{user.id + 1}:x",
                  f"99999999999999999999:{user.session_token}", ":", "", "x:y", "١:x"):
        assert not signed_in_with(app, "session", forged_session(app, ident)), ident
    with app.test_request_context():
        old_remember = encode_cookie(str(user.id))
    assert not signed_in_with(app, "remember_token", old_remember)
