"""Who may do what with consents to personal data processing (152-ФЗ)."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_STAFF, Role

CONSENTS = declare(
    "consents",
    read=allow(*SCHOOL_STAFF, hidden=True),
    record=allow(Role.CURATOR, hidden=True),
)
