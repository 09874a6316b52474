"""A report's ``Content`` as a PDF: title page, parts, charts, appendix (landscape A4).

Fonts, page numbers and the escaping of text come from ``platform/pdf.py``. Table cells are
paragraphs that never split a word (``splitLongWords=0``) in columns at least as wide as
their longest word (``unbreakable_widths``); a table with more indicators than fit across
the page is printed in several, each repeating the first column.
"""

from __future__ import annotations

from functools import cache
from itertools import zip_longest
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus import Table as PdfTable

from nastavnik.platform.pdf import (
    CELL_PADDING,
    FONT,
    FONT_BOLD,
    MARGINS,
    TABLE_STYLE,
    build_pdf,
    paragraph,
    styles,
    unbreakable_widths,
)
from nastavnik.workers.reports.content import Cell, Chart, Content, Part, Table

PAGE_WIDTH = landscape(A4)[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"]
SIZE = 8  # table text: a dozen columns fit across a landscape page
COLUMNS_PER_TABLE = 7  # the first column and up to six indicators
ROWS_PER_TABLE = 30
CHART_LABEL = 28  # characters of a place's name under a bar
BARS_PER_CHART = 25  # 5 mm a bar: a chart fits on a landscape page


@cache
def _style(bold: bool = False) -> ParagraphStyle:
    """Table text; ``splitLongWords=0``: a word too long for its cell overflows, never
    breaks (the widths are chosen so that none is)."""
    return ParagraphStyle(f"ReportCell{bold:d}", parent=styles()["TableCell"],
                          fontName=FONT_BOLD if bold else FONT, fontSize=SIZE, leading=SIZE + 2,
                          splitLongWords=0)


def number(value: Cell) -> str:
    """A figure as printed: «12», «45,5», «—» where there is nothing to compute it from."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")
    return str(value)


def _numeric(value: Cell) -> bool:
    return value is None or isinstance(value, int | float)


def _cell(text: str, style: ParagraphStyle, link: str | None = None) -> Paragraph:
    markup = escape(text)
    if link:
        markup = f'<link href="{escape(link, {chr(34): "&quot;"})}">{markup}</link>'
    return Paragraph(markup, style)


def _width_sample(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """Each column's distinct texts, as rows: what the widths depend on, without measuring
    the same «0» four thousand times."""
    distinct = [sorted({row[c] for row in rows}) for c in range(len(header))]
    return [list(texts) for texts in zip_longest(*distinct, fillvalue="")]


def _body_cell(value: Cell, text: str, link: str | None, width: float) -> Paragraph | str:
    # What fits on one line (every number, most names) is a plain string: drawn as is,
    # never read as markup, at a fraction of a paragraph's cost (a regional appendix has a
    # hundred thousand cells). Longer text wraps between words in a paragraph.
    if not link and (_numeric(value) or
                     stringWidth(text, FONT, SIZE) <= width - 2 * CELL_PADDING):
        return text
    return _cell(text, _style(), link)


def table(data: Table, first_weight: float = 3) -> list[Flowable]:
    """``data`` as one or more PDF tables across the page, with its notes below."""
    found: list[Flowable] = []
    rest = list(range(1, len(data.header)))
    step = COLUMNS_PER_TABLE - 1
    for chunk in [rest[i:i + step] for i in range(0, len(rest), step)] or [[]]:
        columns = [0, *chunk]
        header = [data.header[c] for c in columns]
        rows = [[number(row[c]) for c in columns] for row in data.rows]
        widths = unbreakable_widths(header, _width_sample(header, rows),
                                    [first_weight, *([1] * len(chunk))], PAGE_WIDTH, SIZE)
        head = [_cell(text, _style(True)) for text in header]
        body = [[_body_cell(data.rows[r][c], text, data.links.get((r, c)), widths[n])
                 for n, (c, text) in enumerate(zip(columns, row, strict=True))]
                for r, row in enumerate(rows)]
        # Blocks of rows, each its own table under the header: reportlab measures a long
        # table again at every page it splits (4,000 schools took minutes).
        for start in range(0, max(len(body), 1), ROWS_PER_TABLE):
            grid = PdfTable([head, *body[start:start + ROWS_PER_TABLE]], colWidths=widths,
                            repeatRows=1)
            grid.setStyle([*TABLE_STYLE, ("FONTSIZE", (0, 0), (-1, -1), SIZE),
                           ("ALIGN", (1, 1), (-1, -1), "RIGHT")])
            found.append(grid)
        found.append(Spacer(1, 3 * mm))
    found += [paragraph(note, "Small") for note in data.notes]
    return found


def chart(data: Chart) -> list[Flowable]:
    """``data`` as bar charts of at most ``BARS_PER_CHART`` bars each (60 municipalities
    in one would not fit on a page), every label in PT Sans."""
    many = len(data.labels) > 12  # bars across, their names on the left: all parts alike
    if len(data.labels) <= BARS_PER_CHART:
        return [_bars(data.title, data.labels, data.values, many)]
    parts = range(0, len(data.labels), BARS_PER_CHART)
    return [_bars(f"{data.title} ({n} из {len(parts)})", data.labels[i:i + BARS_PER_CHART],
                  data.values[i:i + BARS_PER_CHART], many)
            for n, i in enumerate(parts, start=1)]


def _bars(title: str, labels: list[str], values: list[float], many: bool) -> Drawing:
    """One bar chart; reportlab.graphics draws Helvetica unless told otherwise."""
    height = max(60 * mm, 5 * len(labels) * mm) if many else 80 * mm
    drawing = Drawing(PAGE_WIDTH, height + 12 * mm, initialFontName=FONT)
    bars = HorizontalBarChart() if many else VerticalBarChart()
    bars.x, bars.y = (70 * mm, 5 * mm) if many else (15 * mm, 25 * mm)
    bars.width = PAGE_WIDTH - bars.x - 10 * mm
    bars.height = height - (5 if many else 25) * mm
    bars.data = [values or [0]]
    bars.categoryAxis.categoryNames = [_short(label) for label in labels] or [""]
    bars.bars[0].fillColor = colors.HexColor("#2c6fbb")
    for axis in (bars.categoryAxis, bars.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = FONT, SIZE
    if many:
        bars.categoryAxis.reverseDirection = True  # the first place on top, as in the tables
    else:
        bars.categoryAxis.labels.angle, bars.categoryAxis.labels.boxAnchor = 30, "ne"
    bars.valueAxis.valueMin = 0
    bars.barLabelFormat = lambda value: number(float(value))
    bars.barLabels.fontName, bars.barLabels.fontSize = FONT, SIZE
    bars.barLabels.nudge = 7
    drawing.add(bars)
    drawing.add(String(0, height + 4 * mm, title, fontName=FONT_BOLD, fontSize=11))
    return drawing


def _short(label: str) -> str:
    return label if len(label) <= CHART_LABEL else label[:CHART_LABEL - 1] + "…"


def part(data: Part, heading_style: str = "Heading") -> list[Flowable]:
    found: list[Flowable] = [CondPageBreak(40 * mm), paragraph(data.heading, heading_style)]
    found += [paragraph(line, "Small") for line in data.text]
    for item in data.tables:
        if item.title != data.heading:
            found.append(paragraph(item.title, "Small"))
        found += table(item)
    found += [KeepTogether([drawing, Spacer(1, 5 * mm)]) for item in data.charts
              for drawing in chart(item)]
    return found


def title_page(content: Content) -> list[Flowable]:
    found: list[Flowable] = [Spacer(1, 30 * mm), paragraph(content.title, "Title"),
                             paragraph(content.place_name, "Center"), Spacer(1, 10 * mm)]
    meta = [[label, value] for label, value in content.meta]
    widths = unbreakable_widths(["", ""], meta, [1, 1], 150 * mm, 10)
    grid = PdfTable([[_cell(a, styles()["TableCell"]), _cell(b, styles()["TableCell"])]
                     for a, b in meta], colWidths=widths)
    grid.setStyle([*TABLE_STYLE[:1], ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)])
    found += [grid, Spacer(1, 8 * mm), paragraph(
        "Показатели рассчитаны по журналу событий платформы «Наставник» на указанную позицию: "
        "отчёт, построенный заново с той же позиции, даёт те же числа. Имена педагогов в "
        "отчёт не входят.", "Small"), PageBreak()]
    return found


def render(content: Content) -> bytes:
    story = title_page(content)
    for item in content.parts:
        story += part(item)
    if content.appendix:
        story += [PageBreak(), paragraph("Приложение", "Title")]
        for item in content.appendix:
            story += part(item)
    return build_pdf(story, title=f"{content.title}: {content.place_name}", wide=True)
