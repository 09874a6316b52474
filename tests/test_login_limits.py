"""Login limiting as an attacker meets it: no lock-out of a victim from elsewhere, the real
client address behind nginx, and no 500 when the limiter's Redis is down."""

from __future__ import annotations

import secrets

import pytest
from conftest import PASSWORD, TEST_REDIS_URL, csrf_token, login, make_test_app

from config import load_config
from nastavnik.extensions import db, limiter
from nastavnik.platform.roles import Role

ATTACKER, VICTIM = "203.0.113.66", "198.51.100.7"


def attempt(client, email: str, password: str, **kwargs):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token}, **kwargs)


@pytest.fixture
def scratch_app():
    """A second application with its own settings, on the same database.

    The limiter is one object shared by every app of the process (``extensions``); a new
    app re-points its storage, so the session's app gets its limiter back afterwards.
    """
    saved = dict(limiter.__dict__)
    made = []

    def make(**overrides):
        made.append(make_test_app(**overrides))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()
    limiter.__dict__.clear()
    limiter.__dict__.update(saved)


def test_wrong_passwords_from_elsewhere_do_not_lock_the_victim_out(client, make_school,
                                                                   make_user):
    victim = make_user(Role.CURATOR, make_school())
    attacker = {"environ_base": {"REMOTE_ADDR": ATTACKER}}
    statuses = [attempt(client, victim.email, "wrong-password", **attacker).status_code
                for _ in range(8)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    victims_browser = {"environ_base": {"REMOTE_ADDR": VICTIM}}
    assert attempt(client, victim.email, PASSWORD, **victims_browser).status_code == 302


def test_one_address_guessing_many_accounts_is_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_RATE_LIMIT", "3 per minute")
    for i in range(3):
        assert attempt(client, f"user{i}@example.org", "wrong-password").status_code == 200
    response = attempt(client, "someone-else@example.org", "wrong-password")
    assert response.status_code == 429
    assert "Слишком много попыток" in response.get_data(as_text=True)


def test_successful_logins_are_not_counted(client, make_school, make_user):
    user = make_user(Role.CURATOR, make_school())
    for _ in range(8):
        assert login(client, user).status_code == 302
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def test_behind_one_proxy_the_forwarded_address_is_the_client(scratch_app, make_school,
                                                              make_user):
    app = scratch_app(PROXY_COUNT=1)
    client = app.test_client()
    victim = make_user(Role.CURATOR, make_school())
    from_a = {"headers": {"X-Forwarded-For": ATTACKER}}
    for _ in range(5):
        assert attempt(client, victim.email, "wrong-password", **from_a).status_code == 200
    assert attempt(client, victim.email, PASSWORD, **from_a).status_code == 429
    from_b = {"headers": {"X-Forwarded-For": VICTIM}}
    assert attempt(client, victim.email, PASSWORD, **from_b).status_code == 302


def test_without_a_proxy_a_forged_forwarded_address_changes_nothing(client, make_school,
                                                                    make_user):
    victim = make_user(Role.CURATOR, make_school())
    for i in range(5):
        forged = {"headers": {"X-Forwarded-For": f"192.0.2.{i}"}}
        assert attempt(client, victim.email, "wrong-password", **forged).status_code == 200
    forged = {"headers": {"X-Forwarded-For": "192.0.2.200"}}
    assert attempt(client, victim.email, PASSWORD, **forged).status_code == 429


def test_with_redis_down_login_works_and_is_still_limited_in_memory(scratch_app, make_school,
                                                                    make_user, caplog):
    app = scratch_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")  # nothing listens there
    client = app.test_client()
    user = make_user(Role.CURATOR, make_school())
    assert login(client, user).status_code == 302
    assert "falling back to in-memory storage" in caplog.text  # the fallback, not luck
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    for _ in range(5):
        assert attempt(client, user.email, "wrong-password").status_code == 200
    assert attempt(client, user.email, "wrong-password").status_code == 429


def test_production_shares_limits_through_redis_and_reads_the_proxy_count():
    config = load_config({"NASTAVNIK_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
                          "REDIS_URL": "redis://redis.internal:6379/3", "PROXY_COUNT": "1"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://redis.internal:6379/3"
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
    assert config["PROXY_COUNT"] == 1
    assert load_config({"NASTAVNIK_ENV": "development"})["PROXY_COUNT"] == 0


def test_with_redis_the_failures_are_counted_where_every_worker_sees_them(
        scratch_app, make_school, make_user):
    import redis

    app = scratch_app(RATELIMIT_STORAGE_URI=TEST_REDIS_URL)
    store = redis.Redis.from_url(TEST_REDIS_URL)
    client = app.test_client()
    user = make_user(Role.CURATOR, make_school())
    try:
        limiter.reset()
        for _ in range(5):
            assert attempt(client, user.email, "wrong-password").status_code == 200
        assert store.keys("LIMITS*")
        assert attempt(client, user.email, PASSWORD).status_code == 429
    finally:
        limiter.reset()
