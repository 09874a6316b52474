"""What a report says, before it is a PDF or an XLSX: tables, charts, the appendix.

The PDF and the XLSX render the same ``Content``, so their numbers cannot differ. Every
figure comes from ``platform/oversight`` at the report's snapshot (year, day, log
position): building it again at that position gives the same numbers. Names are of
places (schools, municipalities) only; the state tables hold no teacher's name at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.oversight.documents import school_documents
from nastavnik.platform.oversight.figures import (
    LEVEL_OF,
    Figures,
    Place,
    Snapshot,
    children,
    figures,
    per_school,
)
from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Slice,
    Value,
    add_up,
    indicators,
)
from nastavnik.platform.oversight.names import name, names
from nastavnik.platform.oversight.pairs import by_form, forms_of, members, working_on
from nastavnik.platform.oversight.ranking import rank
from nastavnik.platform.oversight.roadmap import STAGES, stages_of

Cell = str | int | float | None
Progress = Callable[[int], None]
TOTAL = "Итого"
STAGES_HEADING = "Дорожная карта по этапам: просроченные мероприятия"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → URL


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[float]


@dataclass
class Part:
    heading: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


@dataclass
class Content:
    title: str
    place_name: str
    meta: list[tuple[str, str]]
    parts: list[Part]
    appendix: list[Part] = field(default_factory=list)
    # The appendix as one table (the XLSX sheet); the PDF prints ``appendix`` instead.
    appendix_table: Table | None = None


def russian_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def meta(place: Place, shot: Snapshot, built_at: dt.datetime,
         total: dict[str, Value] | None = None) -> list[tuple[str, str]]:
    local = built_at.astimezone(clock.zone(place))
    found = [("Учебный год", f"{shot.academic_year}/{shot.academic_year + 1}"),
             ("По состоянию на", russian_date(shot.as_of)),
             ("Сформирован", local.strftime("%d.%m.%Y %H:%M") + f" ({local.tzname()})"),
             ("Позиция журнала событий", str(shot.position))]
    coverage = (total or {}).get("schools_reporting")
    if coverage is not None and coverage.base:
        found.append(("Охват (школы с данными ÷ все школы)",
                      f"{int(coverage.amount)} из {int(coverage.base)}"))
    return found


def place_name(place: Place) -> str:
    return place.short_name if isinstance(place, School) else place.name


def header_of(indicator: Indicator) -> str:
    return f"{indicator.name}, {indicator.unit}"


def sections(chosen: list[Indicator]) -> dict[str, list[Indicator]]:
    found: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in chosen:
        found[indicator.section].append(indicator)
    return dict(found)


def indicator_table(title: str, chosen: list[Indicator], first: str,
                    rows: Iterable[tuple[str, dict[str, Value]]],
                    total: dict[str, Value] | None) -> Table:
    """Places down, indicators across; the total last."""
    body = [[label, *(i.result(values.get(i.code, ZERO)) for i in chosen)]
            for label, values in rows]
    if total is not None:
        body.append([TOTAL, *(i.result(total.get(i.code, ZERO)) for i in chosen)])
    return Table(title, [first, *map(header_of, chosen)], body)


def summary(fig: Figures) -> Table:
    rows = [[i.name, fig.result(i.code), i.unit, i.formula] for i in fig.indicators]
    return Table("Сводка показателей", ["Показатель", "Значение", "Ед.", "Как считается"], rows)


def _slice(place: Place, shot: Snapshot) -> Slice:
    return Slice(LEVEL_OF[type(place)], place.id, shot.academic_year, shot.as_of,
                 shot.position)


def stage_table(fig: Figures, first: str) -> Table:
    """Overdue roadmap activities per stage, per school or municipality (each row's stage
    counts roll up with its figures: nothing is read again)."""
    header = [first, *(f"{name('stage', s)}: просрочено" for s in STAGES), "Всего просрочено"]
    rows: list[list[Cell]] = []
    for row in fig.rows:
        cells = stages_of(row.values)
        counts = [cells[s].overdue if s in cells else 0 for s in STAGES]
        rows.append([place_name(row.place), *counts, sum(counts)])
    totals = [sum(row[1 + n] for row in rows) for n in range(len(STAGES) + 1)]
    rows.append([TOTAL, *totals])
    return Table(STAGES_HEADING, header, rows)


def forms_chart(fig: Figures) -> Chart:
    counted = forms_of(fig.total)
    order = [code for code in names("form") if code in counted]
    order += sorted(code for code in counted if code not in order)
    return Chart("Действующие пары и группы по формам наставничества",
                 [name("form", code) for code in order], [counted[c] for c in order])


def coverage_chart(fig: Figures) -> Chart:
    indicator = next((i for i in fig.indicators if i.code == "young_with_mentor"), None)
    labels = [place_name(row.place) for row in fig.rows]
    values = [indicator.result(row.value(indicator.code)) or 0 if indicator else 0
              for row in fig.rows]
    return Chart("Охват молодых специалистов наставничеством, %", labels, values)


def ranking_table(fig: Figures, first: str) -> Table:
    ranking = rank(fig)
    header = ["Место", first, "Средний балл",
              *(f"{i.name}, баллы" for i in ranking.indicators)]
    rows = [[r.place, place_name(r.row.place), r.mean,
             *(r.points.get(i.code) for i in ranking.indicators)] for r in ranking.places]
    notes = ["Баллы по показателю: 100 × значение ÷ лучшее значение (где меньше — лучше: "
             "100 × лучшее ÷ значение); место — по среднему баллу, равные делят место.",
             *ranking.notes]
    return Table("Рейтинг", header, rows, notes)


def place_report(place: Municipality | Region, shot: Snapshot, built_at: dt.datetime,
                 progress: Progress) -> Content:
    """The municipal or regional report: summary, sections, charts, ranking, appendix."""
    regional = isinstance(place, Region)
    first = "Муниципалитет" if regional else "Школа"
    values = per_school(place, shot)
    fig = figures(place, shot, values)
    progress(20)
    parts = [Part("Сводка", [summary(fig)], text=[
        f"{'Муниципалитетов' if regional else 'Образовательных организаций'}: "
        f"{len(fig.rows)}."])]
    for section, chosen in sections(fig.indicators).items():
        rows = ((place_name(row.place), row.values) for row in fig.rows)
        parts.append(Part(section, [indicator_table(section, chosen, first, rows, fig.total)]))
    parts.append(Part(STAGES_HEADING, [stage_table(fig, first)]))
    progress(40)
    parts.append(Part("Диаграммы", charts=[coverage_chart(fig), forms_chart(fig)]))
    parts.append(Part("Рейтинг", [ranking_table(fig, first)]))
    progress(50)
    appendix, flat = appendix_of(place, fig, values, progress)
    title = ("Региональный" if regional else "Муниципальный") + \
        " отчёт о реализации системы наставничества педагогических работников"
    return Content(title, place.name, meta(place, shot, built_at, fig.total), parts, appendix,
                   flat)


def appendix_of(place: Municipality | Region, fig: Figures,
                values: dict[int, dict[str, Value]],
                progress: Progress) -> tuple[list[Part], Table]:
    """Per municipality its schools' figures (regional), per school its own (municipal)."""
    chosen = fig.indicators
    if isinstance(place, Region):
        groups = [(row.place, children(row.place)) for row in fig.rows]
    else:
        groups = [(row.place, [row.place]) for row in fig.rows]
    parts, flat_rows = [], []
    for done, (group, schools) in enumerate(groups, start=1):
        if isinstance(place, Region):
            rows = [(place_name(s), values.get(s.id, {})) for s in schools]
            total = add_up(values.get(s.id, {}) for s in schools)
            tables = [indicator_table(section, ind, "Школа", rows, total)
                      for section, ind in sections(chosen).items()]
        else:
            own = values.get(group.id, {})
            tables = [Table("Показатели школы", ["Показатель", "Значение", "Ед."],
                            [[i.name, i.result(own.get(i.code, ZERO)), i.unit]
                             for i in chosen])]
        parts.append(Part(place_name(group), tables))
        for school in schools:
            own = values.get(school.id, {})
            flat_rows.append([*([group.name] if isinstance(place, Region) else []),
                              place_name(school),
                              *(i.result(own.get(i.code, ZERO)) for i in chosen)])
        progress(50 + 40 * done // max(len(groups), 1))
    first = ["Муниципалитет", "Школа"] if isinstance(place, Region) else ["Школа"]
    return parts, Table("Школы", [*first, *map(header_of, chosen)], flat_rows)


# The school's monitoring card -----------------------------------------------------------

def fixed_by_form(s: Slice) -> dict[str, int]:
    """The school's working pairs and groups of each form fixed by an approved order."""
    rows = db.session.execute(
        select(members.c.form, func.count())
        .where(*working_on(s), members.c.role == "mentor", members.c.order_document.is_not(None))
        .group_by(members.c.form))
    return {form: int(count) for form, count in rows}


def school_card(school: School, shot: Snapshot, built_at: dt.datetime,
                link: Callable[[int], str], progress: Progress) -> Content:
    s = _slice(school, shot)
    documents = school_documents(s, school.id)
    docs = Table("Обязательные документы",
                 ["Документ", "Утверждён", "Номер", "Дата", "Дата утверждения", "Ссылка"], [])
    for row, found in enumerate(documents):
        url = link(found.document) if found.document else None
        docs.rows.append([found.label, "да" if found.document else "нет", found.number or "",
                          russian_date(found.dated) if found.dated else "",
                          russian_date(found.approved_on) if found.approved_on else "",
                          url or ""])
        if url:
            docs.links[(row, 5)] = url
    progress(40)
    working = by_form(s).get(school.id, {})
    fixed = fixed_by_form(s)
    order = [c for c in names("form") if c in working] + sorted(set(working) - set(names("form")))
    pairs = Table("Пары и группы по формам наставничества",
                  ["Форма наставничества", "Действующих пар и групп",
                   "из них закреплено приказом"],
                  [[name("form", c), working[c], fixed.get(c, 0)] for c in order])
    pairs.rows.append([TOTAL, sum(working.values()), sum(fixed.get(c, 0) for c in working)])
    progress(60)
    own = per_school(school, shot).get(school.id, {})
    chosen = indicators(LEVEL_OF[School])
    people = Table("Участники", ["Показатель", "Значение", "Ед."],
                   [[i.name, i.result(own.get(i.code, ZERO)), i.unit]
                    for i in chosen if i.code in ("mentors", "mentees")])
    every = Table("Показатели школы", ["Показатель", "Значение", "Ед."],
                  [[i.name, i.result(own.get(i.code, ZERO)), i.unit] for i in chosen])
    progress(80)
    title = "Карта мониторинга реализации системы наставничества"
    parts = [Part("Документы", [docs]), Part("Пары и группы", [pairs]),
             Part("Наставники и наставляемые", [people]), Part("Показатели", [every])]
    place = f"{school.name} ({school.municipality.name})"
    return Content(title, place, meta(school, shot, built_at), parts)
