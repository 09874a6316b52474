"""The municipal and regional dashboards and a school's summary: what the pages show.

Everything here is read from a place's figures (``figures``: the stored ones on the
default page, the indicators, stage counts and pairs by form of each row), plus
``school_documents`` and ``freshness``: the pages run as many statements for 4,000
schools as for 4, and read tens of rows, not thousands. Only
numbers, states and documents reach these pages — never a teacher's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import render_template, request, url_for
from flask_babel import format_date, format_datetime
from markupsafe import Markup, escape
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.i18n import plural, ru_date
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.oversight.documents import school_documents
from nastavnik.platform.oversight.figures import (
    LEVEL_OF,
    Figures,
    Place,
    Row,
    Snapshot,
    figures,
    freshness,
    snapshot,
    total_of,
)
from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Rollup,
    Slice,
    Value,
)
from nastavnik.platform.oversight.names import name, names
from nastavnik.platform.oversight.pairs import forms_of
from nastavnik.platform.oversight.ranking import rank
from nastavnik.platform.oversight.roadmap import STAGES, STATE_LABEL, StageCell, stages_of

# How many past academic years the chooser offers besides the current one.
YEARS_BACK = 4
# The headline figures, in the order the page shows them (those a capability declared).
HEADLINE = ("teachers", "young_specialists", "young_with_mentor", "pairs", "mentees_waiting",
            "activities_overdue", "curator_appointed")
DOCUMENTS_HEADLINE = "Утверждено обязательных документов"
# A stage column sorts the worst first: overdue work, no roadmap, work under way, done.
STATE_ORDER = {"overdue": 0, "none": 1, "on_time": 2, "done": 3}
STATE_CLASS = {"done": "table-success", "on_time": "table-info", "overdue": "table-danger",
               "none": "table-secondary"}
STATE_SHORT = {"overdue": "просрочка", "none": "нет", "on_time": "в срок", "done": "выполнен"}


# The snapshot chooser ------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """The snapshot the page shows, what the form keeps, and why an input was set aside."""

    shot: Snapshot
    years: list[int]
    year: int | None  # chosen by the reader; None: the year of the date
    as_of: str  # the date field's value, as the form shows it again
    messages: list[str]
    params: dict[str, str]  # the accepted inputs, kept by the sorting links

    @property
    def is_today(self) -> bool:
        return self.shot.as_of == clock.today()


def _year_title(year: int) -> str:
    return f"{year}/{year + 1}"


def choose_snapshot(args: Mapping[str, str]) -> Choice:
    """The snapshot from the GET form; a bad, early or future input falls back, with a
    message in Russian (never an error page)."""
    today = clock.today()
    current = clock.academic_year_of(today)
    years = list(range(current, current - YEARS_BACK - 1, -1))
    earliest = dt.date(years[-1], 9, 1)
    messages: list[str] = []
    year = None
    raw_year = (args.get("year") or "").strip()
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in years:
            year = int(raw_year)
        else:
            messages.append(f"Учебный год «{raw_year}» недоступен: выберите год из списка. "
                            "Показан учебный год выбранной даты.")
    day = None
    raw_day = (args.get("as_of") or "").strip()
    if raw_day:
        day = _parse_day(raw_day, messages)
    if day is not None and day > today:
        messages.append(f"Дата {ru_date(day)} ещё не наступила: показаны данные на сегодня.")
        day = None
    if day is not None and day < earliest:
        messages.append(f"Данные доступны с {ru_date(earliest)}: показаны данные на сегодня.")
        day = None
    if day is not None and year is not None and clock.academic_year_of(day) != year:
        messages.append(f"Дата {ru_date(day)} не относится к {_year_title(year)} учебному "
                        "году: показаны данные на конец выбранного года (или на сегодня).")
        day = None
    params = {key: value for key, value in
              (("year", str(year) if year else ""), ("as_of", day.isoformat() if day else ""))
              if value}
    shot = snapshot(year, day)
    return Choice(shot, years, year, day.isoformat() if day else shot.as_of.isoformat(),
                  messages, params)


def _parse_day(raw: str, messages: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        messages.append(f"Дата «{raw[:40]}» не распознана (нужна дата вида 2026-11-27): "
                        "показаны данные на сегодня.")
        return None


# Numbers as the pages print them ---------------------------------------------------------

def number(value: float | None) -> str:
    """``12``, ``45,5``, ``1 234``; «—» where there is nothing to compute from."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")


def shown(indicator: Indicator, value: Value, one_school: bool = False) -> str:
    """An indicator's figure with its unit; a school's yes/no flag reads «да» / «нет»."""
    if one_school and indicator.unit == "% школ" and value.base == 1:
        return "да" if value.amount else "нет"
    result = indicator.result(value)
    if result is None:
        return "—"
    unit = "%" if indicator.rollup is Rollup.SHARE else indicator.unit
    return f"{number(result)}\u00a0{unit}" if unit == "%" else number(result)


def change(indicator: Indicator, now: Value, before: Value) -> str | None:
    """The change of the figure shown: «+2», «−1,5 п.п.», «без изменений»."""
    a, b = indicator.result(now), indicator.result(before)
    if a is None or b is None:
        return None
    delta = round(a - b, 1)
    if not delta:
        return "без изменений"
    sign = "+" if delta > 0 else "\u2212"
    return f"{sign}{number(abs(delta))}" + (" п.п." if indicator.rollup is Rollup.SHARE else "")


# The headline ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    change: str | None
    note: str = ""


def _documents(values: Mapping[str, Value]) -> Value:
    """Every required document of every school as one share: approved ÷ required."""
    total = ZERO
    for kind in names("document_kind"):
        total = total + values.get(f"has_{kind}", ZERO)
    return total


def headline(shown_figures: Figures, month_start: Mapping[str, Value]) -> list[Headline]:
    known = {i.code: i for i in shown_figures.indicators}
    total = shown_figures.total
    found = []
    for code in HEADLINE:
        indicator = known.get(code)
        if indicator is None:
            continue
        value = total.get(code, ZERO)
        note = ""
        if indicator.rollup is Rollup.SHARE and value.base:
            note = f"{number(value.amount)} из {number(value.base)}"
        found.append(Headline(indicator.name, shown(indicator, value),
                              change(indicator, value, month_start.get(code, ZERO)), note))
    docs_now, docs_before = _documents(total), _documents(month_start)
    if docs_now.base:
        as_share = Indicator("docs", DOCUMENTS_HEADLINE, "%", "", Rollup.SHARE, lambda s: {})
        found.append(Headline(DOCUMENTS_HEADLINE, shown(as_share, docs_now),
                              change(as_share, docs_now, docs_before),
                              f"{number(docs_now.amount)} из {number(docs_now.base)} "
                              "(школы × виды документов)"))
    return found


def month_start_values(place: Place, shot: Snapshot) -> tuple[dt.date, dict[str, Value]]:
    """The figures at the 1st of the snapshot's month, at the same log position (stored
    beside today's, so read, not computed, on the default page)."""
    first = shot.as_of.replace(day=1)
    return first, total_of(place, Snapshot(shot.academic_year, first, shot.position))


# The stage matrix -------------------------------------------------------------------------

@dataclass(frozen=True)
class MatrixRow:
    place: Place
    url: str | None
    cells: list[StageCell]

    @property
    def overdue(self) -> int:
        return sum(cell.overdue for cell in self.cells)


SORTS = {"name": "по названию", "overdue": "по числу просроченных мероприятий",
         **{f"stage-{n}": f"по этапу {n}" for n in STAGES}}


def sort_rows(rows: list[MatrixRow], sort: str) -> list[MatrixRow]:
    by_name = sorted(rows, key=lambda r: str(_title(r.place)).lower())
    if sort == "overdue":
        return sorted(by_name, key=lambda r: -r.overdue)
    if sort.startswith("stage-"):
        n = int(sort.removeprefix("stage-")) - 1
        return sorted(by_name, key=lambda r: (STATE_ORDER[r.cells[n].state], -r.cells[n].overdue))
    return by_name


def _title(place: Place) -> str:
    return place.short_name if isinstance(place, School) else place.name


# The risks -------------------------------------------------------------------------------

@dataclass
class Risk:
    place: Place
    url: str | None
    reasons: list[str] = field(default_factory=list)
    overdue: int = 0
    unmentored: int = 0


def _activities(count: int) -> str:
    return plural(count, "мероприятие", "мероприятия", "мероприятий")


def _stages_text(stages: list[int], overdue: int) -> str:
    which = ", ".join(str(n) for n in stages)
    word = "этапа" if len(stages) == 1 else "этапов"
    return (f"просрочены мероприятия {word} {which} "
            f"({_activities(overdue)})")


def school_risks(row: Row, cells: Mapping[int, StageCell], url: str | None) -> Risk:
    risk = Risk(row.place, url)
    curator = row.value("curator_appointed")
    if curator.base and not curator.amount:
        risk.reasons.append("не назначен куратор наставничества")
    late_stages = sorted(n for n, cell in cells.items() if cell.overdue)
    risk.overdue = sum(cell.overdue for cell in cells.values())
    if late_stages:
        risk.reasons.append(_stages_text(late_stages, risk.overdue))
    young = row.value("young_with_mentor")
    risk.unmentored = int(young.base - young.amount)
    if risk.unmentored > 0:
        risk.reasons.append(f"молодые специалисты без наставника: {risk.unmentored}")
    if not row.value("pairs").amount:
        risk.reasons.append("нет действующих пар и групп")
    return risk


def municipality_risks(row: Row, url: str | None) -> Risk:
    """A municipality's risks, counted over its schools (the sums its row holds)."""
    risk = Risk(row.place, url)
    curator = row.value("curator_appointed")
    if curator.base > curator.amount:
        risk.reasons.append(f"школ без куратора: {number(curator.base - curator.amount)}")
    risk.overdue = sum(cell.overdue for cell in stages_of(row.values).values())
    if behind := int(row.value("schools:behind").amount):
        risk.reasons.append(f"школ с просроченными мероприятиями: {behind} "
                            f"({_activities(risk.overdue)})")
    young = row.value("young_with_mentor")
    risk.unmentored = int(young.base - young.amount)
    if risk.unmentored > 0:
        risk.reasons.append(f"молодые специалисты без наставника: {risk.unmentored}")
    if unpaired := int(row.value("schools").amount - row.value("schools:paired").amount):
        risk.reasons.append(f"школ без действующих пар и групп: {unpaired}")
    return risk


def by_risk(risks: list[Risk]) -> list[Risk]:
    """The most overdue work first, then the most reasons, then young specialists left
    without a mentor: what is already late needs the methodologist before what may become."""
    return sorted((r for r in risks if r.reasons),
                  key=lambda r: (-r.overdue, -len(r.reasons), -r.unmentored,
                                 _title(r.place).lower()))


# Charts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # the length, 0–100 (None: nothing to draw)
    text: str  # what the bar says, also its text alternative


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart the template draws as inline SVG (no script, no style)."""

    title: str
    bars: list[Bar]
    LABEL_WIDTH = 230
    BAR_WIDTH = 300
    ROW = 24

    @property
    def height(self) -> int:
        return self.ROW * len(self.bars) + 8

    @property
    def width(self) -> int:
        return self.LABEL_WIDTH + self.BAR_WIDTH + 140

    def length(self, bar: Bar) -> float:
        return round(self.BAR_WIDTH * (bar.value or 0) / 100, 1)

    @staticmethod
    def short(label: str) -> str:
        return label if len(label) <= 30 else label[:29] + "…"


def coverage_chart(shown_figures: Figures) -> Chart:
    rows = shown_figures.rows
    young = next((i for i in shown_figures.indicators if i.code == "young_with_mentor"), None)
    bars = []
    for row in rows:
        value = row.value("young_with_mentor")
        result = young.result(value) if young else None
        text = (f"{number(result)} % ({number(value.amount)} из {number(value.base)})"
                if result is not None else "нет молодых специалистов")
        bars.append(Bar(_title(row.place), result, text))
    return Chart("Охват молодых специалистов наставничеством", bars)


def forms_chart(per_form: Mapping[str, int]) -> Chart:
    total = sum(per_form.values())
    bars = [Bar(name("form", code), 100 * count / total if total else 0,
                f"{count} ({number(round(100 * count / total, 1))} %)" if total else "0")
            for code, count in sorted(per_form.items(), key=lambda kv: (-kv[1], kv[0]))]
    return Chart("Пары и группы по формам наставничества", bars)


# The indicator table ----------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """The indicator table as the page prints it: each row's place, link and cells."""

    rows: list[tuple[Place, str | None, Markup]]
    total: Markup


def indicator_table(shown_figures: Figures, urls: Mapping[int, str | None],
                    one_school: bool) -> Table:
    """Every row's cells made here, once, each text escaped: thousands of cells are cheap
    in Python and slow as template expressions (the table is most of a 67-school page)."""
    chosen = [i for _section, group in sections(shown_figures.indicators) for i in group]

    def cells(values: Mapping[str, Value], as_school: bool) -> Markup:
        # Codes are the declarations' own identifiers; the shown text is escaped.
        return Markup("".join(
            f'<td class="text-end" data-code="{i.code}">'
            f'{escape(shown(i, values.get(i.code, ZERO), as_school))}</td>' for i in chosen))

    rows = [(row.place, urls.get(row.place.id), cells(row.values, one_school))
            for row in shown_figures.rows]
    return Table(rows, cells(shown_figures.total, False))


def sections(chosen: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    """The indicators grouped by section, in their declared order."""
    grouped: dict[str, list[Indicator]] = {}
    for indicator in chosen:
        grouped.setdefault(indicator.section, []).append(indicator)
    return list(grouped.items())


# Freshness -----------------------------------------------------------------------------------

def freshness_line(shot: Snapshot) -> str:
    fresh = freshness(shot)
    if fresh.data_at is None:
        return "данные ещё не собраны"
    at = format_datetime(fresh.data_at, "HH:mm")
    return f"данные на {at}, отставание {round(fresh.lag_seconds)} с"


# The pages ---------------------------------------------------------------------------------

def _slice(place: Place, shot: Snapshot) -> Slice:
    return Slice(LEVEL_OF[type(place)], place.id, shot.academic_year, shot.as_of,
                 shot.position)


def _here(choice: Choice) -> Callable[..., str]:
    """Links to this page keeping the chosen snapshot (the sorting links, the chooser)."""
    def link(**params: str) -> str:
        return url_for(request.endpoint, **(request.view_args or {}), **choice.params, **params)
    return link


def _common(place: Place, choice: Choice, shown_figures: Figures) -> dict:
    first, month = month_start_values(place, choice.shot)
    return {"choice": choice, "shot": choice.shot, "figures": shown_figures,
            "headline": headline(shown_figures, month),
            "month_start": format_date(first, "d MMMM"),
            "sections": sections(shown_figures.indicators), "shown": shown,
            "freshness": freshness_line(choice.shot), "here": _here(choice), "sorts": SORTS,
            "stages": [(n, name("stage", n)) for n in STAGES], "state_label": STATE_LABEL,
            "state_short": STATE_SHORT, "number": number, "title": _title, "zero": ZERO,
            "state_class": STATE_CLASS}


def municipal_page(municipality: Municipality, school_url: Callable[[School], str | None],
                   within: Region | None = None) -> str:
    """The municipal dashboard: ``school_url`` links a school's summary (None: no link)."""
    choice = choose_snapshot(request.args)
    shown_figures = figures(municipality, choice.shot)
    matrix = {row.place.id: stages_of(row.values) for row in shown_figures.rows}
    urls = {row.place.id: school_url(row.place) for row in shown_figures.rows}
    rows = [MatrixRow(row.place, urls[row.place.id],
                      [matrix.get(row.place.id, {}).get(n, StageCell()) for n in STAGES])
            for row in shown_figures.rows]
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    risks = by_risk([school_risks(row, matrix.get(row.place.id, {}), urls[row.place.id])
                     for row in shown_figures.rows])
    forms = forms_of(shown_figures.total)
    return render_template(
        "oversight/municipality.html", municipality=municipality, within=within,
        matrix=sort_rows(rows, sort), sort=sort, risks=risks, urls=urls,
        quiet=len(shown_figures.rows) - len(risks),
        charts=[coverage_chart(shown_figures), forms_chart(forms)],
        table=indicator_table(shown_figures, urls, one_school=True),
        **_common(municipality, choice, shown_figures))


def regional_page(region: Region, municipality_url: Callable[[Municipality], str]) -> str:
    choice = choose_snapshot(request.args)
    shown_figures = figures(region, choice.shot)
    urls = {row.place.id: municipality_url(row.place) for row in shown_figures.rows}
    rows = [MatrixRow(row.place, urls[row.place.id],
                      [stages_of(row.values).get(n, StageCell()) for n in STAGES])
            for row in shown_figures.rows]
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    risks = by_risk([municipality_risks(row, urls[row.place.id])
                     for row in shown_figures.rows])
    return render_template(
        "oversight/region.html", region=region, matrix=sort_rows(rows, sort), sort=sort,
        risks=risks, urls=urls, quiet=len(shown_figures.rows) - len(risks),
        schools_count={row.place.id: int(row.value("schools").amount)
                       for row in shown_figures.rows},
        ranking=rank(shown_figures),
        charts=[coverage_chart(shown_figures), forms_chart(forms_of(shown_figures.total))],
        table=indicator_table(shown_figures, urls, one_school=False),
        **_common(region, choice, shown_figures))


def school_page(school: School) -> str:
    """A school's summary for the levels above it: numbers, stage states, documents."""
    choice = choose_snapshot(request.args)
    shown_figures = figures(school, choice.shot)
    row = shown_figures.rows[0] if shown_figures.rows else Row(school, {})
    cells = stages_of(row.values)
    return render_template(
        "oversight/school.html", school=school, row=row,
        cells=[(n, label, cells.get(n, StageCell())) for n, label in
               ((n, name("stage", n)) for n in STAGES)],
        documents=school_documents(_slice(school, choice.shot), school.id),
        risk=school_risks(row, cells, None),
        **_common(school, choice, shown_figures))


def municipality_of_region(region: Region, slug: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(
        Municipality.slug == slug, Municipality.region_id == region.id))


def school_of_municipality(municipality: Municipality, slug: str) -> School | None:
    return db.session.scalar(select(School).where(
        School.slug == slug, School.municipality_id == municipality.id))

