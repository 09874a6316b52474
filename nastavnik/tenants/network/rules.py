"""Who network mentoring offers, and to whom: the four rules of a network mentor, and the
waiting mentees no mentor of their own school fits.

A mentor of one school is offered to the other schools of the municipality only when
(a) he or she answered «готов к сетевому наставничеству» in the mentor questionnaire,
(b) a consent to network mentoring is in force, naming the fields that may be shown,
(c) there are places left, the load counted across schools (``banks._refresh_mentor``),
(d) the mentor's school takes part in the municipality's network agreement.
A mentee is looked for only in a school that takes part too: the school must agree to
the pair, and it has not agreed to the network at all otherwise.

These read the banks of several schools: the municipal scope does that by itself; a
school's request reads them through ``across_municipality_of`` (``network_help_for``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.platform.tenancy import across_municipality_of
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.services import bank_template
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.purposes import NETWORK_PURPOSE
from nastavnik.tenants.matching.assignment import assign
from nastavnik.tenants.matching.scoring import Fit, Mentee, Mentor, fit, score_matrix
from nastavnik.tenants.network.models import NetworkAgreement
from nastavnik.tenants.teachers.models import Teacher

WAITING = ("waiting", "supported")  # mentees still looking for a mentor


@dataclass(frozen=True)
class NetworkMentor:
    """A mentor offered to the network, with the fields the consent lets be shown."""

    entry: MentorEntry
    teacher: Teacher
    school: School
    shared: tuple[str, ...]

    def scoring(self) -> Mentor:
        """The mentor as the scoring core sees him or her: only the consented fields, so a
        reason can never tell what the mentor did not agree to show («тот же предмет»
        would reveal the subject)."""
        shown = set(self.shared)
        entry = self.entry
        return Mentor(
            key=entry.id,
            competencies=frozenset(entry.competencies) if "competencies" in shown
            else frozenset(),
            subjects=frozenset(entry.subjects) if "subjects" in shown else frozenset(),
            experience_band=entry.experience_band if "experience" in shown else None,
            qualification=entry.qualification if "qualification" in shown else "none",
            capacity=entry.capacity, load=entry.load,
            forms=frozenset(entry.formats) if "formats" in shown else frozenset())


@dataclass(frozen=True)
class Candidate:
    mentor: NetworkMentor
    fit: Fit


def mentee_for_scoring(entry: MenteeEntry) -> Mentee:
    """A bank entry as the scoring core's ``Mentee``: the coded requests, experience and
    preferred forms (the mentee questionnaire asks no subject)."""
    return Mentee(key=entry.id, requests=frozenset(entry.difficulties),
                  experience_band=entry.experience_band, forms=frozenset(entry.formats))


def network_school_ids(municipality_id: int) -> set[int]:
    """The schools of the municipality that take part in network mentoring."""
    return set(db.session.scalars(select(NetworkAgreement.school_id).join(School).where(
        School.municipality_id == municipality_id, NetworkAgreement.taking_part)))


def offered_mentors(municipality_id: int) -> list[NetworkMentor]:
    """The mentors of the municipality that network mentoring may propose (all four rules),
    in one query."""
    rows = db.session.execute(
        select(MentorEntry, Teacher, School, ConsentRecord.shared_fields)
        .join(Teacher, MentorEntry.teacher_id == Teacher.id)
        .join(School, MentorEntry.school_id == School.id)
        .join(ConsentRecord, (ConsentRecord.teacher_id == Teacher.id)
              & (ConsentRecord.purpose == NETWORK_PURPOSE)
              & ConsentRecord.withdrawn_on.is_(None))
        .join(NetworkAgreement, (NetworkAgreement.school_id == School.id)
              & NetworkAgreement.taking_part)
        .where(School.municipality_id == municipality_id, Teacher.employed,
               MentorEntry.network_ready, MentorEntry.status == "available",
               MentorEntry.load < MentorEntry.capacity)
        .order_by(School.id, MentorEntry.id)).all()
    return [NetworkMentor(entry, teacher, school, tuple(shared or ()))
            for entry, teacher, school, shared in rows if shared]


def candidates_for(entry: MenteeEntry, offered: Sequence[NetworkMentor],
                   limit: int | None = None,
                   labels: Mapping[str, str] | None = None) -> list[Candidate]:
    """The network mentors of other schools for a waiting mentee, best fit first;
    ``labels`` name the requests in the reasons."""
    mentee = mentee_for_scoring(entry)
    found = [Candidate(mentor, fit(mentee, mentor.scoring(), labels=labels))
             for mentor in offered if mentor.school.id != entry.school_id]
    found.sort(key=lambda c: (-c.fit.score, c.mentor.entry.id))
    return found[:limit] if limit is not None else found


def best_distribution(mentees: Sequence[MenteeEntry], offered: Sequence[NetworkMentor]
                      ) -> list[tuple[MenteeEntry, NetworkMentor]]:
    """The exact best distribution across the network: each mentee at most one mentor of
    ANOTHER school, each mentor at most the places left (counted across schools), the
    total fit (of the consented fields only) as large as it can be."""
    if not mentees or not offered:
        return []
    gains = score_matrix([mentee_for_scoring(e) for e in mentees],
                         [m.scoring() for m in offered])
    own_school = (np.array([e.school_id for e in mentees])[:, None]
                  == np.array([m.school.id for m in offered])[None, :])
    gains[own_school] = np.nan  # a school's own mentors are its own matching's business
    places = [max(m.entry.capacity - m.entry.load, 0) for m in offered]
    return [(mentees[i], offered[j]) for i, j in assign(gains, places)]


def without_own_fit(municipality_id: int) -> list[MenteeEntry]:
    """The mentees waiting in the network's schools for whom no mentor of their own school
    fits: no mentor with a place left, or none whose competencies cover a request."""
    schools = network_school_ids(municipality_id)
    if not schools:
        return []
    mentees = db.session.scalars(
        select(MenteeEntry).join(Teacher, MenteeEntry.teacher_id == Teacher.id)
        .where(MenteeEntry.school_id.in_(schools), MenteeEntry.status.in_(WAITING),
               Teacher.employed)
        .order_by(MenteeEntry.school_id, MenteeEntry.entered_at, MenteeEntry.id)).all()
    own = {}
    for mentor in db.session.scalars(select(MentorEntry).join(
            Teacher, MentorEntry.teacher_id == Teacher.id).where(
            MentorEntry.school_id.in_(schools), MentorEntry.status == "available",
            MentorEntry.load < MentorEntry.capacity, Teacher.employed)):
        own.setdefault(mentor.school_id, []).append(mentor)
    return [entry for entry in mentees if not fits_at_home(entry, own.get(entry.school_id, []))]


def fits_at_home(entry: MenteeEntry, mentors: list[MentorEntry]) -> bool:
    """Some of the school's ``mentors`` with a place left covers one of the requests."""
    requests = set(entry.difficulties)
    if not requests:  # nothing asked: any mentor with a place will do
        return bool(mentors)
    return any(requests & set(mentor.competencies) for mentor in mentors)


def network_help_for(school: School, entry: MenteeEntry) -> list[Candidate]:
    """For a school's waiting queue: the network mentors of other schools who could help
    this mentee (empty when the school is not in the network). Pseudonymous: show
    ``len(...)``, or cards through ``profiles.mentor_card``, never the teacher."""
    with across_municipality_of(school):
        if school.id not in network_school_ids(school.municipality_id):
            return []
        labels = bank_template("mentees", school).question("difficulties").option_labels
        return candidates_for(entry, offered_mentors(school.municipality_id), labels=labels)


def consented_mentor(teacher: Teacher) -> NetworkMentor | None:
    """The mentor with the fields the consent in force lets be shown, whether or not
    offered now (a proposal made earlier still shows its mentor's card); None without it."""
    row = db.session.execute(
        select(MentorEntry, School, ConsentRecord.shared_fields)
        .join(School, MentorEntry.school_id == School.id)
        .join(ConsentRecord, (ConsentRecord.teacher_id == MentorEntry.teacher_id)
              & (ConsentRecord.purpose == NETWORK_PURPOSE)
              & ConsentRecord.withdrawn_on.is_(None))
        .where(MentorEntry.teacher_id == teacher.id)).first()
    if row is None or not row.shared_fields:
        return None
    return NetworkMentor(row.MentorEntry, teacher, row.School, tuple(row.shared_fields))
