"""Personal questionnaire links: a signed, expiring token naming one teacher and one bank.

The curator sends the link to a teacher without an account; it opens only that
teacher's questionnaire and only for 30 days. The token holds the pseudonym, never a name.
"""

from __future__ import annotations

import uuid

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "nastavnik.banks.personal-link"
MAX_AGE = 30 * 24 * 3600


class LinkInvalid(Exception):
    """The link is forged, damaged or expired; ``message`` says which, in Russian."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def make_token(pseudonym: uuid.UUID, bank: str) -> str:
    return _serializer().dumps({"teacher": str(pseudonym), "bank": bank})


def read_token(token: str) -> tuple[uuid.UUID, str]:
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
        return uuid.UUID(data["teacher"]), data["bank"]
    except SignatureExpired as error:
        raise LinkInvalid("Срок действия ссылки истёк (ссылка действует 30 дней). "
                          "Попросите куратора наставничества выдать новую.") from error
    except (BadSignature, KeyError, TypeError, ValueError) as error:
        raise LinkInvalid("Ссылка повреждена или недействительна. Проверьте, что она "
                          "скопирована полностью, или попросите куратора выдать новую.") from error
