"""Who may see and record the final event."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import Role

FINAL_EVENT = declare(
    "final_event",
    # Names of participants and nominees: the school only.
    read=allow(Role.CURATOR, Role.DIRECTOR),
    manage=allow(Role.CURATOR),
)
