"""Who may do what with the monitoring of the quality of mentoring."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import Role

MONITORING = declare(
    "monitoring",
    # Results per pair with the free-text answers: names, so only the school's staff.
    read=allow(Role.CURATOR, Role.DIRECTOR),
    # Sending a mid-way round and issuing personal links.
    manage=allow(Role.CURATOR),
    # A mentor or mentee answers their own requests.
    answer_own=allow(Role.MENTOR, Role.MENTEE),
)
