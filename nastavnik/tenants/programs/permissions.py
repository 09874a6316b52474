"""Who may do what with personalized programs.

Programs name teachers and hold what they wrote, so only the school's staff and the
pair's own people read them; the levels above see the indicators only.
"""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_STAFF, Role

PROGRAMS = declare(
    "programs",
    read=allow(*SCHOOL_STAFF),
    manage=allow(Role.CURATOR),
    # A mentor or mentee works in the programs of their own pairs (checked per program).
    work=allow(Role.MENTOR, Role.MENTEE),
)
