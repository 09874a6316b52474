"""Events of matching and of support without a pair: teachers by pseudonym, codes only."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, event_type
from nastavnik.tenants.matching.models import DECISIONS, REJECTION_REASONS, SUPPORTERS


@event_type("matching.weights_changed", "Изменены веса критериев подбора наставников")
class WeightsChanged(EventPayload):
    requests = fields.Float(required=True)
    subject = fields.Float(required=True)
    experience = fields.Float(required=True)
    qualification = fields.Float(required=True)
    capacity = fields.Float(required=True)
    forms = fields.Float(required=True)


@event_type("matching.decided",
            "Куратор принял, изменил или отклонил предложенного наставника")
class MatchingDecided(EventPayload):
    decision = fields.Integer(required=True)
    mentee = fields.UUID(required=True)
    proposed = fields.UUID(required=True)
    chosen = fields.UUID(allow_none=True, load_default=None)
    outcome = fields.String(required=True, validate=OneOf(list(DECISIONS)))
    # Accepted or edited: a pair was formed from the proposal (4.1 completes on it).
    formed = fields.Boolean(required=True)
    pair = fields.Integer(allow_none=True, load_default=None)
    score = fields.Float(required=True)
    from_optimal = fields.Boolean(required=True)
    reason = fields.String(allow_none=True, load_default=None,
                           validate=OneOf(list(REJECTION_REASONS)))


@event_type("support.plan_saved",
            "Сохранён план сопровождения наставляемого без пары")
class SupportPlanSaved(EventPayload):
    mentee = fields.UUID(required=True)
    items = fields.Integer(required=True)
    supporters = fields.List(fields.String(validate=OneOf(list(SUPPORTERS))), required=True)
    first = fields.Boolean(required=True)
