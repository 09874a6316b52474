"""What a document says, composed from the school's data and wording, before any format.

``compose`` returns a ``Content`` that both renderers (DOCX and PDF) walk, so the two
files cannot drift apart. An approved document keeps its ``Content`` as JSON: rendering
it again gives what the director signed, whatever changed since.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.declension import Case, PersonName, position_in
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
from nastavnik.tenants.teachers.models import Teacher

ACTIVITY_ROWS = 6  # blank rows of the program template's plan of activities


@dataclass
class Block:
    type: str  # heading | paragraph | table
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # relative column widths
    # Rows that are a group heading (a road map stage): one cell spanning the table.
    spans: list[int] = field(default_factory=list)


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
    # Added later; defaults keep documents frozen before them readable.
    annex: list[str] = field(default_factory=list)  # «Приложение 1 к приказу от … № …»
    wide: bool = False  # printed in landscape (the road map's wide table)
    pair_ids: list[int] = field(default_factory=list)  # the pairs a pair order fixes

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
    event = providers.final_event(school, document.academic_year)
    values = {**school_values(school, document.academic_year),
              **event_values(document.academic_year, event.get("values", {})),
              "council_protocol": _protocol_text(council_protocol(document))}
    wording = wording_for(school, kind)
    pairs = _pairs_named(school, document, kind)
    tables = {
        "pairs": lambda: [_pairs_table(pairs)],
        "roadmap": lambda: [_roadmap_table(providers.roadmap_rows(school,
                                                                  document.academic_year))],
        "activities": lambda: [_activities_table()],
        "mentors": lambda: _mentors_list(pairs),
        "programme": lambda: [_simple_table(["Время", "Пункт программы"],
                                            event.get("programme", []), [15, 85])],
        "nominations": lambda: [_simple_table(["Номинация", "Кому присуждена"],
                                              event.get("nominations", []), [45, 55])],
    }
    blocks = []
    for section in wording.sections:
        if section.heading:
            blocks.append(Block("heading", fill(section.heading, values)))
        blocks += [Block("paragraph", p) for p in paragraphs(fill(section.text, values))]
        if section.table:
            table = [b for b in tables[section.table]() if b.rows or b.type != "table"]
            blocks += table or [Block("paragraph", fill(section.empty or "", values))]
    order = approving_order(school, kind, document)
    left, right = _stamps(kind, school, document, order)
    return Content(
        kind=kind.value, school_name=school.name, place=settlement(school),
        title=fill(wording.title, values), is_order=kind.is_order, number=document.number,
        date=document.date.strftime("%d.%m.%Y"), stamp_left=left, stamp_right=right,
        blocks=blocks, signer_position="Директор", signer=values["director_initials"] or BLANK,
        acquainted=_acquainted(values, pairs) if kind.is_order else [],
        annex=_annex(kind, order), wide=kind is DocumentKind.ROADMAP,
        pair_ids=[row["id"] for row in pairs if "id" in row]
        if kind is DocumentKind.PAIR_ORDER else [],
    )


def _pairs_named(school: School, document: SchoolDocument, kind: DocumentKind) -> list[dict]:
    """The pairs an order names: a pair order those it fixes, the order encouraging
    mentors the mentors the year's results single out (``merits`` says what for)."""
    if kind is DocumentKind.PAIR_ORDER:
        return providers.order_pairs(school, document)
    if kind is DocumentKind.ENCOURAGEMENT_ORDER:
        return providers.encouraged_mentors(school, document.academic_year)
    return []


# The kind of settlement before its name in an address: «г. Тверь», «с. Ивановское».
_SETTLEMENT_RE = re.compile(
    r"(?<![А-Яа-яЁё])(?:г\.|город|с\.|село|пгт\.?|рп\.?|р\.\s?п\.|п\.|пос\.|посёлок|поселок|"
    r"д\.|деревня|ст-ца|станица|х\.|хутор)\s*[А-ЯЁ][^,;]*")


def settlement(school: School) -> str:
    """The place of issue: the school's settlement, else read from its address, else its
    municipality."""
    if school.settlement:
        return school.settlement
    match = _SETTLEMENT_RE.search(school.address or "")
    return match.group(0).strip() if match else school.municipality.name


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
        "settlement": settlement(school),
        "director_name": director.full_name if director else "",
        "director_initials": initials(director.full_name) if director else "",
        "curator_name": curator.full_name if curator else "",
        "curator_initials": initials(curator.full_name) if curator else "",
        **_person_values("curator", curator, position_of(school, curator)),
        "academic_year": f"{start_year}/{start_year + 1}",
        "start_year": str(start_year),
        "end_year": str(start_year + 1),
    }


def _person_values(key: str, user: User | None, position: str) -> dict[str, str]:
    """A person named in the case each sentence needs, with the position where an order
    names them: «Назначить куратором заместителя директора Орлову Наталью Сергеевну»,
    «Куратору Орловой Н. С.», «возложить на заместителя директора Орлову Н. С.»."""
    if user is None:
        return dict.fromkeys((f"{key}_{s}" for s in ("position", "short", "full_acc",
                                                      "short_dat", "short_acc")), "")
    name = PersonName.parse(user.full_name)

    def with_position(case: Case, text: str) -> str:
        return f"{_mid_sentence(position_in(position, case))} {text}" if position else text
    return {
        f"{key}_position": _mid_sentence(position),
        f"{key}_short": name.short(),
        f"{key}_full_acc": with_position(Case.ACCUSATIVE, name.full(Case.ACCUSATIVE)),
        f"{key}_short_dat": name.short(Case.DATIVE),
        f"{key}_short_acc": with_position(Case.ACCUSATIVE, name.short(Case.ACCUSATIVE)),
    }


def _mid_sentence(position: str) -> str:
    """«Заместитель директора» typed with a capital reads «заместитель» inside a sentence;
    an abbreviation (ОБЖ) stays as typed."""
    first = position.split(" ", 1)[0]
    return position[:1].lower() + position[1:] if first[:1].isupper() and not \
        first.isupper() else position


def position_of(school: School, user: User | None) -> str:
    """The position of the teacher an account belongs to ("" if it belongs to none)."""
    if user is None:
        return ""
    return db.session.scalar(select(Teacher.position).where(
        Teacher.school_id == school.id, Teacher.user_id == user.id).limit(1)) or ""


def holder(school: School, role: Role) -> User | None:
    """The first user holding ``role`` at ``school`` (by appointment order)."""
    return db.session.scalar(
        select(User).join(RoleAssignment)
        .where(RoleAssignment.school_id == school.id, RoleAssignment.role == role.value)
        .order_by(RoleAssignment.id).limit(1))


def initials(full_name: str) -> str:
    """«Иванова Мария Петровна» → «М. П. Иванова», as a signature is written."""
    return PersonName.parse(full_name).signature()


# The annexes of the order approving the Regulation, by their number in its text.
ANNEXES = {DocumentKind.REGULATION: 1, DocumentKind.ROADMAP: 2}
BLANK_DATE = "«___» ____________ 20___ г."


def _latest(school: School, kind: DocumentKind, academic_year: int) -> SchoolDocument | None:
    """The document of ``kind`` and year that counts: the approved one, else the newest."""
    return db.session.scalar(
        select(SchoolDocument)
        .where(SchoolDocument.school_id == school.id, SchoolDocument.kind == kind,
               SchoolDocument.academic_year == academic_year)
        .order_by((SchoolDocument.status == DocumentStatus.APPROVED).desc(),
                  SchoolDocument.version.desc(), SchoolDocument.id.desc()).limit(1))


def approving_order(school: School, kind: DocumentKind,
                    document: SchoolDocument) -> SchoolDocument | None:
    """The order approving the Regulation, for its annexes (the Regulation, the road map)."""
    if kind not in ANNEXES:
        return None
    return _latest(school, DocumentKind.REGULATION_ORDER, document.academic_year)


def council_protocol(document: SchoolDocument) -> tuple[str, dt.date | None]:
    """The pedagogical council's protocol (number, date) that considered the Regulation:
    given on the Regulation or on the order adopting it, whichever has it."""
    if document.protocol_number or document.protocol_date:
        return document.protocol_number, document.protocol_date
    partner = {DocumentKind.REGULATION: DocumentKind.REGULATION_ORDER,
               DocumentKind.REGULATION_ORDER: DocumentKind.REGULATION}.get(
        DocumentKind(document.kind))
    if partner is None:
        return "", None
    school = db.session.get(School, document.school_id)
    other = _latest(school, partner, document.academic_year)
    return (other.protocol_number, other.protocol_date) if other else ("", None)


def _protocol_text(protocol: tuple[str, dt.date | None]) -> str:
    number, date = protocol
    return (f"от {date.strftime('%d.%m.%Y') if date else BLANK_DATE} "
            f"№ {number or '______'}")


def _order_reference(order: SchoolDocument | None) -> str:
    date = order.date.strftime("%d.%m.%Y") if order else BLANK_DATE
    return f"от {date} № {order.number if order else '______'}"


def _annex(kind: DocumentKind, order: SchoolDocument | None) -> list[str]:
    if kind not in ANNEXES:
        return []
    return [f"Приложение {ANNEXES[kind]}", f"к приказу {_order_reference(order)}"]


def _stamps(kind: DocumentKind, school: School, document: SchoolDocument,
            order: SchoolDocument | None) -> tuple[list[str], list[str]]:
    """The Regulation and the road map are approved by the order approving the Regulation."""
    if kind not in ANNEXES:
        return [], []
    approved = "УТВЕРЖДЕНО" if kind is DocumentKind.REGULATION else "УТВЕРЖДЕНА"
    right = [approved, "приказом руководителя", school.short_name, _order_reference(order)]
    if kind is DocumentKind.ROADMAP:
        return [], right
    left = ["РАССМОТРЕНО", "на заседании педагогического совета",
            f"протокол {_protocol_text(council_protocol(document))}"]
    return left, right


def _period(row: dict) -> str:
    def day(value) -> str:
        return value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value or BLANK)
    return f"с {day(row.get('starts_on'))} по {day(row.get('ends_on'))}"


def _with_position(name: str, position: str | None) -> str:
    return f"{name}, {_mid_sentence(position)}" if position else name


def _pairs_table(rows: list[dict]) -> Block:
    def mentees(row: dict) -> str:
        positions = row.get("mentee_positions") or [None] * len(row["mentees"])
        return "; ".join(_with_position(name, position)
                         for name, position in zip(row["mentees"], positions, strict=False))
    return Block(
        "table",
        header=["№", "Наставник", "Наставляемый (наставляемые)", "Форма наставничества",
                "Срок"],
        rows=[[str(i), _with_position(row["mentor"], row.get("mentor_position")),
               mentees(row), str(row.get("form") or ""), _period(row)]
              for i, row in enumerate(rows, 1)],
        widths=[5, 25, 30, 20, 20],
    )


def _mentors_list(rows: list[dict]) -> list[Block]:
    """The mentors of the year, each once, named in the dative («объявить благодарность
    Кузнецовой Ирине Павловне, учителю математики»)."""
    mentors: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        merits = mentors.setdefault((row["mentor"], row.get("mentor_position") or ""), [])
        merits += [m for m in row.get("merits", []) if m not in merits]
    items = []
    for i, ((name, position), merits) in enumerate(mentors.items(), 1):
        dative = PersonName.parse(name).full(Case.DATIVE)
        if position:
            dative += ", " + _mid_sentence(position_in(position, Case.DATIVE))
        if merits:
            dative += ", — " + "; ".join(merits)
        items.append(Block("paragraph", f"{i}) {dative}{'.' if i == len(mentors) else ';'}"))
    return items


def _simple_table(header: list[str], rows: list[list[str]], widths: list[int]) -> Block:
    return Block("table", header=header, rows=[[str(c) for c in row] for row in rows],
                 widths=widths)


# What the final event's documents say while the school has not recorded the event.
EVENT_BLANKS = {
    "event_format": "______________ (очно, дистанционно, в смешанном формате)",
    "event_mentors": "___", "event_mentees": "___", "event_participants": "___",
    "pairs_formed": "___", "pairs_finished": "___", "pairs_ended_early": "___",
    "pairs_active": "___", "nominations_count": "___",
}


def event_values(start_year: int, given: dict[str, str]) -> dict[str, str]:
    """The final event's placeholders: the provider's values, else blanks to fill by hand."""
    return {**EVENT_BLANKS, "event_date": f"«___» ____________ {start_year + 1} г.",
            **given}


def _roadmap_table(rows: list[dict]) -> Block:
    """One row per activity; each stage once, as a heading row spanning the table."""
    table, spans, stage = [], [], None
    for row in rows:
        if row["stage"] != stage:
            stage = row["stage"]
            spans.append(len(table))
            table.append([stage, "", "", ""])
        table.append([row["activities"], row["dates"], row["responsible"], row["result"]])
    return Block(
        "table",
        header=["Содержание деятельности и мероприятия", "Сроки", "Ответственные",
                "Ожидаемый результат (документ)"],
        rows=table, spans=spans, widths=[40, 16, 20, 24],
    )


def _activities_table() -> Block:
    return Block(
        "table",
        header=["№", "Мероприятие", "Сроки", "Ожидаемый результат", "Отметка о выполнении"],
        rows=[[f"{i}.", "", "", "", ""] for i in range(1, ACTIVITY_ROWS + 1)],
        widths=[6, 38, 14, 26, 16],
    )


def _acquainted(values: dict[str, str], pairs: list[dict]) -> list[str]:
    """The curator and everyone the order names, each once, by initials and surname."""
    names = [values["curator_name"]] if values["curator_name"] else []
    for row in pairs:
        names += [row["mentor"], *row["mentees"]]
    unique = list(dict.fromkeys(names))
    return [initials(name) for name in unique] or [BLANK, BLANK, BLANK]
