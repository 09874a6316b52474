"""A person's name on a public page only with the consent «публикация» in force."""

from __future__ import annotations

from nastavnik.tenants.consents.purposes import PUBLICATION_PURPOSE
from nastavnik.tenants.consents.services import has_consent
from nastavnik.tenants.teachers.models import Teacher


def publishable_name(teacher: Teacher) -> str | None:
    """The teacher's name if they consented to its publication, else None."""
    return teacher.full_name if has_consent(teacher, PUBLICATION_PURPOSE) else None
