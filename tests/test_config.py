"""Settings: production unless told otherwise, and a production key that is really secret."""

import secrets
from pathlib import Path

import pytest

from config import GENERATE_HINT, ConfigurationError, load_config
from nastavnik import create_app

STRONG = secrets.token_urlsafe(48)
ROOT = Path(__file__).resolve().parent.parent


def test_an_unset_mode_is_production():
    for environ in ({"SECRET_KEY": STRONG}, {"NASTAVNIK_ENV": "", "SECRET_KEY": STRONG}):
        config = load_config(environ)
        assert config["ENV_NAME"] == "production" and not config["TESTING"]
        assert config["SESSION_COOKIE_SECURE"] and config["HSTS_SECONDS"] >= 365 * 24 * 3600


def test_an_unset_mode_without_a_key_refuses_to_start():
    with pytest.raises(ConfigurationError, match="SECRET_KEY") as refusal:
        load_config({})
    assert GENERATE_HINT in str(refusal.value)


@pytest.mark.parametrize("weak", [
    "s",
    "test-secret",
    "x" * 31,                                     # one short of the minimum
    "a" * 64,                                     # long but one character
    "abababababababababababababababababababab",   # long, two characters
    "change-me-to-a-long-random-string",          # the old example file's value
    "dev-only-not-secret-dev-only-not-secret",
    "MySuperSecretKeyForNastavnikProduction2026",
    " " * 40,
])
def test_production_refuses_a_weak_key_and_says_how_to_make_one(weak):
    with pytest.raises(ConfigurationError) as refusal:
        load_config({"NASTAVNIK_ENV": "production", "SECRET_KEY": weak})
    message = str(refusal.value)
    assert "SECRET_KEY" in message and GENERATE_HINT in message


def test_production_accepts_a_generated_key():
    for _ in range(50):  # any key the hint produces must pass, not just a lucky one
        key = secrets.token_urlsafe(48)
        assert load_config({"NASTAVNIK_ENV": "production", "SECRET_KEY": key})["SECRET_KEY"] == key


def test_the_application_itself_refuses_a_weak_key(monkeypatch):
    monkeypatch.setenv("NASTAVNIK_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "change-me-to-a-long-random-string")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app()


def test_testing_needs_a_key_but_not_a_long_one():
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config({"NASTAVNIK_ENV": "testing"})
    assert load_config({"NASTAVNIK_ENV": "testing", "SECRET_KEY": "t"})["TESTING"]


def test_development_defaults_to_sqlite_and_plain_http():
    config = load_config({"NASTAVNIK_ENV": "development"})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert not config["SESSION_COOKIE_SECURE"] and config["HSTS_SECONDS"] == 0


@pytest.mark.parametrize("mode", ["staging", "Production", "prod", "development\n"])
def test_unknown_environment_is_refused(mode):
    with pytest.raises(ConfigurationError, match="NASTAVNIK_ENV"):
        load_config({"NASTAVNIK_ENV": mode, "SECRET_KEY": STRONG})


@pytest.mark.parametrize(("launcher", "setting"), [
    ("scripts/run-dev.sh", 'NASTAVNIK_ENV="${NASTAVNIK_ENV:-development}"'),
    ("tests/conftest.py", 'setdefault("NASTAVNIK_ENV", "testing")'),
    ("bench/events.py", 'setdefault("NASTAVNIK_ENV", "testing")'),
])
def test_dev_and_test_launchers_name_their_mode(launcher, setting):
    """Whatever starts a non-production process says so; nothing relies on the default."""
    assert setting in (ROOT / launcher).read_text()


def test_only_the_testing_mode_hashes_passwords_cheaply():
    assert not load_config({"SECRET_KEY": STRONG})["FAST_PASSWORD_HASHING"]
    assert not load_config({"NASTAVNIK_ENV": "development"})["FAST_PASSWORD_HASHING"]
    assert load_config({"NASTAVNIK_ENV": "testing", "SECRET_KEY": "t"})["FAST_PASSWORD_HASHING"]
