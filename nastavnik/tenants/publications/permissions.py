"""Who may do what with the school's news."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import Role

PUBLICATIONS = declare(
    "publications",
    # Drafts and published news of the school.
    read=allow(Role.CURATOR, Role.DIRECTOR),
    # Write, publish, withdraw; the curator answers for the words published.
    manage=allow(Role.CURATOR),
)
