"""Who may do what with the school's documents.

The curator runs the documents; the director approves them, and the curator, who keeps
the school's records, may register an approval the director signed on paper.
Methodologists and regional operators read; mentors and mentees have no business here.
"""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import Role

DOCUMENTS = declare(
    "documents",
    read=allow(Role.CURATOR, Role.DIRECTOR, Role.METHODOLOGIST, Role.REGIONAL_OPERATOR,
               Role.ADMIN),
    edit=allow(Role.CURATOR),
    approve=allow(Role.DIRECTOR, Role.CURATOR),
    # The director approves in person; the curator's approval registers a paper signature.
    sign=allow(Role.DIRECTOR),
    upload_scan=allow(Role.CURATOR, Role.DIRECTOR),
)
