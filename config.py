"""Settings from the environment, one place for every knob.

``NASTAVNIK_ENV`` selects development (default), testing or production. Outside
development a real ``SECRET_KEY`` is required: a forgotten key must stop the start,
not silently sign sessions with a public default.
"""

import os
from pathlib import Path
from zoneinfo import available_timezones

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET = "dev-only-not-secret"


def parse_boolean(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "да"}


def load_config(environ: dict[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    mode = env.get("NASTAVNIK_ENV", "development")
    if mode not in {"development", "testing", "production"}:
        raise RuntimeError(f"NASTAVNIK_ENV must be development, testing or production: {mode!r}")
    secret = env.get("SECRET_KEY", "")
    if not secret:
        if mode != "development":
            raise RuntimeError("SECRET_KEY must be set when NASTAVNIK_ENV is not development")
        secret = DEV_SECRET
    production = mode == "production"
    school_timezone = env.get("SCHOOL_TIMEZONE", "Europe/Moscow")
    if school_timezone not in available_timezones():
        raise RuntimeError(f"SCHOOL_TIMEZONE must be an IANA time zone name: {school_timezone!r}")
    return {
        "ENV_NAME": mode,
        "TESTING": mode == "testing",
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": env.get(
            "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'nastavnik.db'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "5 per minute"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": parse_boolean(env.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": parse_boolean(env.get("SESSION_COOKIE_SECURE"), production),
        "WTF_CSRF_ENABLED": parse_boolean(env.get("WTF_CSRF_ENABLED"), True),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "ru",
        # The schools' zone outside any region (a region sets its own), e.g. Asia/Omsk.
        "SCHOOL_TIMEZONE": school_timezone,
        "BABEL_DEFAULT_TIMEZONE": school_timezone,
        "BOOTSTRAP_SERVE_LOCAL": True,
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", 20 * 1024 * 1024)),
        "DEMO_PASSWORD": env.get("DEMO_PASSWORD", "nastavnik-2026"),
    }
