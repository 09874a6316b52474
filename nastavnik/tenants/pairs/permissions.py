"""Who may do what with pairs and groups."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_READERS, Role

PAIRS = declare(
    "pairs",
    # The list shows the upper levels forms, periods and statuses, never names.
    read=allow(*SCHOOL_READERS),
    manage=allow(Role.CURATOR),
    # A mentor or mentee sees their own pair or group on the school page.
    see_own=allow(Role.MENTOR, Role.MENTEE),
)
