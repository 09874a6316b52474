"""The programs in the story: the curator approves most pairs' programs, mentors mark the
activities already due as done and log a meeting, and mentees say how it went.

Only the programs' services write; the dates are those a school would have recorded.
"""

from __future__ import annotations

from nastavnik.demo.dates import past
from nastavnik.demo.progress import Story
from nastavnik.platform.events import occurring_at
from nastavnik.platform.roles import Role
from nastavnik.tenants.documents.content import holder
from nastavnik.tenants.pairs.models import MentoringPair, PairStatus
from nastavnik.tenants.programs.services import approve_program, program_of
from nastavnik.tenants.programs.work import give_feedback, log_meeting, mark_done

COMMENTS = ["Провели по плану, наставляемый подготовил конспект.",
            "Выполнено, материалы приложены к отчёту наставника.",
            "Провели, обсудили результаты и следующие шаги."]
TOPICS = ["Разбор посещённого урока", "Подготовка к родительскому собранию",
          "Планирование уроков на четверть"]


def work_in_programs(story: Story, pairs: list[MentoringPair]) -> None:
    curator = holder(story.school, Role.CURATOR)
    today = story.today
    for number, pair in enumerate(pairs):
        program = program_of(pair)
        if program is None or pair.status != PairStatus.ACTIVE:
            continue
        # A school ahead approved every program (roadmap 5.2 completes by itself); at the
        # others one program in four is still a draft.
        if curator is not None and (story.progress.pair_order or number % 4 != 3):
            with occurring_at(past(pair.starts_on)):
                approve_program(story.school, program, curator)
        mentee = pair.mentees[0].teacher
        due = [a for a in program.activities if a.planned_on <= today]
        # The last activity due is left undone now and then: it shows as overdue.
        for index, activity in enumerate(due[:-1] if number % 3 == 2 else due):
            with occurring_at(activity.planned_on):
                mark_done(story.school, activity, pair.mentor, activity.planned_on,
                          COMMENTS[index % len(COMMENTS)])
            if index == 0:
                give_feedback(story.school, mentee, 4 + number % 2, "Было полезно.",
                              activity=activity)
        if due:
            held_on = due[0].planned_on
            with occurring_at(held_on):
                meeting = log_meeting(story.school, program, pair.mentor, held_on,
                                      "in_person", TOPICS[number % len(TOPICS)], 45)
                give_feedback(story.school, mentee, 3 + number % 3, "", meeting=meeting)
