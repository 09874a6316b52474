"""Who may do what with the school's documents.

The curator runs the documents; the director approves them, and the curator, who keeps
the school's records, may register an approval the director signed on paper.
Methodologists and regional operators read; mentors and mentees read only what concerns
them: the approved Regulation and the approved orders that name them (their pair order),
on their own page (``pairs.my_documents``).
"""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import Role

DOCUMENTS = declare(
    "documents",
    read=allow(Role.CURATOR, Role.DIRECTOR, Role.METHODOLOGIST, Role.REGIONAL_OPERATOR,
               Role.ADMIN),
    # The files name the school's people (orders appoint them, the pair order lists
    # them): the school's curator and director alone; above the school they do not exist.
    download=allow(Role.CURATOR, Role.DIRECTOR, hidden=True),
    edit=allow(Role.CURATOR),
    approve=allow(Role.DIRECTOR, Role.CURATOR),
    # The director approves in person; the curator's approval registers a paper signature.
    sign=allow(Role.DIRECTOR),
    upload_scan=allow(Role.CURATOR, Role.DIRECTOR),
    read_own=allow(Role.MENTOR, Role.MENTEE, hidden=True),
)
