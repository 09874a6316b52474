"""The school's paperwork in the story: last year's roadmap, this year's documents and
the activities the curator marks by hand. Only the capabilities' services write."""

from __future__ import annotations

import datetime as dt

from nastavnik.demo.dates import between, on, past, workday
from nastavnik.demo.progress import STAGE_ONE, Story
from nastavnik.platform.events import occurring_at
from nastavnik.platform.roles import Role
from nastavnik.tenants.documents.content import holder
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.services import approve_document, create_document
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.services import ensure_school_roadmap, update_activity
from nastavnik.tenants.roadmap.statuses import Status

# The Regulation and the road map are approved by the order itself, on the same day.
WITH_THE_ORDER = {DocumentKind.REGULATION_ORDER, DocumentKind.REGULATION, DocumentKind.ROADMAP}
SECTION = "/nastavnichestvo"


# Last year's documents that complete roadmap activities, with the month (from
# September) they were approved in: the stage-1 papers early, the final event's order
# in April. The pair order is left out: last year's pairs are not told.
LAST_YEARS_DOCUMENTS = ((DocumentKind.REGULATION_ORDER, 0), (DocumentKind.REGULATION, 0),
                        (DocumentKind.ROADMAP, 0), (DocumentKind.PROGRAM_TEMPLATE, 0),
                        (DocumentKind.FINAL_EVENT_ORDER, 7))


def last_year(story: Story) -> None:
    """Last year's roadmap, mostly done; what a school left undone is the year's end
    (monitoring, the final event, publications), as it usually is.

    What the platform tracks is done the only way it can be: last year's documents were
    approved, and that completed their activities. The rest the curator marked by hand,
    with evidence.
    """
    with occurring_at(on(story.year - 1, 9, 1)):
        activities = ensure_school_roadmap(story.school, story.year - 1)
    _approve_last_years_documents(story)
    marked = round(story.progress.last_year_done * len(activities)) - len(LAST_YEARS_DOCUMENTS)
    by_hand = [a for a in activities if not a.tracked]
    for activity in by_hand[:max(marked, 0)]:
        _mark(story, activity, Status.DONE)


def _approve_last_years_documents(story: Story) -> None:
    director = holder(story.school, Role.DIRECTOR)
    number = story.rng.randint(20, 40)
    for kind, month in LAST_YEARS_DOCUMENTS:
        date = workday(on(story.year - 1, 9, 2) if month == 0
                       else on(story.year - 1, 4, 6))
        with occurring_at(date):
            document = create_document(story.school, kind, story.year - 1,
                                       f"{number}-од" if kind.is_order else "", date)
            approve_document(document, director)
        number += 1


def documents(story: Story) -> int:
    """The stage-1 documents of the year, dated early September; return the order's number.

    Schools number their orders through the year, so the later pair order continues it.
    """
    number = story.rng.randint(28, 64)
    signed_on = between(story.rng, on(story.year, 9, 1), on(story.year, 9, 4))
    director = holder(story.school, Role.DIRECTOR)
    wanted = set(story.progress.approved) | set(story.progress.drafts)
    for kind in (k for k in STAGE_ONE if k in wanted):
        date = signed_on if kind in WITH_THE_ORDER else between(
            story.rng, on(story.year, 9, 10), on(story.year, 9, 21))
        with occurring_at(date):
            document = create_document(story.school, kind, story.year,
                                       f"{number}-од" if kind.is_order else "", date)
            if kind in story.progress.approved:
                approve_document(document, director)
    return number


def pair_order(story: Story, pairs: list[MentoringPair], after: int) -> None:
    """The order fixing this year's ``pairs``, a few days after the last was formed:
    approved in the schools ahead, a draft elsewhere. ``after`` is the year's first order."""
    if not pairs:
        return
    date = past(workday(max(p.starts_on for p in pairs)
                        + dt.timedelta(days=story.rng.randint(1, 4))))
    with occurring_at(date):
        document = create_document(story.school, DocumentKind.PAIR_ORDER, story.year,
                                   f"{after + story.rng.randint(9, 30)}-од", date)
        if story.progress.pair_order:
            approve_document(document, holder(story.school, Role.DIRECTOR))


def mark_this_year(story: Story) -> None:
    """The activities no event completes, as the curator marked them by late autumn."""
    activities = {a.code: a for a in ensure_school_roadmap(story.school, story.year)}
    for code, status in story.progress.marked.items():
        _mark(story, activities[code], status)


def _mark(story: Story, activity: RoadmapActivity, status: Status) -> None:
    """Set the status, with evidence where a curator would give some."""
    values = {"status": status.value}
    if status is Status.DONE:  # a curator's «Выполнено» names where the proof is
        values["evidence_note"] = f"{activity.result}: в папке куратора наставничества."
    if activity.code == "7.1":
        values["evidence_url"] = story.school.website + SECTION
    if activity.code == "6.3":
        values["evidence_note"] = "Итоговая конференция «Наставничество: итоги года»."
    # The curator marks an activity within its window (or by today, for this year's).
    with occurring_at(past(activity.due_to)):
        update_activity(story.school, activity, values)
