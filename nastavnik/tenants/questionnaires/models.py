"""Questionnaire templates (platform data, versioned) and the answers schools collect.

A template is never edited in place: publishing a changed one adds a new version, and a
response points to the exact version it answered, so old answers keep their meaning.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.tenancy import SchoolOwned

AUDIENCES = {"mentee": "наставляемые", "mentor": "наставники", "monitoring": "мониторинг"}
KINDS = {"single": "один вариант", "multiple": "несколько вариантов", "scale": "шкала",
         "text": "свободный ответ"}


class QuestionnaireTemplate(db.Model):
    __tablename__ = "questionnaire_templates"
    __table_args__ = (UniqueConstraint("code", "version",
                                       name="uq_questionnaire_templates_code_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    audience: Mapped[str] = mapped_column(String(16))
    # A regional or municipal variant carries its place; the federal seed has neither.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"),
                                                        index=True)
    published_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    questions: Mapped[list[Question]] = relationship(
        back_populates="template", order_by="Question.position", cascade="all, delete-orphan")

    def question(self, code: str) -> Question | None:
        return next((q for q in self.questions if q.code == code), None)


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("template_id", "code",
                                       name="uq_questions_template_id_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_templates.id"),
                                             index=True)
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))
    # [{"code": "methods", "label": "Методики преподавания"}, ...] for single/multiple.
    options: Mapped[list] = mapped_column(JSON, default=list)
    scale_min: Mapped[int | None]
    scale_max: Mapped[int | None]
    max_length: Mapped[int | None]
    required: Mapped[bool] = mapped_column(default=True)

    template: Mapped[QuestionnaireTemplate] = relationship(back_populates="questions")

    @property
    def option_labels(self) -> dict[str, str]:
        return {o["code"]: o["label"] for o in self.options}


class QuestionnaireResponse(SchoolOwned, db.Model):
    __tablename__ = "questionnaire_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_templates.id"),
                                             index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    template: Mapped[QuestionnaireTemplate] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="response",
                                                 cascade="all, delete-orphan")

    def answer(self, code: str) -> Answer | None:
        return next((a for a in self.answers if a.question.code == code), None)


class Answer(SchoolOwned, db.Model):
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_responses.id"),
                                             index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    choices: Mapped[list] = mapped_column(JSON, default=list)
    score: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[QuestionnaireResponse] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship(lazy="joined")
