"""Who may do what with the school's staff list."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_STAFF, Role

TEACHERS = declare(
    "teachers",
    # Names, birth years and posts: the school's staff alone; others get 404.
    manage=allow(*SCHOOL_STAFF, hidden=True),
    # Accounts for the school's mentors and mentees: the curator, who also resets them.
    invite=allow(Role.CURATOR, hidden=True),
)
