"""Settings from the environment, one place for every knob.

``NASTAVNIK_ENV`` selects production (the default), development or testing. Production
is the default so that a server started without the variable is never a development
server: ``make run`` (``scripts/run-dev.sh``), the tests and the benchmark name their mode.
Outside development a ``SECRET_KEY`` is required, and in production it must be long and
random: a forgotten or placeholder key must stop the start, not sign sessions with a
guessable value.
"""

import os
from pathlib import Path
from zoneinfo import available_timezones

import orjson

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET = "dev-only-not-secret"
MODES = ("production", "development", "testing")
MIN_SECRET_LENGTH = 32
MIN_SECRET_DISTINCT = 12  # a 48-byte token_urlsafe has ~45 distinct characters
# Words that mark a key typed by a person or copied from an example, not generated.
PLACEHOLDER_WORDS = ("change", "secret", "example", "password", "nastavnik", "dev-only",
                     "default", "test", "qwerty", "12345")
GENERATE_HINT = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


class ConfigurationError(RuntimeError):
    """The environment does not allow a safe start; the message says what to fix."""


def parse_boolean(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "да"}


def weak_secret_reason(secret: str) -> str | None:
    """Why ``secret`` is unfit to sign production sessions, or None if it looks generated."""
    if len(secret) < MIN_SECRET_LENGTH:
        return f"короче {MIN_SECRET_LENGTH} символов"
    if len(set(secret)) < MIN_SECRET_DISTINCT:
        return "состоит из нескольких повторяющихся символов"
    lowered = secret.lower()
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        return "похож на пример или придуман вручную"
    return None


def secret_key(mode: str, env: dict[str, str]) -> str:
    secret = env.get("SECRET_KEY", "")
    if mode == "development":
        return secret or DEV_SECRET
    if not secret:
        raise ConfigurationError(
            f"Не задана переменная SECRET_KEY (режим NASTAVNIK_ENV={mode}). "
            f"Сгенерируйте ключ: {GENERATE_HINT}")
    reason = weak_secret_reason(secret) if mode == "production" else None
    if reason:
        raise ConfigurationError(
            f"SECRET_KEY {reason}: в режиме production ключ должен быть длинным и случайным. "
            f"Сгенерируйте ключ: {GENERATE_HINT}")
    return secret


def load_config(environ: dict[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    mode = env.get("NASTAVNIK_ENV") or "production"
    if mode not in MODES:
        raise ConfigurationError(
            f"NASTAVNIK_ENV должна быть production, development или testing, а не {mode!r}")
    production = mode == "production"
    redis_url = env.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    school_timezone = env.get("SCHOOL_TIMEZONE", "Europe/Moscow")
    if school_timezone not in available_timezones():
        raise ConfigurationError("SCHOOL_TIMEZONE должна быть названием часового пояса из базы "
                                 f"IANA, например Europe/Moscow, а не {school_timezone!r}.")
    return {
        "ENV_NAME": mode,
        "TESTING": mode == "testing",
        "SECRET_KEY": secret_key(mode, env),
        "SQLALCHEMY_DATABASE_URI": env.get(
            "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'nastavnik.db'}"
        ),
        # orjson reads JSON columns (event payloads, stored figures) several times faster
        # than the standard library: a dashboard decodes a few thousand values a request.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "json_deserializer": orjson.loads},
        "REDIS_URL": redis_url,
        # Shared by every gunicorn worker in production. If the storage is unreachable the
        # limiter counts in memory instead, and never fails the request.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI")
        or (redis_url if production else "memory://"),
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed logins per e-mail and client address together, then per address alone.
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "5 per minute;20 per hour"),
        "LOGIN_ADDRESS_RATE_LIMIT": env.get("LOGIN_ADDRESS_RATE_LIMIT",
                                            "30 per minute;200 per hour"),
        # How many reverse proxies (nginx) stand in front and set X-Forwarded-For/-Proto;
        # 0 means none, and the headers are ignored as anyone could forge them.
        "PROXY_COUNT": int(env.get("PROXY_COUNT", "0")),
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
        # The cheapest Argon2id for new password hashes (platform/passwords.py): in the
        # testing mode only, where the standard cost was a third of the suite's time.
        "FAST_PASSWORD_HASHING": mode == "testing",
        # Strict-Transport-Security max-age; 0 sends no header (plain-HTTP development).
        "HSTS_SECONDS": int(env.get("HSTS_SECONDS", 365 * 24 * 3600 if production else 0)),
        # How long an append waits for the event log's table lock before the request is
        # refused with "busy" (503) instead of hanging behind a stuck writer.
        "EVENT_LOCK_TIMEOUT_MS": int(env.get("EVENT_LOCK_TIMEOUT_MS", 5000)),
        # A personal questionnaire link opens for this many days, and once opened lets the
        # browser fill the form for this many minutes without the token in the URL.
        "PERSONAL_LINK_DAYS": int(env.get("PERSONAL_LINK_DAYS", 7)),
        "PERSONAL_LINK_SESSION_MINUTES": int(env.get("PERSONAL_LINK_SESSION_MINUTES", 60)),
    }
