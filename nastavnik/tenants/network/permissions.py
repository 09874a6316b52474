"""Who may do what in network mentoring."""

from nastavnik.platform.permissions import allow, declare
from nastavnik.platform.roles import Role

NETWORK = declare(
    "network",
    # The municipal methodologist matches across schools and proposes pairs.
    match=allow(Role.METHODOLOGIST),
    # A school's staff read its network page: the agreement and the proposals.
    read=allow(Role.CURATOR, Role.DIRECTOR),
    # The curator or the director switches the school's participation on and off.
    join=allow(Role.CURATOR, Role.DIRECTOR),
    # The curator agrees to or declines a proposal on the school's behalf.
    answer=allow(Role.CURATOR),
)
