"""Who may do what with a school's roadmap and a municipality's roadmap template."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_READERS, Role

ROADMAP = declare(
    "roadmap",
    read=allow(*SCHOOL_READERS),
    edit=allow(Role.CURATOR),
    # Opening a year's roadmap is a write: the curator's button, the yearly job, a new school.
    open=allow(Role.CURATOR),
)

ROADMAP_TEMPLATE = declare(
    "roadmap_template",
    read=allow(Role.METHODOLOGIST, Role.ADMIN, Role.REGIONAL_OPERATOR),
    edit=allow(Role.METHODOLOGIST, Role.ADMIN),
)
