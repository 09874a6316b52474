"""Events of personalized programs: ids, dates, codes and ratings; teachers by pseudonym.

What people wrote (the goal, a comment, a topic) stays in the program's rows; the log says
only that it happened, when, and how it was rated.
"""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import Code, EventPayload, event_type
from nastavnik.tenants.programs.models import MEETING_FORMATS


class _OfProgram(EventPayload):
    program = fields.Integer(required=True)
    pair = fields.Integer(required=True)


@event_type("program.created",
            "Создана персонализированная программа наставничества пары или группы (черновик)")
class ProgramCreated(_OfProgram):
    difficulties = fields.List(Code(), required=True)
    # The plan's activities and their planned dates, in the same order.
    activities = fields.List(fields.Integer(), required=True)
    planned_on = fields.List(fields.Date(), required=True)


@event_type("program.updated", "Изменены цель, задачи или ожидаемые результаты программы")
class ProgramUpdated(_OfProgram):
    tasks = fields.Integer(required=True, metadata={"description": "число задач"})


@event_type("program.results_recorded", "Записаны достигнутые результаты программы")
class ProgramResultsRecorded(_OfProgram):
    pass


@event_type("program.activity_added", "В план программы добавлено мероприятие")
class ProgramActivityAdded(_OfProgram):
    activity = fields.Integer(required=True)
    planned_on = fields.Date(required=True)


@event_type("program.activity_changed", "Изменено мероприятие плана программы")
class ProgramActivityChanged(_OfProgram):
    activity = fields.Integer(required=True)
    planned_on = fields.Date(required=True)


@event_type("program.activity_removed", "Мероприятие удалено из плана программы")
class ProgramActivityRemoved(_OfProgram):
    activity = fields.Integer(required=True)


@event_type("program.approved", "Куратор утвердил персонализированную программу")
class ProgramApproved(_OfProgram):
    activities = fields.Integer(required=True, metadata={"description": "мероприятий в плане"})


@event_type("program.activity_done", "Наставник отметил мероприятие программы выполненным")
class ProgramActivityDone(_OfProgram):
    activity = fields.Integer(required=True)
    mentor = fields.UUID(required=True)
    planned_on = fields.Date(required=True)
    done_on = fields.Date(required=True)
    with_file = fields.Boolean(required=True)


@event_type("program.meeting_logged", "Наставник записал встречу с наставляемым")
class ProgramMeetingLogged(_OfProgram):
    meeting = fields.Integer(required=True)
    mentor = fields.UUID(required=True)
    held_on = fields.Date(required=True)
    format = fields.String(required=True, validate=OneOf(list(MEETING_FORMATS)))
    minutes = fields.Integer(required=True)


@event_type("program.feedback_given",
            "Наставляемый оценил мероприятие или встречу (оценка от 1 до 5)")
class ProgramFeedbackGiven(_OfProgram):
    mentee = fields.UUID(required=True)
    # One of the two: what the rating is about.
    activity = fields.Integer()
    meeting = fields.Integer()
    rating = fields.Integer(required=True)
