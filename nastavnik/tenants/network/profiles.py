"""What one school, or the municipality, may see of a teacher of another school.

Until both schools agree to a pair, a network mentor is a stable code derived from the
pseudonym («Наставник С-3F2A») with only the fields the consent lists; a mentee is a code
with the coded requests. Names appear only after both schools agreed (``revealed``), and
only on the two schools' pages — never on the methodologist's.
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.banks.services import bank_template, previous_answers
from nastavnik.tenants.consents.purposes import SHARED_FIELDS
from nastavnik.tenants.matching.scoring import EXPERIENCE_WORDS, QUALIFICATION_WORDS
from nastavnik.tenants.network.rules import NetworkMentor, network_help_for
from nastavnik.tenants.teachers.models import Teacher

# The mentor questionnaire's question behind each shareable field.
QUESTION = {"subjects": "subjects", "competencies": "competencies", "experience": "experience",
            "qualification": "qualification", "formats": "formats"}


def _code(pseudonym: uuid.UUID | str) -> str:
    # A digest, not the pseudonym's own digits: the log's key is not printed on a page.
    return hashlib.sha256(f"network:{pseudonym}".encode()).hexdigest()[:4].upper()


def mentor_code(pseudonym: uuid.UUID | str) -> str:
    return f"Наставник С-{_code(pseudonym)}"


def mentee_code(pseudonym: uuid.UUID | str) -> str:
    return f"Наставляемый Н-{_code(pseudonym)}"


def mentor_card(mentor: NetworkMentor) -> list[tuple[str, str]]:
    """(what, value) of each consented field, in the consent's order; nothing else."""
    template = bank_template("mentors", mentor.school)
    answers = previous_answers(mentor.teacher, "mentors") if "achievements" in mentor.shared \
        else {}
    card = []
    for code in mentor.shared:
        if code == "achievements":
            value = (answers.get("achievements") or "").strip()
        elif code == "experience":
            value = EXPERIENCE_WORDS.get(mentor.entry.experience_band or "", "")
        elif code == "qualification":
            value = QUALIFICATION_WORDS.get(mentor.entry.qualification, "без категории")
        else:
            labels = template.question(QUESTION[code]).option_labels
            chosen = {"subjects": mentor.entry.subjects, "competencies": mentor.entry.competencies,
                      "formats": mentor.entry.formats}[code]
            value = ", ".join(labels.get(c, c) for c in chosen)
        if value:
            card.append((SHARED_FIELDS[code].capitalize(), value))
    return card


def request_labels(entry: MenteeEntry) -> dict[str, str]:
    """The words of the professional requests in the questionnaire the mentee's school uses."""
    school = db.session.get(School, entry.school_id)
    return bank_template("mentees", school).question("difficulties").option_labels


def mentee_requests(entry: MenteeEntry) -> list[str]:
    """The mentee's coded requests in words (no free text: the details stay in the school)."""
    labels = request_labels(entry)
    return [labels.get(code, code) for code in entry.difficulties]


def queue_offers(school: School, mentee: Teacher, most: int = 3) -> list[str]:
    """The school's waiting queue, for ``mentee``: the best network mentors of other
    schools as the network shows them (a code, the score and its reasons, never a name);
    the municipal methodologist proposes the pair."""
    entry = db.session.scalar(select(MenteeEntry).where(MenteeEntry.teacher_id == mentee.id))
    if entry is None:
        return []
    return [f"{mentor_code(c.mentor.teacher.pseudonym)}: {c.fit.score:.2f} — "
            + "; ".join(c.fit.reasons) for c in network_help_for(school, entry)[:most]]
