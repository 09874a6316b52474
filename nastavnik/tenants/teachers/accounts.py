"""A teacher's account: the curator invites a teacher of the staff list as a mentor or a
mentee, and the account is tied to that teacher (``Teacher.user_id``).

The account of the e-mail is reused if there is one (a person may hold several roles in
several places), else opened without a password. A one-time link to set the password is
issued only when the curator may reset that account at all (every role of it is this
school's mentor or mentee, ``credentials.curator_may_reset``): a curator never gets a
link to an account that is also a director, another school's mentor or an administrator
— that person signs in with their own password and finds the new role there.
"""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import fields
from marshmallow.validate import OneOf
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import credentials
from nastavnik.platform.events import EventPayload, event_type, record
from nastavnik.platform.locks import locked
from nastavnik.platform.memberships import find_account, grant_role, open_account
from nastavnik.platform.models import School, User
from nastavnik.platform.privacy import PROGRAMME_ROLES
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.platform.roles import Role
from nastavnik.tenants.teachers.models import Teacher

ANOTHER_TEACHER = ("Эта почта принадлежит учётной записи другого педагога школы: у каждого "
                   "педагога своя учётная запись.")
ALREADY_INVITED = ("Педагог уже приглашён с этой ролью. Если ссылка для входа потеряна, "
                   "выдайте новую на странице «Учётные записи».")
refuse_duplicates("uq_teachers_account", {"email": [ANOTHER_TEACHER]})


@event_type("teacher.account_linked",
            "Педагог приглашён: учётная запись связана с педагогом и получила роль в школе")
class TeacherAccountLinked(EventPayload):
    teacher = fields.UUID(required=True)
    account = fields.Integer(required=True, metadata={"description": "id учётной записи"})
    role = fields.String(required=True, validate=OneOf(sorted(r.value for r in PROGRAMME_ROLES)))


@dataclass(frozen=True)
class Invitation:
    teacher: Teacher
    account: User
    role: Role
    created: bool  # a new account, rather than one the person already had
    link_token: str | None  # the set-password link's token, shown once


def invite_teacher(school: School, teacher: Teacher, email: str, role: Role,
                   by: User) -> Invitation:
    """Give ``teacher`` an account with ``role`` in ``school`` and tie it to them."""
    role = Role(role)
    if role not in PROGRAMME_ROLES:
        raise Rejected({"role": ["Пригласить можно наставником или наставляемым."]})
    teacher = locked(teacher)  # a double submit waits here and then finds the link made
    if not teacher.employed:
        raise Rejected("Педагог выбыл из школы: пригласить его нельзя.")
    account = find_account(email)
    if teacher.user_id is not None and (account is None or account.id != teacher.user_id):
        raise Rejected({"email": ["Педагог уже связан с другой учётной записью (её почта "
                                  "указана в форме): у педагога одна учётная запись."]})
    if account is not None and _teacher_of(school, account) not in (None, teacher):
        raise Rejected({"email": [ANOTHER_TEACHER]})
    if account is not None and teacher.user_id == account.id and any(
            a.role == role and a.school_id == school.id for a in account.roles):
        raise Rejected({"role": [ALREADY_INVITED]})
    created = account is None
    if created:
        account = open_account(email, teacher.full_name)
    grant_role(account, role, school, by, already=None)
    if teacher.user_id is None:
        teacher.user_id = account.id
        db.session.flush()
    record("teacher.account_linked", {"teacher": teacher.pseudonym, "account": account.id,
                                      "role": role.value},
           school=school, stream=f"teacher:{teacher.pseudonym}")
    token = credentials.issue_link(account, by, school) \
        if credentials.curator_may_reset(account, school) else None
    return Invitation(teacher, account, role, created, token)


def _teacher_of(school: School, account: User) -> Teacher | None:
    return db.session.scalar(select(Teacher).where(
        Teacher.school_id == school.id, Teacher.user_id == account.id, Teacher.employed))


def teacher_of_account(school: School, account: User) -> Teacher | None:
    """The employed teacher of ``school`` the account belongs to: a person who teaches in
    two schools is a different record in each, so the school always narrows it."""
    return _teacher_of(school, account)


def _folded(text_: str) -> str:
    return " ".join(text_.replace("ё", "е").replace("Ё", "Е").lower().split())


def link_by_name(_sender, user: User, school: School) -> bool:
    """Tie an account the administrator gave a mentor's or mentee's role to the teacher
    of ``school`` bearing its name, if exactly one employed, unlinked teacher does."""
    if _teacher_of(school, user) is not None:
        return True
    name = _folded(user.full_name)
    candidates = [t for t in db.session.scalars(select(Teacher).where(
        Teacher.school_id == school.id, Teacher.employed, Teacher.user_id.is_(None)))
        if name and _folded(t.full_name) == name]
    if len(candidates) != 1:
        return False
    teacher = locked(candidates[0])
    if teacher.user_id is not None:
        return False
    teacher.user_id = user.id
    db.session.flush()
    role = next((Role(a.role) for a in user.roles if a.school_id == school.id
                 and Role(a.role) in PROGRAMME_ROLES), Role.MENTOR)
    record("teacher.account_linked", {"teacher": teacher.pseudonym, "account": user.id,
                                      "role": role.value},
           school=school, stream=f"teacher:{teacher.pseudonym}")
    return True
