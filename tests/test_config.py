import pytest

from config import load_config


def test_secret_key_is_required_outside_development():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_config({"NASTAVNIK_ENV": "production"})
    assert load_config({"NASTAVNIK_ENV": "production", "SECRET_KEY": "s"})["SESSION_COOKIE_SECURE"]


def test_development_defaults_to_sqlite():
    config = load_config({})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert not config["SESSION_COOKIE_SECURE"]


def test_unknown_environment_is_refused():
    with pytest.raises(RuntimeError, match="NASTAVNIK_ENV"):
        load_config({"NASTAVNIK_ENV": "staging"})
