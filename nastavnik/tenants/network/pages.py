"""What the network pages show, built from the rules and the proposals: the municipal
methodologist's board (codes only, never a name) and each school's proposals (the other
side under its code until both schools agreed, then by name)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import Municipality, School
from nastavnik.platform.tenancy import across_municipality_of
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.matching.scoring import Fit, fit
from nastavnik.tenants.network.models import ANSWERS, NetworkProposal, ProposalStatus
from nastavnik.tenants.network.profiles import (
    mentee_code,
    mentee_requests,
    mentor_card,
    mentor_code,
    request_labels,
)
from nastavnik.tenants.network.rules import (
    best_distribution,
    candidates_for,
    consented_mentor,
    mentee_for_scoring,
    network_school_ids,
    offered_mentors,
    without_own_fit,
)
from nastavnik.tenants.network.services import proposals_in, proposals_of, side_of
from nastavnik.tenants.teachers.models import Teacher

SHOWN_CANDIDATES = 5
STATUS_WORDS = {ProposalStatus.PROPOSED: "ждёт ответа школ",
                ProposalStatus.AGREED: "обе школы согласились, пара сформирована",
                ProposalStatus.DECLINED: "отклонено"}


@dataclass
class CandidateRow:
    teacher_id: int
    code: str
    school: str
    fit: Fit
    card: list[tuple[str, str]]
    proposed: bool


@dataclass
class WaitingRow:
    teacher_id: int
    code: str
    school: str
    requests: list[str]
    candidates: list[CandidateRow] = field(default_factory=list)


@dataclass
class ProposalRow:
    id: int
    mentee: str  # a code, or the name once both schools agreed (schools' pages only)
    mentee_school: str
    mentee_requests: list[str]
    mentor: str
    mentor_school: str
    mentor_card: list[tuple[str, str]]
    status: str
    mentee_answer: str | None
    mentor_answer: str | None
    side: str | None = None  # the reading school's side
    open: bool = False
    answered: bool = False


@dataclass
class DistributedRow:
    """A pair of the network's best distribution, under codes."""

    mentee_id: int
    mentee: str
    mentee_school: str
    mentor_id: int
    mentor: str
    mentor_school: str
    score: float
    proposed: bool


@dataclass
class Board:
    waiting: list[WaitingRow]
    distribution: list[DistributedRow]

    @property
    def total(self) -> float:
        return round(sum(row.score for row in self.distribution), 6)


def municipal_board(municipality: Municipality) -> Board:
    """The mentees no mentor of their own school fits, each with the best network mentors
    of other schools (codes, schools, requests, scores and consented fields only), and the
    exact best distribution of all of them across the network."""
    offered, waiting = offered_mentors(municipality.id), without_own_fit(municipality.id)
    schools = _school_names(municipality.id)
    open_pairs = {(p.mentee_id, p.mentor_id) for p in proposals_in(municipality)
                  if p.status == ProposalStatus.PROPOSED}
    return Board(_waiting_rows(waiting, offered, schools, open_pairs), [
        DistributedRow(entry.teacher_id, mentee_code(entry.teacher.pseudonym),
                       schools[entry.school_id], mentor.teacher.id,
                       mentor_code(mentor.teacher.pseudonym), mentor.school.short_name,
                       float(fit(mentee_for_scoring(entry), mentor.scoring()).score),
                       (entry.teacher_id, mentor.teacher.id) in open_pairs)
        for entry, mentor in best_distribution(waiting, offered)])


def _waiting_rows(waiting: list[MenteeEntry], offered: list, schools: dict[int, str],
                  open_pairs: set[tuple[int, int]]) -> list[WaitingRow]:
    cards = {m.teacher.id: mentor_card(m) for m in offered}
    labels: dict[int, dict[str, str]] = {}  # each school's request words, asked once
    rows = []
    for entry in waiting:
        words = labels.setdefault(entry.school_id, request_labels(entry))
        rows.append(WaitingRow(
            entry.teacher_id, mentee_code(entry.teacher.pseudonym), schools[entry.school_id],
            [words.get(code, code) for code in entry.difficulties],
            [CandidateRow(c.mentor.teacher.id, mentor_code(c.mentor.teacher.pseudonym),
                          c.mentor.school.short_name, c.fit, cards[c.mentor.teacher.id],
                          (entry.teacher_id, c.mentor.teacher.id) in open_pairs)
             for c in candidates_for(entry, offered, SHOWN_CANDIDATES, labels=words)]))
    return rows


def municipal_proposals(municipality: Municipality) -> list[ProposalRow]:
    return [_row(p, revealed=False) for p in proposals_in(municipality)]


def school_proposals(school: School) -> list[ProposalRow]:
    """The proposals the school is a side of. The other school's teacher is read across
    the municipality: by code and consented fields, by name once both schools agreed."""
    with across_municipality_of(school):
        rows = []
        for proposal in proposals_of(school):
            row = _row(proposal, revealed=proposal.status == ProposalStatus.AGREED,
                       own_school=school)
            row.side = side_of(proposal, school)
            row.answered = getattr(proposal, f"{row.side}_school_answer") is not None
            rows.append(row)
        return rows


def _row(proposal: NetworkProposal, revealed: bool,
         own_school: School | None = None) -> ProposalRow:
    mentee = db.session.get(Teacher, proposal.mentee_id)
    mentor = db.session.get(Teacher, proposal.mentor_id)
    entry = db.session.scalar(select(MenteeEntry).where(MenteeEntry.teacher_id == mentee.id))
    consented = consented_mentor(mentor)
    own = own_school.id if own_school is not None else None
    # A school sees its own teacher by name; the other side's only once both agreed.
    return ProposalRow(
        proposal.id,
        mentee.full_name if revealed or own == mentee.school_id
        else mentee_code(mentee.pseudonym),
        db.session.get(School, proposal.mentee_school_id).short_name,
        mentee_requests(entry) if entry is not None else [],
        mentor.full_name if revealed or own == mentor.school_id
        else mentor_code(mentor.pseudonym),
        db.session.get(School, proposal.mentor_school_id).short_name,
        mentor_card(consented) if consented is not None else [],
        STATUS_WORDS[ProposalStatus(proposal.status)],
        ANSWERS.get(proposal.mentee_school_answer or ""),
        ANSWERS.get(proposal.mentor_school_answer or ""),
        open=proposal.status == ProposalStatus.PROPOSED)


def _school_names(municipality_id: int) -> dict[int, str]:
    return dict(db.session.execute(select(School.id, School.short_name).where(
        School.municipality_id == municipality_id)).all())


def network_schools(municipality: Municipality) -> list[str]:
    ids = network_school_ids(municipality.id)
    return [name for school_id, name in sorted(_school_names(municipality.id).items(),
                                                key=lambda item: item[1])
            if school_id in ids]
