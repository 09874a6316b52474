"""Matching and support in the story: the curator answers the proposals of the matching
page (one turned down, the next accepted, which forms a pair), and every mentee still
without a pair gets a support plan. Only the capabilities' services write."""

from __future__ import annotations

import datetime as dt

from nastavnik.demo.dates import between, on
from nastavnik.demo.progress import Story
from nastavnik.platform.events import occurring_at
from nastavnik.tenants.matching.proposals import matching
from nastavnik.tenants.matching.services import accept, reject
from nastavnik.tenants.matching.support import queue, save_plan

SUPPORT = [
    ("psychologist", "Консультации по адаптации в коллективе и профилактике выгорания", 30),
    ("methodologist", "Разбор рабочей программы и посещение двух уроков с обратной связью", 45),
]


def decide_and_support(story: Story) -> None:
    """In a school with pairs formed: the curator answers the first proposal for a waiting
    mentee — rejects it, then accepts the next one — and makes a plan for the rest."""
    if story.progress.pairs:
        _answer_proposals(story)
    day = between(story.rng, on(story.year, 11, 10), on(story.year, 11, 20))
    for waiting in queue(story.school):
        with occurring_at(day):
            save_plan(story.school, waiting.mentee, [
                {"supporter": supporter, "person": "", "support": support,
                 "due_on": day + dt.timedelta(days=days)} for supporter, support, days in SUPPORT])


def _answer_proposals(story: Story) -> None:
    found = matching(story.school)
    for mentee in found.bank.mentees:
        proposals = found.proposals[mentee.key]
        if len(proposals) < 2:
            continue
        day = between(story.rng, on(story.year, 10, 20), on(story.year, 10, 30))
        with occurring_at(day):
            reject(story.school, proposals[0].mentee, proposals[0].mentor, "mentor_refused")
            accept(story.school, proposals[1].mentee, proposals[1].mentor, "traditional",
                   day, on(story.year, 5, 31))
        return
