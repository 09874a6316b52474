"""Publishing templates, collecting answers, erasing free text: the only writers here."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import and_, func, or_, select, update

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.bands import age_band, experience_band
from nastavnik.platform.events import record
from nastavnik.platform.models import School
from nastavnik.tenants.questionnaires.models import (
    Answer,
    Question,
    QuestionnaireResponse,
    QuestionnaireTemplate,
)
from nastavnik.tenants.questionnaires.schemas import TemplateSpec, clean_answers
from nastavnik.tenants.teachers.models import Teacher

STANDARD_DIR = Path(__file__).resolve().parent / "standard"


def latest_version(code: str) -> QuestionnaireTemplate | None:
    return db.session.scalar(select(QuestionnaireTemplate)
                             .where(QuestionnaireTemplate.code == code)
                             .order_by(QuestionnaireTemplate.version.desc()).limit(1))


def _spec_of(template: QuestionnaireTemplate) -> dict:
    return TemplateSpec().dump({
        "code": template.code, "title": template.title, "audience": template.audience,
        "questions": [{c: getattr(q, c) for c in ("code", "kind", "text", "options", "scale_min",
                                                  "scale_max", "max_length", "required")}
                      for q in template.questions]})


def publish_template(spec: dict, *, region_id: int | None = None,
                     municipality_id: int | None = None) -> QuestionnaireTemplate:
    """The template as ``spec`` describes it: the latest version if unchanged, else a new one.

    Versions are never edited, so every response keeps the wording it was given.
    Raises ``marshmallow.ValidationError`` for a malformed specification.
    """
    data = TemplateSpec().load(spec)
    latest = latest_version(data["code"])
    if latest is not None and _spec_of(latest) == TemplateSpec().dump(data) \
            and (latest.region_id, latest.municipality_id) == (region_id, municipality_id):
        return latest
    template = QuestionnaireTemplate(
        code=data["code"], version=latest.version + 1 if latest else 1, title=data["title"],
        audience=data["audience"], region_id=region_id, municipality_id=municipality_id,
        questions=[Question(position=n, **q) for n, q in enumerate(data["questions"], 1)])
    db.session.add(template)
    db.session.flush()
    return template


def ensure_standard_templates() -> list[QuestionnaireTemplate]:
    """Publish the questionnaires shipped with the platform; idempotent."""
    return [publish_template(json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(STANDARD_DIR.glob("*.json"))]


def template_for(audience: str, school: School) -> QuestionnaireTemplate | None:
    """The newest template of ``audience`` that applies to ``school``, the most local first."""
    candidates = db.session.scalars(select(QuestionnaireTemplate).where(
        QuestionnaireTemplate.audience == audience,
        or_(QuestionnaireTemplate.municipality_id == school.municipality_id,
            and_(QuestionnaireTemplate.municipality_id.is_(None),
                 or_(QuestionnaireTemplate.region_id == school.region_id,
                     QuestionnaireTemplate.region_id.is_(None)))))).all()
    return max(candidates, default=None, key=lambda t: (
        t.municipality_id is not None, t.region_id is not None, t.version))


def known_answers(template: QuestionnaireTemplate, teacher: Teacher) -> dict[str, str]:
    """Answers the staff list already gives, by question code: the teacher is not asked
    again what the school knows (age, experience), and the record wins over a typo.

    Only questions ``template`` has, and only bands it offers as options, so a regional
    variant with other bands is still asked in full.
    """
    today = clock.today()
    from_record = {"age": age_band(teacher.age_on(today)),
                   "experience": experience_band(teacher.experience_on(today))}
    known = {}
    for code, value in from_record.items():
        question = template.question(code)
        if value is not None and question is not None and value in question.option_labels:
            known[code] = value
    return known


def submit_response(school: School, teacher: Teacher, template: QuestionnaireTemplate,
                    raw: dict) -> QuestionnaireResponse:
    """Validate and store one person's answers with their event (the caller commits).

    Raises ``marshmallow.ValidationError`` with Russian messages keyed by question code;
    nothing is written then.
    """
    cleaned = clean_answers(template, raw)
    response = QuestionnaireResponse(school_id=school.id, template_id=template.id,
                                     teacher_id=teacher.id)
    choices, scores = [], []
    for question in template.questions:
        if question.code not in cleaned:
            continue
        value = cleaned[question.code]
        answer = Answer(school_id=school.id, question=question)
        if question.kind in ("single", "multiple"):
            answer.choices = [value] if question.kind == "single" else value
            choices += [f"{question.code}:{code}" for code in answer.choices]
        elif question.kind == "scale":
            answer.score = value
            scores.append(f"{question.code}:{value}")
        else:
            answer.text = value
        response.answers.append(answer)
    db.session.add(response)
    db.session.flush()
    record("questionnaire.answered", {
        "template": template.code, "version": template.version, "respondent": teacher.pseudonym,
        "choices": choices, "scores": scores,
    }, school=school, stream=f"teacher:{teacher.pseudonym}")
    return response


def erase_free_text(school: School, teacher: Teacher, audience: str) -> int:
    """Blank the teacher's free-text answers to questionnaires of ``audience``."""
    answered = select(QuestionnaireResponse.id).join(QuestionnaireTemplate).where(
        QuestionnaireResponse.teacher_id == teacher.id,
        QuestionnaireTemplate.audience == audience)
    count = db.session.scalar(select(func.count(Answer.id)).where(
        Answer.response_id.in_(answered), Answer.text.is_not(None)))
    if count:
        db.session.execute(update(Answer).where(Answer.response_id.in_(answered),
                                                Answer.text.is_not(None))
                           .values(text=None).execution_options(synchronize_session="fetch"))
        record("questionnaire.text_erased", {"respondent": teacher.pseudonym, "answers": count},
               school=school, stream=f"teacher:{teacher.pseudonym}")
    return count
