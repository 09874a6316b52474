"""Who may read the oversight dashboards: the levels above the schools, numbers only."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import Role

OVERSIGHT = declare(
    "oversight",
    view=allow(Role.METHODOLOGIST, Role.REGIONAL_OPERATOR, Role.ADMIN),
)
