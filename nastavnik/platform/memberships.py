"""Accounts and the roles they hold: one person, several roles in several places.

An account is found by its e-mail whatever the case (``uq_users_email_lower``). Giving a
role to an address that already has an account adds the role to it, so a curator who is
also a mentor, or a mentor of two schools (network mentoring), signs in once and chooses
the place. Each change locks the account's row before it checks what the account holds:
a double-submitted form has the effect of one (the unique constraint on
``role_assignments`` is the last word for school roles).

Audit: a role held in a school is that school's business, so granting and taking it are
the school's events (account id and role code). The other levels have no stream in the
event log: their changes go to the ``nastavnik.security`` log, as in ``credentials``.
"""

from __future__ import annotations

import logging

from marshmallow import fields
from marshmallow.validate import OneOf
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.events import EventPayload, event_type, record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import Municipality, Region, RoleAssignment, School, User
from nastavnik.platform.passwords import hash_password, password_problems
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.platform.roles import Level, Role

security_log = logging.getLogger("nastavnik.security")
Place = Region | Municipality | School | None

EMAIL_TAKEN = "Эта почта уже принадлежит другой учётной записи."
ROLE_HELD = "У этой учётной записи уже есть эта роль в этом месте."
# A password no one can type: the account's owner sets one through a one-time link.
NO_PASSWORD = "!unset"
refuse_duplicates("uq_users_email_lower", {"email": [EMAIL_TAKEN]})
refuse_duplicates("uq_users_email", {"email": [EMAIL_TAKEN]})
refuse_duplicates("uq_role_assignments_user_id", {"role": [ROLE_HELD]})


@event_type("account.role_granted", "Учётной записи дана роль в школе")
class RoleGranted(EventPayload):
    account = fields.Integer(required=True, metadata={"description": "id учётной записи"})
    role = fields.String(required=True, validate=OneOf([r.value for r in Role]))


@event_type("account.role_revoked", "У учётной записи снята роль в школе")
class RoleRevoked(EventPayload):
    account = fields.Integer(required=True, metadata={"description": "id учётной записи"})
    role = fields.String(required=True, validate=OneOf([r.value for r in Role]))


def normal_email(email: str) -> str:
    return email.strip().lower()


def find_account(email: str) -> User | None:
    """The account of ``email``, whatever its case: one index lookup."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normal_email(email)))


def open_account(email: str, full_name: str, password: str | None = None) -> User:
    """A new account; without ``password`` it cannot sign in until a link sets one."""
    email = normal_email(email)
    if find_account(email) is not None:
        raise Rejected({"email": [EMAIL_TAKEN]})
    if password is not None and (problems := password_problems(password, email)):
        raise Rejected({"password": problems})
    user = User(email=email, full_name=full_name.strip(),
                password_hash=hash_password(password) if password else NO_PASSWORD)
    db.session.add(user)
    db.session.flush()
    security_log.info("account opened: account=%s", user.id)
    return user


def holds(user: User, role: Role, place: Place) -> RoleAssignment | None:
    wanted = RoleAssignment.at(role, place)
    for assignment in user.roles:
        if (assignment.role, assignment.region_id, assignment.municipality_id,
                assignment.school_id) == (wanted.role, wanted.region_id,
                                          wanted.municipality_id, wanted.school_id):
            return assignment
    return None


def grant_role(user: User, role: Role, place: Place, by: User | None,
               already: str | None = ROLE_HELD) -> RoleAssignment:
    """Give ``user`` the ``role`` at ``place``; a role it holds there is refused with
    ``already`` (or, with ``already=None``, kept as it is)."""
    role = Role(role)
    user = locked(user)  # a second submission waits here, then finds the first one's role
    db.session.refresh(user, ["roles"])
    if (held := holds(user, role, place)) is not None:
        if already is None:
            return held
        raise Rejected({"role": [already]})
    assignment = RoleAssignment.at(role, place)
    user.roles.append(assignment)
    db.session.flush()
    _audit("account.role_granted", "role granted", user, role, place, by)
    return assignment


def revoke_role(user: User, assignment: RoleAssignment, by: User | None) -> None:
    """Take one role from ``user``; an administrator keeps their own administration."""
    role = Role(assignment.role)
    if by is not None and user.id == by.id and role is Role.ADMIN:
        raise Rejected("Нельзя снять роль администратора с собственной учётной записи.")
    place = assignment.school or assignment.municipality or assignment.region
    user.roles.remove(assignment)
    db.session.flush()
    _audit("account.role_revoked", "role revoked", user, role, place, by)


def update_account(user: User, full_name: str | None, email: str | None, by: User) -> None:
    """Change the name and the address (each only if given). A new address is checked
    for being free; the person's sessions stay (the password did not change)."""
    if full_name:
        user.full_name = full_name.strip()
    if email and normal_email(email) != user.email:
        other = find_account(email)
        if other is not None and other.id != user.id:
            raise Rejected({"email": [EMAIL_TAKEN]})
        user.email = normal_email(email)
    db.session.flush()
    security_log.info("account edited: account=%s by=%s", user.id, by.id)


def _audit(event: str, line: str, user: User, role: Role, place: Place,
           by: User | None) -> None:
    if role.level is Level.SCHOOL:
        record(event, {"account": user.id, "role": role.value}, school=place)
    security_log.info("%s: account=%s role=%s place=%s by=%s", line, user.id, role.value,
                      getattr(place, "id", None), getattr(by, "id", None))
