"""Who may do what with the school's staff list."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_STAFF

TEACHERS = declare(
    "teachers",
    # Names, birth years and posts: the school's staff alone; others get 404.
    manage=allow(*SCHOOL_STAFF, hidden=True),
)
