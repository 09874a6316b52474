"""Monitoring requests: one per participant, pair and round, answered once.

The answers themselves are questionnaire responses (``tenants/questionnaires``) of the
shipped monitoring templates; a request points to the template version it asks and, once
answered, to the response.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.questionnaires.models import QuestionnaireResponse, QuestionnaireTemplate
from nastavnik.tenants.teachers.models import Teacher


class Round(enum.StrEnum):
    FINAL = "final"      # sent when the pair's program ends
    MIDWAY = "midway"    # sent by the curator to a working pair


ROUNDS = {Round.FINAL: "по завершении программы", Round.MIDWAY: "промежуточный"}
PARTICIPANTS = {"mentor": "наставник", "mentee": "наставляемый"}


class MonitoringRequest(SchoolOwned, db.Model):
    __tablename__ = "monitoring_requests"
    # One request per participant of a pair and round: a double «send» cannot ask twice.
    __table_args__ = (UniqueConstraint("pair_id", "teacher_id", "round",
                                       name="uq_monitoring_requests_pair_teacher_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    participant: Mapped[str] = mapped_column(String(8))
    round: Mapped[Round] = mapped_column(String(8))
    template_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_templates.id"))
    academic_year: Mapped[int]  # the year it starts in (clock.academic_year_of)
    requested_on: Mapped[dt.date]
    response_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_responses.id"),
                                                    unique=True)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    pair: Mapped[MentoringPair] = relationship()
    teacher: Mapped[Teacher] = relationship()
    template: Mapped[QuestionnaireTemplate] = relationship()
    response: Mapped[QuestionnaireResponse | None] = relationship()

    @property
    def answered(self) -> bool:
        return self.response_id is not None
