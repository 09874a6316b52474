"""Who may do what with matching and with support without a pair."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_STAFF, Role

MATCHING = declare(
    "matching",
    # The pages name teachers: the school's staff read them, the curator decides.
    read=allow(*SCHOOL_STAFF),
    manage=allow(Role.CURATOR),
)
