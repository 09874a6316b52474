"""The mentoring in the story: who takes part, consents, the two banks, pairs and groups,
and their ends (a finished program, interim support, a withdrawn consent).

Only the capabilities' services write; each call is one step a curator would take.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from nastavnik.demo.answers import mentee_answers, mentor_answers
from nastavnik.demo.dates import between, months_later, on, past, workday
from nastavnik.demo.progress import FINISHED_PAIRS, WITHDRAWALS, Story
from nastavnik.demo.staff import MENTEE_EMAIL, MENTOR_EMAIL, SEASONED_YEARS, SUBJECTS, demo_teacher
from nastavnik.extensions import db
from nastavnik.platform.events import occurring_at
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.services import change_mentee_status, enter_mentee, enter_mentor
from nastavnik.tenants.consents.purposes import BANK_PURPOSE
from nastavnik.tenants.consents.services import give_consent, withdraw_consent
from nastavnik.tenants.pairs.models import MentoringPair, PairKind
from nastavnik.tenants.pairs.services import finish_pair, form_pair
from nastavnik.tenants.teachers.models import Teacher

ASKING = 2  # experienced teachers who ask for help with a difficulty of their own
GROUP_SIZE = 3
DURATIONS = [3, 4, 6, 8, 9, 12]  # months; a program runs from 3 months to a year
SHORT_FORMS = {"short_term", "situational", "speed", "flash"}  # these last 3 months


@dataclass
class Cast:
    """The school's participants, in the order the story uses them."""

    mentees: list[Teacher]  # consented to the mentee bank; those entered come first
    mentors: list[Teacher]
    entered: int  # how many of ``mentees`` answered the questionnaire
    veterans: list[tuple[Teacher, Teacher]] = field(default_factory=list)  # last year's pairs
    demo: tuple[Teacher, Teacher] | None = None  # the demo mentor and mentee, if here
    leader: Teacher | None = None  # the mentor of this year's group


@dataclass
class Banks:
    mentees: dict[int, MenteeEntry]  # by teacher id
    mentors: dict[int, MentorEntry]


def choose_cast(story: Story) -> Cast:
    rng, today, progress = story.rng, story.today, story.progress
    staff = list(db.session.scalars(select(Teacher).where(
        Teacher.school_id == story.school.id, Teacher.employed).order_by(Teacher.id)))
    young = [t for t in staff if t.is_young_specialist(today) or t.new_in_post]
    seasoned = [t for t in staff if t not in young and t.experience_on(today) >= SEASONED_YEARS]
    demo = _demo_pair(story)
    others = [t for t in seasoned if t not in (demo or ())]
    asking = rng.sample(others, min(ASKING, len(others)))
    mentees = _shuffled(rng, young + asking, first=demo[1:] if demo else ())
    mentors = _shuffled(rng, [t for t in seasoned if t not in mentees],
                        first=demo[:1] if demo else ())
    mentees = mentees[:round(len(mentees) * progress.mentee_share)]
    mentors = mentors[:progress.mentors]
    # The demo mentor and mentee come first, kept for each other; last year's pairs next.
    skip, veterans = (1 if demo else 0), FINISHED_PAIRS.get(story.school.slug, 0)
    leader = skip + veterans
    return Cast(mentees=mentees, mentors=mentors,
                entered=max(leader, round(len(mentees) * progress.entered_share)),
                veterans=list(zip(mentors[skip:leader], mentees[skip:leader], strict=True)),
                demo=demo,
                leader=mentors[leader] if progress.group and leader < len(mentors) else None)


def _demo_pair(story: Story) -> tuple[Teacher, Teacher] | None:
    """The teachers behind the demo mentor's and mentee's accounts, if they work here."""
    mentor, mentee = demo_teacher(MENTOR_EMAIL), demo_teacher(MENTEE_EMAIL)
    if mentor and mentee and mentor.school_id == mentee.school_id == story.school.id:
        return mentor, mentee
    return None


def _shuffled(rng, teachers: list[Teacher], first: tuple[Teacher, ...]) -> list[Teacher]:
    rest = [t for t in teachers if t not in first]
    rng.shuffle(rest)
    return [*first, *rest]


def fill_banks(story: Story, cast: Cast) -> Banks:
    """Consents through September (last September for last year's pairs), then the
    questionnaires of those who answered."""
    veterans = {t.id for pair in cast.veterans for t in pair}
    answered: dict[int, dt.date] = {}  # a questionnaire follows its consent by a few days
    for bank, teachers in (("mentees", cast.mentees), ("mentors", cast.mentors)):
        for number, teacher in enumerate(teachers, start=1):
            year = story.year - 1 if teacher.id in veterans else story.year
            given = between(story.rng, on(year, 9, 7), on(year, 9, 30))
            give_consent(teacher, BANK_PURPOSE[bank], given_on=given,
                         form_reference=f"Журнал согласий {year}/{year + 1}, запись № {number}")
            answered[teacher.id] = past(given + dt.timedelta(days=story.rng.randint(1, 6)))
    mentees = {}
    for teacher in cast.mentees[:cast.entered]:
        with occurring_at(answered[teacher.id]):
            mentees[teacher.id] = enter_mentee(teacher,
                                               mentee_answers(teacher, story.rng, story.today))
    mentors = {}
    if story.progress.entered_mentors:
        for teacher in cast.mentors:
            pinned = ({"capacity": GROUP_SIZE, "formats": ("group",)} if teacher is cast.leader
                      else {"formats": ("traditional",)} if cast.demo and teacher is cast.demo[0]
                      else {})
            with occurring_at(answered[teacher.id]):
                mentors[teacher.id] = enter_mentor(
                    teacher, mentor_answers(teacher, story.rng, story.today, **pinned))
    return Banks(mentees, mentors)


def form_pairs(story: Story, cast: Cast, banks: Banks) -> list[MentoringPair]:
    """Last year's pairs, finished in May; then this year's: the demo pair, a group, and
    the rest matched by difficulties and competencies. Return this year's."""
    school, year = story.school, story.year
    for mentor, mentee in cast.veterans:
        with occurring_at(workday(on(year - 1, 10, 1))):
            pair = form_pair(school, mentor, [mentee], "traditional",
                             workday(on(year - 1, 10, 1)), on(year - 1, 5, 31))
        finish_pair(school, pair, workday(on(year - 1, 5, 29)))
    if not banks.mentors:
        return []
    waiting = [t for t in cast.mentees if t.id in banks.mentees
               and banks.mentees[t.id].status == "waiting"]
    if cast.demo:
        waiting.remove(cast.demo[1])
    held = story.progress.supported + WITHDRAWALS.get(school.slug, 0) + story.progress.waiting
    cut = max(0, len(waiting) - held)
    queue, held_back = waiting[:cut], waiting[cut:]
    formed = []
    if cast.demo:
        with occurring_at(past(workday(on(year, 10, 1)))):
            formed.append(form_pair(school, cast.demo[0], [cast.demo[1]], "traditional",
                                    workday(on(year, 10, 1)), on(year, 5, 31)))
    if cast.leader is not None and len(queue) >= GROUP_SIZE:
        group, queue = queue[:GROUP_SIZE], queue[GROUP_SIZE:]
        with occurring_at(past(workday(on(year, 10, 15)))):
            formed.append(form_pair(school, cast.leader, group, "group",
                                    workday(on(year, 10, 15)), on(year, 5, 29), PairKind.GROUP))
    for mentee in queue[:max(0, story.progress.pairs - len(formed))]:
        mentor = _best_mentor(story, banks, banks.mentees[mentee.id])
        if mentor is None:
            break  # every mentor is busy: the rest wait, as they would in a real school
        formed.append(_pair(story, mentor, mentee))
    _hold_back(story, banks, held_back)
    return formed


def _best_mentor(story: Story, banks: Banks, mentee: MenteeEntry) -> MentorEntry | None:
    """The free mentor whose competencies meet most of the mentee's difficulties."""
    subject = SUBJECTS.get(mentee.teacher.subjects)
    free = [e for e in banks.mentors.values() if e.status == "available"]
    return max(free, default=None, key=lambda e: (
        2 * len(set(e.competencies) & set(mentee.difficulties)) + (subject in e.subjects),
        story.rng.random()))


def _pair(story: Story, mentor: MentorEntry, mentee: Teacher) -> MentoringPair:
    options = [code for code in mentor.formats if code != "group"]
    form = story.rng.choice(options) if options and story.rng.random() < 0.8 \
        else "teacher_teacher"
    months = 3 if form in SHORT_FORMS else story.rng.choice(DURATIONS)
    starts = between(story.rng, on(story.year, 10, 1), on(story.year, 11, 16))
    with occurring_at(starts):
        return form_pair(story.school, mentor.teacher, [mentee], form, starts,
                         months_later(starts, months))


def _hold_back(story: Story, banks: Banks, teachers: list[Teacher]) -> None:
    """Mentees left without a pair: some the curator supports while the search goes on,
    some withdraw consent and are erased from the school's records (152-ФЗ), the rest
    simply wait."""
    supported = story.progress.supported
    withdrawing = WITHDRAWALS.get(story.school.slug, 0)
    for teacher in teachers[:supported]:
        with occurring_at(between(story.rng, on(story.year, 10, 20), on(story.year, 11, 10))):
            change_mentee_status(banks.mentees[teacher.id], "supported")
    for teacher in teachers[supported:supported + withdrawing]:
        withdraw_consent(teacher, BANK_PURPOSE["mentees"], between(
            story.rng, on(story.year, 11, 5), on(story.year, 11, 20)))
