"""Who may do what with the methodical bank; each status step names one of these
(``transitions.py``)."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import SCHOOL_READERS, Role

PRACTICES = declare(
    "practices",
    # The school's copilka: its staff and the levels above (who see no names there).
    read=allow(*SCHOOL_READERS, Role.MENTOR),
    # The curator submits any practice of the school; a mentor submits their own.
    submit=allow(Role.CURATOR),
    submit_own=allow(Role.MENTOR),
    mark_best=allow(Role.DIRECTOR),
    propose_municipality=allow(Role.CURATOR),
    choose_municipality=allow(Role.METHODOLOGIST),
    propose_region=allow(Role.METHODOLOGIST),
    choose_region=allow(Role.REGIONAL_OPERATOR),
    # The collections of a municipality and a region.
    collection=allow(Role.METHODOLOGIST, Role.REGIONAL_OPERATOR, Role.ADMIN),
)
