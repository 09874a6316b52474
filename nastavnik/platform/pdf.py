"""The one place PDFs get their fonts, base styles and paragraphs.

reportlab's built-in fonts have no Cyrillic. We register PT Sans (OFL, shipped by the pip
package ``fontpkg-pt-sans``) once per process under the family name ``PTSans`` and build
every style from it, so no PDF of the platform can fall back to a Latin-only font.

A platypus ``Paragraph`` reads its text as markup: ``<img src>`` embeds a file from the
server's disk, ``<link>`` adds a live link, a lone ``<`` aborts the build. Every caller
therefore builds paragraphs with ``paragraph()``, which escapes the text it is given.

Every PDF is built by ``build_pdf``: its canvas starts in PT Sans (reportlab's canvas
otherwise opens each page in Helvetica, a font it never embeds, so `pdffonts` listed an
unembedded Helvetica in every file), and pages from the second on carry their number at
the top centre, as ГОСТ Р 7.0.97-2016 asks of a multi-page document.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from xml.sax.saxutils import escape

import fontpkg_pt_sans
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

FONT = "PTSans"
FONT_BOLD = "PTSans-Bold"
_FILES = {
    FONT: "PT_Sans-Web-Regular.ttf",
    FONT_BOLD: "PT_Sans-Web-Bold.ttf",
    "PTSans-Italic": "PT_Sans-Web-Italic.ttf",
    "PTSans-BoldItalic": "PT_Sans-Web-BoldItalic.ttf",
}
# Margins of ГОСТ Р 7.0.97-2016 for organisational documents: left 20 mm (we use 25 for
# binding), right 10, top and bottom 20.
MARGINS = {"leftMargin": 25 * mm, "rightMargin": 10 * mm, "topMargin": 20 * mm,
           "bottomMargin": 20 * mm}


@cache
def register_fonts() -> str:
    """Register the Cyrillic family once; return the regular font's name."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(fontpkg_pt_sans.ROOT / "files" / filename)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic="PTSans-Italic",
                                  boldItalic="PTSans-BoldItalic")
    return FONT


@cache
def styles() -> StyleSheet1:
    """Paragraph styles for documents and reports, all in PT Sans."""
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("Body", fontName=FONT, fontSize=12, leading=16, alignment=TA_JUSTIFY,
                          spaceAfter=4)
    sheet.add(base)
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=10, leading=13))
    sheet.add(ParagraphStyle("Title", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18,
                             alignment=TA_CENTER, spaceAfter=8))
    sheet.add(ParagraphStyle("Heading", parent=base, fontName=FONT_BOLD, fontSize=12,
                             spaceBefore=8, spaceAfter=4))
    sheet.add(ParagraphStyle("Center", parent=base, alignment=TA_CENTER))
    sheet.add(ParagraphStyle("TableCell", parent=base, fontSize=10, leading=12,
                             alignment=0, spaceAfter=0))
    sheet.add(ParagraphStyle("TableHeader", parent=sheet["TableCell"], fontName=FONT_BOLD))
    # Organisational documents (ГОСТ Р 7.0.97-2016): 1.25 cm first-line indent for the text,
    # a bold left-aligned heading to the text, requisites flush left or right.
    sheet.add(ParagraphStyle("DocumentText", parent=base, firstLineIndent=12.5 * mm))
    sheet.add(ParagraphStyle("DocumentHeading", parent=base, fontName=FONT_BOLD,
                             alignment=TA_LEFT, spaceBefore=6, spaceAfter=8))
    sheet.add(ParagraphStyle("Left", parent=base, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Right", parent=base, alignment=TA_RIGHT))
    return sheet


def paragraph(text: str | Sequence[str], style: str) -> Paragraph:
    """A paragraph printing ``text`` exactly as typed; a list of lines is joined by breaks."""
    lines = [text] if isinstance(text, str) else text
    return Paragraph("<br/>".join(escape(line) for line in lines), styles()[style])


TABLE_STYLE = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
    ("FONTSIZE", (0, 0), (-1, -1), 10),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
]


PAGE_NUMBER_SIZE = 10


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(FONT, PAGE_NUMBER_SIZE)
    width, height = doc.pagesize
    canvas.drawCentredString(width / 2, height - doc.topMargin / 2, str(doc.page))
    canvas.restoreState()


def build_pdf(story: list[Flowable], *, title: str, author: str = "",
              wide: bool = False, numbered: bool = True) -> bytes:
    """The PDF of ``story`` on A4 (landscape if ``wide``), every font embedded."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4) if wide else A4, title=title,
                            author=author, lang="ru-RU", initialFontName=FONT,
                            initialFontSize=12, **MARGINS)
    later = _page_number if numbered else (lambda _canvas, _doc: None)
    doc.build(story, onLaterPages=later)
    return buffer.getvalue()


CELL_PADDING = 6  # reportlab's default left and right padding of a table cell


def unbreakable_widths(header: Sequence[str], rows: Sequence[Sequence[str]],
                       weights: Sequence[float], total: float,
                       size: float = 10) -> list[float]:
    """Column widths in proportion to ``weights`` where no column is narrower than its
    longest word (so «Ответственные» or «01.09.2026» never break in the middle)."""
    register_fonts()
    minimum = []
    for column, title in enumerate(header):
        words = [(word, FONT_BOLD) for word in title.split()]
        words += [(word, FONT) for row in rows for word in row[column].split()]
        longest = max((pdfmetrics.stringWidth(w, font, size) for w, font in words), default=0)
        minimum.append(longest + 2 * CELL_PADDING + 1)
    fixed: dict[int, float] = {}
    while len(fixed) < len(weights):
        free = [i for i in range(len(weights)) if i not in fixed]
        room = total - sum(fixed.values())
        share = sum(weights[i] for i in free)
        trial = {i: room * weights[i] / share for i in free}
        narrow = [i for i in free if trial[i] < minimum[i]]
        if not narrow:
            return [fixed.get(i, trial.get(i, 0.0)) for i in range(len(weights))]
        fixed.update({i: minimum[i] for i in narrow})
    # Even the longest words do not fit side by side: shrink them all alike.
    return [width * total / sum(minimum) for width in minimum]
