"""Network mentoring in the demo: the first two schools of a municipality that have a
waiting mentee and a mentor ready for network mentoring join the network; that mentor
consents to be offered (showing competencies, experience, qualification and forms of
work) and the methodologist proposes him or her for a waiting mentee of the other school.
The two schools' curators find the proposal on their «Сетевое наставничество» page."""

from __future__ import annotations

from itertools import permutations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import Municipality, School
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.consents.purposes import NETWORK_PURPOSE
from nastavnik.tenants.consents.services import give_consent
from nastavnik.tenants.network.models import NetworkAgreement
from nastavnik.tenants.network.services import propose, set_agreement

SHOWN = ["competencies", "experience", "qualification", "formats"]


def seed_network(schools: list[School]) -> None:
    if db.session.scalar(select(NetworkAgreement.id).limit(1)) is not None:
        return  # told already
    for mentee_school, mentor_school in permutations(schools, 2):
        if mentee_school.municipality_id != mentor_school.municipality_id:
            continue
        mentee = _first(MenteeEntry, mentee_school, MenteeEntry.status == "waiting")
        mentor = _first(MentorEntry, mentor_school, MentorEntry.status == "available",
                        MentorEntry.network_ready)
        if mentee is not None and mentor is not None:
            _tell(mentee_school, mentor_school, mentee, mentor)
            return


def _first(model, school: School, *where):
    return db.session.scalar(select(model).where(model.school_id == school.id, *where)
                             .order_by(model.id).limit(1))


def _tell(mentee_school: School, mentor_school: School, mentee: MenteeEntry,
          mentor: MentorEntry) -> None:
    for school in (mentee_school, mentor_school):
        set_agreement(school, True, None)
    give_consent(mentor.teacher, NETWORK_PURPOSE, given_on=clock.today(),
                 form_reference="№ С-1", shared_fields=SHOWN)
    propose(db.session.get(Municipality, mentee_school.municipality_id), mentee.teacher,
            mentor.teacher, None)
