"""How far each demo school has come by late autumn: the knobs of its story.

Schools differ on purpose, so that the municipal methodologist sees some far ahead
(documents approved, banks full, pairs formed) and some behind with overdue work.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.roadmap.statuses import Status

STAGE_ONE = (DocumentKind.REGULATION_ORDER, DocumentKind.REGULATION, DocumentKind.ROADMAP,
             DocumentKind.PROGRAM_TEMPLATE)


@dataclass(frozen=True)
class Progress:
    label: str
    approved: tuple[DocumentKind, ...] = ()  # created and approved by the director
    drafts: tuple[DocumentKind, ...] = ()  # created, awaiting approval
    mentee_share: float = 0.0  # of the school's potential mentees, how many gave consent
    entered_share: float = 0.0  # of those, how many answered the questionnaire
    mentors: int = 0  # experienced teachers who consented and answered
    entered_mentors: bool = True
    pairs: int = 0  # pairs (and groups) formed this year, at most
    group: bool = False
    supported: int = 0  # mentees the curator supports while the search goes on
    waiting: int = 0  # mentees who answered late and still wait for a mentor
    pair_order: bool = False  # the order fixing this year's pairs, approved
    last_year_done: float = 1.0  # share of last year's roadmap done
    # Training of mentors (``demo/training.py``): 0 none, 1 a shared material in the
    # school's set, 2 also its own material and its установочная сессия with the sheet.
    training: int = 0
    # Activities no event completes, as the curator marked them this year.
    marked: dict[str, Status] = field(default_factory=dict)


AHEAD = Progress(
    "впереди", approved=STAGE_ONE, mentee_share=1.0, entered_share=1.0, mentors=7, pairs=99,
    group=True, supported=1, waiting=1, pair_order=True, last_year_done=1.0, training=2,
    marked={"7.1": Status.IN_PROGRESS})
ON_TRACK = Progress(
    "в графике", approved=STAGE_ONE[:2], drafts=STAGE_ONE[2:], mentee_share=0.8,
    entered_share=0.8, mentors=4, pairs=2, supported=1, last_year_done=0.9, training=1,
    marked={"7.1": Status.IN_PROGRESS})
BEHIND = Progress(
    "отстаёт", drafts=STAGE_ONE[:2], mentee_share=0.5, entered_share=0.5, mentors=2,
    entered_mentors=False, last_year_done=0.8, marked={"1.1": Status.IN_PROGRESS})
IDLE = Progress("не начинала", last_year_done=0.65)

# By school slug (``hierarchy.MUNICIPALITIES``); each municipality has every kind.
SCHOOLS = {
    "zar-sosh-1": AHEAD, "zar-sosh-2": BEHIND, "zar-licey-3": AHEAD, "zar-gimn": ON_TRACK,
    "oz-ssh": ON_TRACK, "oz-berez": IDLE, "oz-sosn": AHEAD, "oz-lug": BEHIND,
}
# Pairs of last year whose programs ended in May, and consents withdrawn this autumn.
FINISHED_PAIRS = {"zar-licey-3": 2}
WITHDRAWALS = {"zar-sosh-1": 1}


@dataclass
class Story:
    """What every chapter of one school's story reads: where, how far, when, which dice."""

    school: School
    progress: Progress
    year: int  # the academic year told, by its start year
    rng: random.Random
    today: dt.date = field(default_factory=clock.today)
