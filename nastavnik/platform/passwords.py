"""Password hashing with Argon2id (argon2-cffi), and the one password policy.

New hashes cost what the application's ``FAST_PASSWORD_HASHING`` says: argon2-cffi's
defaults (RFC 9106's low-memory profile, about a tenth of a second) everywhere but in the
testing mode, whose cheapest Argon2id keeps the suite from spending a third of its time
hashing. A hash carries its own parameters, so checking a password is the same code
whichever way the hash was made.

The policy follows NIST SP 800-63B: a minimum length and a refusal of passwords that
are known or guessable (the most common ones, the person's own address, one digit run),
no composition rules. Every place that sets a password (``create-admin``, the
administrator's form, the change and reset pages) asks ``password_problems``.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

_hasher = PasswordHasher()
# One pass over 8 KiB in one lane: the least Argon2id accepts. For tests only (config.py).
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

MIN_LENGTH = 10
MAX_LENGTH = 200
MIN_DISTINCT = 4

POLICY_HINT = (f"Не короче {MIN_LENGTH} символов, не одни цифры, не адрес почты и не из списка "
               "самых распространённых паролей.")

# The most common passwords of at least MIN_LENGTH characters (shorter ones fail the length
# rule anyway) from the public breach lists, with the Russian keyboard walks. Compared in
# lower case.
COMMON_PASSWORDS = frozenset({
    "password123", "password1234", "password12345", "passw0rd123", "password!!",
    "qwertyuiop", "qwerty12345", "qwerty123456", "qwertyuiop123", "1q2w3e4r5t",
    "1q2w3e4r5t6y", "q1w2e3r4t5", "q1w2e3r4t5y6", "1qaz2wsx3edc", "zaq12wsxcde3",
    "asdfghjkl1", "asdfghjkl;", "zxcvbnm123", "iloveyou123", "abc1234567",
    "abcdefghij", "1234qwerty", "123456qwerty", "123qweasdzxc", "qweasdzxc123",
    "administrator", "admin12345", "admin123456", "welcome123", "letmein123",
    "sunshine123", "football123", "baseball123", "princess123", "dragon1234",
    "monkey12345", "master12345", "superman123", "trustno1234", "changeme123",
    "йцукенгшщз", "йцукенгшщзхъ", "фывапролдж", "ячсмитьбю1", "пароль1234",
    "пароль12345", "парольпароль", "наставник1", "наставник123", "nastavnik1",
    "nastavnik123", "nastavnik2026", "uchitel123", "учитель123", "школа12345",
})


def _current_hasher() -> PasswordHasher:
    fast = has_app_context() and current_app.config.get("FAST_PASSWORD_HASHING", False)
    return _fast_hasher if fast else _hasher


def hash_password(password: str) -> str:
    return _current_hasher().hash(password)


def dummy_hash() -> str:
    """A hash of no one's password, made as real ones are now: verifying a password against
    it when the account is unknown takes as long as against a real hash."""
    return _dummy_hash(_current_hasher())


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not-a-password")


_dummy_hash(_hasher)  # at start-up, so that no login pays for it


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problems(password: str, email: str = "") -> list[str]:
    """What is wrong with ``password`` for the account ``email``, in Russian; [] if nothing."""
    if len(password) < MIN_LENGTH:
        return [f"Пароль должен быть не короче {MIN_LENGTH} символов."]
    if len(password) > MAX_LENGTH:
        return [f"Пароль должен быть не длиннее {MAX_LENGTH} символов."]
    lowered = password.strip().lower()
    email = email.strip().lower()
    problems = []
    if lowered.isdigit():
        problems.append("Пароль не может состоять из одних цифр.")
    if len(set(lowered)) < MIN_DISTINCT:
        problems.append(f"В пароле должно быть хотя бы {MIN_DISTINCT} разных символа.")
    if email and lowered in {email, email.partition("@")[0]}:
        problems.append("Пароль не должен совпадать с адресом электронной почты.")
    if lowered in COMMON_PASSWORDS:
        problems.append("Этот пароль слишком распространён: его подбирают первым. "
                        "Придумайте другой.")
    return problems
