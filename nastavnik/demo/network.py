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
from nastavnik.tenants.network.rules import fits_at_home
from nastavnik.tenants.network.services import propose, set_agreement

SHOWN = ["competencies", "experience", "qualification", "formats"]


def seed_network(schools: list[School]) -> None:
    if db.session.scalar(select(NetworkAgreement.id).limit(1)) is not None:
        return  # told already
    # A mentee no mentor of the own school fits comes first: the methodologist's board
    # then shows him or her; any waiting mentee will do otherwise.
    for homeless in (True, False):
        for mentee_school, mentor_school in permutations(schools, 2):
            if mentee_school.municipality_id != mentor_school.municipality_id:
                continue
            mentee = _waiting(mentee_school, homeless)
            mentor = db.session.scalar(select(MentorEntry).where(
                MentorEntry.school_id == mentor_school.id, MentorEntry.status == "available",
                MentorEntry.network_ready).order_by(MentorEntry.id).limit(1))
            if mentee is not None and mentor is not None:
                _tell(mentee_school, mentor_school, mentee, mentor)
                return


def _waiting(school: School, homeless: bool) -> MenteeEntry | None:
    mentors = list(db.session.scalars(select(MentorEntry).where(
        MentorEntry.school_id == school.id, MentorEntry.status == "available")))
    return next((entry for entry in db.session.scalars(select(MenteeEntry).where(
        MenteeEntry.school_id == school.id, MenteeEntry.status == "waiting")
        .order_by(MenteeEntry.id)) if not homeless or not fits_at_home(entry, mentors)), None)


def _tell(mentee_school: School, mentor_school: School, mentee: MenteeEntry,
          mentor: MentorEntry) -> None:
    for school in (mentee_school, mentor_school):
        set_agreement(school, True, None)
    give_consent(mentor.teacher, NETWORK_PURPOSE, given_on=clock.today(),
                 form_reference="№ С-1", shared_fields=SHOWN)
    propose(db.session.get(Municipality, mentee_school.municipality_id), mentee.teacher,
            mentor.teacher, None)
