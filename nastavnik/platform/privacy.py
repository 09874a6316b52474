"""Personal data stays in the school: one rule for who reads its people's names.

A school's teachers, curator and director are the school's personal data (152-ФЗ): the
school is the operator, and the consent or the labour relation that allows processing
is with it. The levels above (municipal methodologist, regional operator, platform
administrator) supervise the programme through counts, statuses and document numbers
and dates, never names. Views and templates ask ``sees_names()``; pages and files that
cannot be shown without names are refused by their capability's permission table (e.g.
``documents.download``, hidden: 404, so their existence is not revealed either). The
decision per page is in docs/personal-data.md.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

from nastavnik.platform.models import School, User
from nastavnik.platform.permissions import allow, can, declare
from nastavnik.platform.roles import Level, Role

# What an erased name reads as, in the staff list, the pairs and the accounts alike.
ERASED = "Удалено"
# The roles a teacher holds because of the mentoring programme (and so of the consent);
# a curator's or director's post rests on the appointment order, not on a consent.
PROGRAMME_ROLES = frozenset({Role.MENTOR, Role.MENTEE})


# The one rule, declared like every permission: names are read by the school's own
# people (a school-level role there); a role above the school reaches it for
# supervision, not for names.
PEOPLE = declare("people", see_names=allow(Role.CURATOR, Role.DIRECTOR, Role.MENTOR,
                                           Role.MENTEE))


def sees_names() -> bool:
    """May the viewer read the names of the current school's people?"""
    return can(PEOPLE.see_names)


def kept_by_the_school(user: User) -> bool:
    """Is ``user`` one of a school's people (every role of the account held in a school)?

    Such an account's name and e-mail are the school's personal data: the platform
    administrator manages it by its number, role and place, never by name. An account
    with no role left counts as one too: it is most often a school person's whose roles
    were taken (a teacher who left the school), and taking a role must not reveal a name.
    """
    return all(Role(a.role).level is Level.SCHOOL for a in user.roles)


def erase_account(user: User, school: School) -> None:
    """Erase the account of a teacher whose personal data were erased (152-ФЗ, ст. 21).

    The row stays (events, consents and documents refer to it by id), but it no longer
    names anyone and can no longer sign in: deactivated, name and e-mail replaced, the
    password hash one that matches no password. The mentor or mentee role at ``school``
    goes with it. An account that still holds another post keeps the person's name: that
    post is processed on its own basis (the appointment), not on the withdrawn consent.
    """
    for assignment in list(user.roles):
        if assignment.school_id == school.id and Role(assignment.role) in PROGRAMME_ROLES:
            user.roles.remove(assignment)
    if user.roles:
        return
    user.active = False
    user.full_name = ERASED
    user.email = f"erased-{user.id}@erased.invalid"
    user.password_hash = "!erased"


# Paths whose last segment is a secret (a personal questionnaire or monitoring link's
# token). Access logs must not keep them: a log is read by more people than the link was
# meant for.
_SECRET_PATHS = re.compile(r"(/(?:monitoring-)?anketa/)(?!spasibo\b)[^\s/?\"]+")
REDACTED = r"\1[скрыто]"


def redact(line: str) -> str:
    return _SECRET_PATHS.sub(REDACTED, line)


class RedactSecretPaths(logging.Filter):
    """Rewrite a log record so that no secret path segment reaches any handler.

    Works for werkzeug's development log (the request line is in ``args``) and for
    gunicorn's access log (``args`` is a dict of atoms: request line, path, URI).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            # In place: gunicorn's atoms are a dict subclass that answers missing keys.
            for key, value in list(record.args.items()):
                if isinstance(value, str):
                    record.args[key] = redact(value)
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install_log_redaction(*logger_names: str) -> None:
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecretPaths) for f in logger.filters):
            logger.addFilter(RedactSecretPaths())


def init_app(app: Flask) -> None:
    app.add_template_global(kept_by_the_school, "kept_by_the_school")
    app.add_template_global(sees_names, "sees_names")
    install_log_redaction("werkzeug", "gunicorn.access")
