"""Proposals of mentors for the school's waiting mentees, and the best distribution.

Read on every GET of the matching pages and never written: the page is the bank as it is
now, scored with the school's weights. A mentor the curator rejected for a mentee is
never proposed to that mentee again in the same wait (``rejected_pairs``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.matching.assignment import assign
from nastavnik.tenants.matching.bank import (
    Bank,
    mentee_of,
    mentor_of,
    option_labels,
    read_bank,
    subject_codes,
)
from nastavnik.tenants.matching.models import MatchingDecision, MatchingWeights
from nastavnik.tenants.matching.scoring import Mentee, Mentor, Weights, fit, score_matrix
from nastavnik.tenants.teachers.models import Teacher

TOP = 3  # proposals shown per mentee
WEIGHT_FIELDS = ("requests", "subject", "experience", "qualification", "capacity", "forms")


@dataclass(frozen=True)
class Proposal:
    mentee: Teacher
    mentor: Teacher
    score: float
    reasons: tuple[str, ...]


@dataclass
class Matching:
    """What the curator's page shows: per mentee the best proposals, and the best
    distribution of the whole bank (each mentor within his or her places)."""

    bank: Bank
    proposals: dict[int, list[Proposal]]  # by mentee teacher id
    optimal: list[Proposal]
    unassigned: list[Teacher]

    @property
    def optimal_total(self) -> float:
        return round(sum(p.score for p in self.optimal), 2)


def school_weights(school: School) -> Weights:
    row = db.session.scalar(select(MatchingWeights).where(MatchingWeights.school_id == school.id))
    if row is None:
        return Weights()
    return Weights(**{name: getattr(row, name) for name in WEIGHT_FIELDS})


def current_round(mentee_id: int) -> int:
    """How many times the mentee was paired from a proposal: each new wait is a new round."""
    return db.session.scalar(select(func.count(MatchingDecision.id)).where(
        MatchingDecision.mentee_id == mentee_id, MatchingDecision.pair_id.is_not(None)))


def rejected_pairs(school: School) -> set[tuple[int, int]]:
    """(mentee, mentor) the curator turned down in the mentee's current wait."""
    formed = (select(MatchingDecision.mentee_id, func.count().label("rounds"))
              .where(MatchingDecision.school_id == school.id,
                     MatchingDecision.pair_id.is_not(None))
              .group_by(MatchingDecision.mentee_id).subquery())
    rows = db.session.execute(
        select(MatchingDecision.mentee_id, MatchingDecision.proposed_id)
        .outerjoin(formed, formed.c.mentee_id == MatchingDecision.mentee_id)
        .where(MatchingDecision.school_id == school.id,
               MatchingDecision.decision == "rejected",
               MatchingDecision.round == func.coalesce(formed.c.rounds, 0)))
    return {(mentee, mentor) for mentee, mentor in rows}


def allowed_gains(bank: Bank, weights: Weights, rejected: set[tuple[int, int]]) -> np.ndarray:
    """The scores of every mentee × mentor; NaN where the mentor was rejected for the
    mentee, or is the mentee (a teacher may be in both banks)."""
    gains = score_matrix(bank.mentees, bank.mentors, weights)
    for i, mentee in enumerate(bank.mentees):
        for j, mentor in enumerate(bank.mentors):
            if (mentee.key, mentor.key) in rejected or mentee.key == mentor.key:
                gains[i, j] = np.nan
    return gains


def matching(school: School, top: int = TOP) -> Matching:
    bank, weights = read_bank(school), school_weights(school)
    rejected = rejected_pairs(school)
    gains = allowed_gains(bank, weights, rejected)

    def proposal(mentee: Mentee, mentor: Mentor) -> Proposal:
        found = fit(mentee, mentor, weights, bank.labels)
        return Proposal(bank.teachers[mentee.key], bank.teachers[mentor.key], found.score,
                        found.reasons)

    proposals = {}
    for i, mentee in enumerate(bank.mentees):
        order = [j for j in np.argsort(-np.nan_to_num(gains[i], nan=-np.inf), kind="stable")
                 if not np.isnan(gains[i, j])]
        proposals[mentee.key] = [proposal(mentee, bank.mentors[j]) for j in order[:top]]
    chosen = assign(gains, [m.places_left for m in bank.mentors])
    optimal = [proposal(bank.mentees[i], bank.mentors[j]) for i, j in sorted(chosen)]
    placed = {p.mentee.id for p in optimal}
    return Matching(bank, proposals, optimal,
                    [bank.teachers[m.key] for m in bank.mentees if m.key not in placed])


def fit_of(school: School, mentee: MenteeEntry, mentor: MentorEntry) -> Proposal:
    """The score and reasons of ``mentor`` for ``mentee`` by their bank entries now, as the
    page showed them (whatever the mentor's status since: the decision records them)."""
    found = fit(mentee_of(mentee, subject_codes(school)), mentor_of(mentor),
                school_weights(school), option_labels(school))
    return Proposal(mentee.teacher, mentor.teacher, found.score, found.reasons)
