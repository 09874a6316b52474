"""Who may do what with personalized programs.

Programs name teachers and hold what they wrote, so only the school's staff and the
pair's own people read them; the levels above see the indicators only. The roles below
let a request in; whether this program is the mentor's or mentee's own is checked per
program (``views._program``), and a stranger's program answers 404.
"""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_STAFF, Role

PROGRAMS = declare(
    "programs",
    read=allow(*SCHOOL_STAFF),  # the overview of every pair's program
    manage=allow(Role.CURATOR),  # approve
    work=allow(Role.MENTOR, Role.MENTEE),  # their own programs
    open=allow(*SCHOOL_STAFF, Role.MENTOR, Role.MENTEE),  # a program's page and files
    edit=allow(Role.CURATOR, Role.MENTOR),  # goal, tasks, plan, results
)
