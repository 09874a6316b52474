"""What a document says, composed from the school's data and wording, before any format.

``compose`` returns a ``Content`` that both renderers (DOCX and PDF) walk, so the two
files cannot drift apart. An approved document keeps its ``Content`` as JSON: rendering
it again gives what the director signed, whatever changed since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import RoleAssignment, School, User
from nastavnik.platform.roles import Role
from nastavnik.tenants.documents import providers
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus
from nastavnik.tenants.documents.models import DocumentText, SchoolDocument
from nastavnik.tenants.documents.texts import (
    BLANK,
    DocumentWording,
    fill,
    paragraphs,
    school_wording,
)

ACTIVITY_ROWS = 6  # blank rows of the program template's plan of activities


@dataclass
class Block:
    type: str  # heading | paragraph | table
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # relative column widths


@dataclass
class Content:
    kind: str
    school_name: str
    place: str
    title: str
    is_order: bool
    number: str
    date: str
    stamp_left: list[str]  # «РАССМОТРЕНО …» of the Regulation
    stamp_right: list[str]  # «УТВЕРЖДЕНО приказом …»
    blocks: list[Block]
    signer_position: str
    signer: str
    acquainted: list[str]  # «С приказом ознакомлены»

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Content:
        return cls(**{**data, "blocks": [Block(**b) for b in data["blocks"]]})


def compose(document: SchoolDocument) -> Content:
    """The document's content: frozen if approved, else built from today's data."""
    if document.content is not None:
        return Content.from_dict(document.content)
    school = db.session.get(School, document.school_id)
    kind = DocumentKind(document.kind)
    values = school_values(school, document.academic_year)
    wording = wording_for(school, kind)
    pairs = (providers.pair_rows(school, document.academic_year)
             if kind is DocumentKind.PAIR_ORDER else [])
    tables = {
        "pairs": lambda: _pairs_table(pairs),
        "roadmap": lambda: _roadmap_table(providers.roadmap_rows(school, document.academic_year)),
        "activities": _activities_table,
    }
    blocks = []
    for section in wording.sections:
        if section.heading:
            blocks.append(Block("heading", fill(section.heading, values)))
        blocks += [Block("paragraph", p) for p in paragraphs(fill(section.text, values))]
        if section.table:
            table = tables[section.table]()
            blocks.append(table if table.rows else Block("paragraph", fill(section.empty or "",
                                                                          values)))
    left, right = _stamps(kind, school, document)
    return Content(
        kind=kind.value, school_name=school.name, place=school.municipality.name,
        title=fill(wording.title, values), is_order=kind.is_order, number=document.number,
        date=document.date.strftime("%d.%m.%Y"), stamp_left=left, stamp_right=right,
        blocks=blocks, signer_position="Директор", signer=values["director_initials"] or BLANK,
        acquainted=_acquainted(values, pairs) if kind.is_order else [],
    )


def wording_for(school: School, kind: DocumentKind) -> DocumentWording:
    override = db.session.scalar(select(DocumentText).where(
        DocumentText.school_id == school.id, DocumentText.kind == kind))
    return school_wording(kind, override.as_override() if override else None)


def school_values(school: School, start_year: int) -> dict[str, str]:
    """The placeholders' values; a missing director or curator stays blank ("")."""
    director, curator = holder(school, Role.DIRECTOR), holder(school, Role.CURATOR)
    return {
        "school_name": school.name,
        "school_short_name": school.short_name,
        "school_address": school.address,
        "municipality": school.municipality.name,
        "director_name": director.full_name if director else "",
        "director_initials": initials(director.full_name) if director else "",
        "curator_name": curator.full_name if curator else "",
        "curator_initials": initials(curator.full_name) if curator else "",
        "academic_year": f"{start_year}/{start_year + 1}",
        "start_year": str(start_year),
        "end_year": str(start_year + 1),
    }


def holder(school: School, role: Role) -> User | None:
    """The first user holding ``role`` at ``school`` (by appointment order)."""
    return db.session.scalar(
        select(User).join(RoleAssignment)
        .where(RoleAssignment.school_id == school.id, RoleAssignment.role == role.value)
        .order_by(RoleAssignment.id).limit(1))


def initials(full_name: str) -> str:
    """«Иванова Мария Петровна» → «М. П. Иванова», as a signature is written."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    surname, *given = parts
    return " ".join([*(f"{name[0]}." for name in given), surname])


def _stamps(kind: DocumentKind, school: School,
            document: SchoolDocument) -> tuple[list[str], list[str]]:
    """The Regulation and the road map are approved by the order approving the Regulation."""
    if kind not in (DocumentKind.REGULATION, DocumentKind.ROADMAP):
        return [], []
    order = db.session.scalar(
        select(SchoolDocument)
        .where(SchoolDocument.school_id == school.id,
               SchoolDocument.kind == DocumentKind.REGULATION_ORDER,
               SchoolDocument.academic_year == document.academic_year)
        .order_by((SchoolDocument.status == DocumentStatus.APPROVED).desc(),
                  SchoolDocument.version.desc(), SchoolDocument.id.desc()).limit(1))
    date = order.date.strftime("%d.%m.%Y") if order else "«___» ____________ 20___ г."
    number = order.number if order else "______"
    approved = "УТВЕРЖДЕНО" if kind is DocumentKind.REGULATION else "УТВЕРЖДЕНА"
    right = [approved, "приказом руководителя", school.short_name, f"от {date} № {number}"]
    if kind is DocumentKind.ROADMAP:
        return [], right
    left = ["РАССМОТРЕНО", "на заседании педагогического совета",
            "протокол от «___» ____________ 20___ г. № ______"]
    return left, right


def _period(row: dict) -> str:
    def day(value) -> str:
        return value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value or BLANK)
    return f"с {day(row.get('starts_on'))} по {day(row.get('ends_on'))}"


def _pairs_table(rows: list[dict]) -> Block:
    return Block(
        "table",
        header=["№", "Наставник", "Наставляемый (наставляемые)", "Форма наставничества",
                "Срок"],
        rows=[[str(i), row["mentor"], ", ".join(row["mentees"]), str(row.get("form") or ""),
               _period(row)] for i, row in enumerate(rows, 1)],
        widths=[5, 25, 30, 20, 20],
    )


def _roadmap_table(rows: list[dict]) -> Block:
    return Block(
        "table",
        header=["№", "Этап", "Содержание деятельности и мероприятия", "Сроки", "Ответственные",
                "Ожидаемый результат (документ)"],
        rows=[[f"{i}.", row["stage"], row["activities"], row["dates"], row["responsible"],
               row["result"]] for i, row in enumerate(rows, 1)],
        widths=[5, 17, 33, 12, 15, 18],
    )


def _activities_table() -> Block:
    return Block(
        "table",
        header=["№", "Мероприятие", "Сроки", "Ожидаемый результат", "Отметка о выполнении"],
        rows=[[f"{i}.", "", "", "", ""] for i in range(1, ACTIVITY_ROWS + 1)],
        widths=[6, 38, 14, 26, 16],
    )


def _acquainted(values: dict[str, str], pairs: list[dict]) -> list[str]:
    names = [values["curator_name"]] if values["curator_name"] else []
    for row in pairs:
        names += [row["mentor"], *row["mentees"]]
    unique = list(dict.fromkeys(names))
    return [initials(name) for name in unique] or [BLANK, BLANK, BLANK]
