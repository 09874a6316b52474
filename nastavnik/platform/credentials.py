"""Changing what lets a person in: passwords, one-time reset links, deactivation.

Each change ends the account's sessions everywhere (``User.end_sessions``) and revokes
its open reset links. A reset link is a random token handed over by the administrator
or the school's curator; only its SHA-256 is stored (the token has 256 bits of entropy,
so a fast hash is enough, as for Django's and Rails' reset tokens), it expires and is
used at most once — even by two concurrent submissions.

Audit: a link issued by a curator concerns the school, so issuing and using it are
events of that school (account ids only). The administrator's actions are
platform-wide and the event log has no platform stream: they go to the
``nastavnik.security`` log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from marshmallow import fields
from sqlalchemy import DateTime, ForeignKey, String, func, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import EventPayload, event_type, record
from nastavnik.platform.i18n import plural
from nastavnik.platform.models import School, User
from nastavnik.platform.passwords import hash_password, password_problems, verify_password
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role

LINK_HOURS = 24
LINK_LIFETIME = dt.timedelta(hours=LINK_HOURS)
# A curator hands links only to the accounts that are nothing but the school's mentors
# and mentees: a link for an account with any other role would let a curator take over
# a director, a coordinator or an administrator.
CURATOR_RESETTABLE = frozenset({Role.MENTOR, Role.MENTEE})
LINK_VALIDITY = plural(LINK_HOURS, "час", "часа", "часов")
BAD_LINK = ("Ссылка для сброса пароля недействительна: она неверна, уже использована "
            f"или срок её действия ({LINK_VALIDITY}) истёк. Попросите выдать новую.")

security_log = logging.getLogger("nastavnik.security")


@event_type("account.reset_link_issued",
            "Куратор выдал ссылку для сброса пароля учётной записи школы")
class ResetLinkIssued(EventPayload):
    account = fields.Integer(required=True, metadata={"description": "id учётной записи"})


@event_type("account.password_reset", "Пароль учётной записи школы изменён по ссылке для сброса")
class PasswordResetDone(EventPayload):
    account = fields.Integer(required=True, metadata={"description": "id учётной записи"})


class PasswordReset(db.Model):
    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The school whose curator issued the link; None when the administrator did.
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.current_timestamp())

    user: Mapped[User] = relationship(foreign_keys=[user_id])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _open(query):
    return query.where(PasswordReset.used_at.is_(None), PasswordReset.expires_at > clock.now())


def curator_may_reset(user: User, school: School) -> bool:
    """Whether ``school``'s curator may issue a link for ``user`` (see CURATOR_RESETTABLE)."""
    return bool(user.roles) and all(
        a.role in CURATOR_RESETTABLE and a.school_id == school.id for a in user.roles)


def issue_link(user: User, issuer: User, school: School | None = None) -> str:
    """Store a new reset link for ``user`` and return its token: shown once, never stored."""
    _revoke_links(user)
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=_digest(token),
                                 issued_by_id=issuer.id, school_id=school.id if school else None,
                                 expires_at=clock.now() + LINK_LIFETIME))
    if school is not None:
        record("account.reset_link_issued", {"account": user.id}, school=school)
    else:
        security_log.info("reset link issued: account=%s by=%s", user.id, issuer.id)
    db.session.flush()
    return token


def link_holder(token: str) -> User | None:
    """The account an open link ``token`` resets, or None. Reads only."""
    return db.session.scalar(_open(
        select(User).join(PasswordReset, PasswordReset.user_id == User.id)
        .where(PasswordReset.token_hash == _digest(token))))


def link_school(token: str) -> School | None:
    """The school whose curator issued the open link ``token`` (None: the administrator)."""
    return db.session.scalar(_open(
        select(School).join(PasswordReset, PasswordReset.school_id == School.id)
        .where(PasswordReset.token_hash == _digest(token))))


def reset_password(token: str, password: str) -> User:
    """Set ``password`` through the link ``token``, which is used up."""
    user = link_holder(token)
    if user is None:
        raise Rejected({"token": [BAD_LINK]})
    _check_policy("password", password, user)
    # One conditional UPDATE: of two concurrent submissions only one finds the link open.
    used = db.session.execute(_open(
        update(PasswordReset).where(PasswordReset.token_hash == _digest(token)))
        .values(used_at=clock.now()).returning(PasswordReset.school_id)).first()
    if used is None:
        raise Rejected({"token": [BAD_LINK]})
    _set_password(user, password)
    if used.school_id is not None:
        record("account.password_reset", {"account": user.id},
               school=db.session.get(School, used.school_id), actor_id=user.id)
    else:
        security_log.info("password reset by link: account=%s", user.id)
    return user


def change_password(user: User, current: str, password: str) -> None:
    """The person's own change: the current password first, then the policy."""
    if not verify_password(user.password_hash, current):
        raise Rejected({"current_password": ["Текущий пароль указан неверно."]})
    if password == current:
        raise Rejected({"password": ["Новый пароль совпадает с текущим."]})
    _check_policy("password", password, user)
    _set_password(user, password)
    security_log.info("password changed: account=%s", user.id)


def set_active(user: User, active: bool, by: User) -> None:
    """Deactivate (ending every session at once) or reactivate an account."""
    if user.id == by.id and not active:
        raise Rejected({"_schema": ["Нельзя отключить собственную учётную запись."]})
    user.active = active
    if not active:
        user.end_sessions()
        _revoke_links(user)
    db.session.flush()
    security_log.info("account %s: account=%s by=%s",
                      "activated" if active else "deactivated", user.id, by.id)


def _check_policy(field: str, password: str, user: User) -> None:
    if problems := password_problems(password, user.email):
        raise Rejected({field: problems})


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.end_sessions()
    _revoke_links(user)
    db.session.flush()


def _revoke_links(user: User) -> None:
    db.session.execute(_open(update(PasswordReset).where(PasswordReset.user_id == user.id))
                       .values(used_at=clock.now()))
