"""Personal questionnaire links: issued, opened and revoked (the only writer of them).

The curator issues a link to a teacher without an account. The link is a stored row
(teacher, bank, expiry, revocation) and a signed token that names only that row: it
opens the questionnaire of that one bank for that one teacher, for a few days
(``PERSONAL_LINK_DAYS``), until the curator revokes it or the teacher's consent ends.

The token must not linger where others read it. The link page trades it for a short
session marker and redirects to a URL without it; the access logs redact it
(``platform.privacy``); the pages send ``Referrer-Policy: no-referrer`` and
``Cache-Control: no-store``.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.rejections import Rejected
from nastavnik.tenants.banks.models import PersonalLink
from nastavnik.tenants.teachers.models import Teacher

SALT = "nastavnik.banks.personal-link.v2"
MARKER = "personal_link"  # the session key that stands for the token after the exchange


DAMAGED = ("Ссылка повреждена или недействительна. Проверьте, что она скопирована полностью, "
           "или попросите куратора наставничества выдать новую.")
CLOSED = ("Ссылка больше не действует: срок её действия истёк или куратор её отозвал. "
          "Попросите куратора наставничества выдать новую.")
NO_MARKER = ("Анкета открывается только по персональной ссылке. Откройте ссылку, которую "
             "прислал куратор наставничества, ещё раз.")


def link_days() -> int:
    return int(current_app.config["PERSONAL_LINK_DAYS"])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def issue_link(teacher: Teacher, bank: str, issued_by: int | None) -> str:
    """Store a new link for ``teacher`` and ``bank`` and return its token (the caller commits)."""
    now = clock.now()
    link = PersonalLink(school_id=teacher.school_id, teacher_id=teacher.id, bank=bank,
                        issued_by=issued_by, issued_at=now,
                        expires_at=now + dt.timedelta(days=link_days()))
    db.session.add(link)
    db.session.flush()
    return _serializer().dumps({"link": link.id})


def open_links(teacher: Teacher, bank: str) -> list[PersonalLink]:
    """The teacher's links for ``bank`` that still open, newest first."""
    return [link for link in db.session.scalars(
        select(PersonalLink).where(PersonalLink.teacher_id == teacher.id,
                                   PersonalLink.bank == bank, PersonalLink.revoked_at.is_(None))
        .order_by(PersonalLink.id.desc())) if link.open_at(clock.now())]


def revoke_link(link: PersonalLink) -> None:
    if link.revoked_at is not None:
        raise Rejected({"link": ["Ссылка уже отозвана."]})
    link.revoked_at = clock.now()
    db.session.flush()


def revoke_all(teacher: Teacher, bank: str) -> None:
    """Close every link of ``teacher`` for ``bank`` (the basis for it has ended)."""
    for link in open_links(teacher, bank):
        link.revoked_at = clock.now()
    db.session.flush()


def link_of_token(token: str) -> PersonalLink:
    """The open link ``token`` names; a refusal if forged, expired or revoked."""
    try:
        data = _serializer().loads(token, max_age=link_days() * 24 * 3600)
        link_id = int(data["link"])
    except SignatureExpired as error:
        raise Rejected(CLOSED) from error
    except (BadSignature, KeyError, TypeError, ValueError) as error:
        raise Rejected(DAMAGED) from error
    return _open(link_id)


def _open(link_id: int) -> PersonalLink:
    link = db.session.get(PersonalLink, link_id)
    if link is None or not link.open_at(clock.now()):
        raise Rejected(CLOSED)
    return link


def remember(link: PersonalLink) -> None:
    """Let this browser fill the link's questionnaire for a short while, without the token."""
    until = clock.now() + dt.timedelta(minutes=current_app.config["PERSONAL_LINK_SESSION_MINUTES"])
    session[MARKER] = {"link": link.id, "until": until.timestamp()}


def remembered() -> PersonalLink:
    """The link this browser opened, if still open; a refusal otherwise."""
    marker = session.get(MARKER)
    if not isinstance(marker, dict) or not isinstance(marker.get("link"), int) \
            or not isinstance(marker.get("until"), int | float):
        raise Rejected(NO_MARKER)
    if clock.now().timestamp() > marker["until"]:
        forget()
        raise Rejected(NO_MARKER)
    return _open(marker["link"])


def forget() -> None:
    session.pop(MARKER, None)
