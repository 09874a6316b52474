"""Who may do what with the mentee and mentor banks."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_STAFF, Role

BANKS = declare(
    "banks",
    # Banks hold personal data: the school's staff alone, and to others they do not exist.
    read=allow(*SCHOOL_STAFF, hidden=True),
    export=allow(*SCHOOL_STAFF, hidden=True),
    manage=allow(Role.CURATOR, hidden=True),
    fill_own_mentee=allow(Role.MENTEE, hidden=True),
    fill_own_mentor=allow(Role.MENTOR, hidden=True),
)
