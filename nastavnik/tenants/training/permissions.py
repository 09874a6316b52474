"""Who may do what with the training of mentors."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import Role

TRAINING = declare(
    "training",
    # The school's library and its sessions: the school's people, mentors and mentees too.
    read=allow(Role.CURATOR, Role.DIRECTOR, Role.MENTOR, Role.MENTEE),
    # The school's own materials, its set of shared ones, its sessions and attendance sheets.
    manage=allow(Role.CURATOR),
    # Who attended and who is trained: names, so only the school's staff.
    see_attendance=allow(Role.CURATOR, Role.DIRECTOR),
    # Materials and sessions the municipality shares with its schools (counts, never names).
    share_municipal=allow(Role.METHODOLOGIST),
    # Materials the region shares with every school of the region.
    share_regional=allow(Role.REGIONAL_OPERATOR),
)
