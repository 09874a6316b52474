"""The wording of each document: the platform's default (TOML in ``texts/``), a school's
override, and the placeholders filled from the school's data.

Texts are data, not code: a methodologist can reword a default without touching Python,
and a curator can reword any section for the school. Placeholders are ``{name}`` with a
name from ``PLACEHOLDERS``; anything else in braces is left as typed, so a stray brace
in a curator's text can never break generation.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files

from nastavnik.tenants.documents.kinds import DocumentKind

PLACEHOLDERS = {
    "school_name": "полное наименование образовательной организации",
    "school_short_name": "краткое наименование образовательной организации",
    "school_address": "адрес образовательной организации",
    "municipality": "муниципальное образование",
    "settlement": "населённый пункт (место издания документов)",
    "director_name": "фамилия, имя, отчество руководителя",
    "director_initials": "инициалы и фамилия руководителя (И. О. Фамилия)",
    "curator_name": "фамилия, имя, отчество куратора",
    "curator_initials": "инициалы и фамилия куратора (И. О. Фамилия)",
    "curator_position": "должность куратора",
    "curator_short": "фамилия и инициалы куратора (Фамилия И. О.)",
    "curator_full_acc": "должность, фамилия, имя, отчество куратора: назначить кого? "
                        "(заместителя директора Орлову Наталью Сергеевну)",
    "curator_short_dat": "фамилия и инициалы куратора: кому? (Орловой Н. С.)",
    "curator_short_acc": "должность, фамилия и инициалы куратора: на кого? "
                         "(на заместителя директора Орлову Н. С.)",
    "council_protocol": "протокол педагогического совета, рассмотревшего Положение "
                        "(от 28.08.2026 № 1)",
    "academic_year": "учебный год, например 2026/2027",
    "start_year": "год начала учебного года",
    "end_year": "год окончания учебного года",
    # The final event (tenants/final_event), blank until the school records it.
    "event_date": "дата итогового мероприятия",
    "event_format": "формат итогового мероприятия (очно, дистанционно, в смешанном формате)",
    "event_mentors": "число наставников — участников итогового мероприятия",
    "event_mentees": "число наставляемых — участников итогового мероприятия",
    "event_participants": "число участников итогового мероприятия",
    "pairs_formed": "число наставнических пар (групп) учебного года",
    "pairs_finished": "число пар (групп), завершивших программу",
    "pairs_ended_early": "число пар (групп), прекративших программу досрочно",
    "pairs_active": "число пар (групп), продолжающих программу",
    "nominations_count": "число номинаций итогового мероприятия",
}
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
# A blank line to fill in by hand where the school's data has no value yet.
BLANK = "______________"

TITLE_MAX = 300
SECTION_MAX = 20_000


@dataclass(frozen=True)
class SectionText:
    key: str
    heading: str
    text: str
    table: str | None = None  # which table follows the section: pairs, roadmap, activities
    empty: str | None = None  # said instead of the table when it has no rows


@dataclass(frozen=True)
class DocumentWording:
    title: str
    sections: tuple[SectionText, ...]

    def section(self, key: str) -> SectionText:
        return next(s for s in self.sections if s.key == key)


@cache
def _load(name: str) -> dict:
    return tomllib.loads((files(__package__) / "texts" / f"{name}.toml").read_text("utf-8"))


@cache
def default_wording(kind: DocumentKind) -> DocumentWording:
    data = _load(kind.value)
    return DocumentWording(
        title=data["title"],
        sections=tuple(SectionText(key=s["key"], heading=s["heading"], text=s["text"].strip(),
                                   table=s.get("table"), empty=s.get("empty"))
                       for s in data["sections"]),
    )


def school_wording(kind: DocumentKind, override: dict | None) -> DocumentWording:
    """The default wording with a school's override (``{"title", "sections": {key: text}}``)."""
    wording = default_wording(kind)
    if not override:
        return wording
    texts = override.get("sections", {})
    return DocumentWording(
        title=override.get("title") or wording.title,
        sections=tuple(replace(s, text=texts[s.key]) if texts.get(s.key) else s
                       for s in wording.sections),
    )


def fill(template: str, values: dict[str, str]) -> str:
    """Put the school's values into ``{placeholders}``; unknown braces stay as typed."""
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        return values.get(name) or BLANK
    return PLACEHOLDER_RE.sub(value, template)


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER_RE.findall(text) if name not in PLACEHOLDERS})


def paragraphs(text: str) -> list[str]:
    """Each non-empty line of a section is one paragraph."""
    return [line.strip() for line in text.splitlines() if line.strip()]
