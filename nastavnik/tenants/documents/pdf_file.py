"""The PDF of a document (reportlab platypus), laid out after ГОСТ Р 7.0.97-2016.

Every string becomes a paragraph through ``platform.pdf.paragraph``, which escapes it:
platypus paragraphs are a markup language, and a curator's «<» or «&» must print as typed.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from nastavnik.platform.pdf import (
    FONT,
    MARGINS,
    TABLE_STYLE,
    build_pdf,
    paragraph,
    unbreakable_widths,
)
from nastavnik.tenants.documents.content import Block, Content, compose
from nastavnik.tenants.documents.models import SchoolDocument

TEXT_WIDTH = A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"]
WIDE_TEXT_WIDTH = landscape(A4)[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"]
# A table's cells set their font even when they hold paragraphs; without FONTNAME it is
# reportlab's Helvetica, named (unembedded) in the PDF though nothing prints in it.
PLAIN = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)])


def render_pdf(document: SchoolDocument) -> bytes:
    return content_pdf(compose(document))


def content_pdf(content: Content) -> bytes:
    """The PDF of any composed content (a school document, a pair's program)."""
    width = WIDE_TEXT_WIDTH if content.wide else TEXT_WIDTH
    story = _requisites(content, width)
    for block in content.blocks:
        story.append(_block(block, width))
    if content.is_order:
        story += _signature(content, width)
    return build_pdf(story, title=content.title, author=content.school_name,
                     wide=content.wide)


def _row(cells: list[Flowable], widths: list[float]) -> Table:
    return Table([cells], colWidths=widths, style=PLAIN)


def _requisites(content: Content, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    if content.annex:  # «Приложение N к приказу …» in the top right corner
        story += [_row([Spacer(1, 1), paragraph(content.annex, "Left")],
                       [width - 75 * mm, 75 * mm]), Spacer(1, 4 * mm)]
    story.append(paragraph(content.school_name, "Title"))
    if content.is_order:
        half = width / 2
        story += [
            Spacer(1, 4 * mm), paragraph("ПРИКАЗ", "Title"),
            _row([paragraph(content.date, "Left"), paragraph(f"№ {content.number}", "Right")],
                 [half, half]),
            paragraph(content.place, "Center"), Spacer(1, 4 * mm),
            paragraph(content.title, "DocumentHeading"),
        ]
        return story
    if content.stamp_left or content.stamp_right:
        half = width / 2
        story += [Spacer(1, 4 * mm),
                  _row([paragraph(content.stamp_left, "Left"),
                        paragraph(content.stamp_right, "Left")], [half, half]),
                  Spacer(1, 6 * mm)]
    story += [paragraph(content.title, "Title"), paragraph(content.place, "Center")]
    return story


def _block(block: Block, width: float) -> Flowable:
    if block.type == "heading":
        return paragraph(block.text, "Heading")
    if block.type == "table":
        return _table(block, width)
    return paragraph(block.text, "DocumentText")


def _table(block: Block, width: float) -> Table:
    plain_rows = [row for i, row in enumerate(block.rows) if i not in block.spans]
    widths = unbreakable_widths(block.header, plain_rows, block.widths, width)
    header = [paragraph(text, "TableHeader") for text in block.header]
    data = [header]
    style = list(TABLE_STYLE)
    for i, row in enumerate(block.rows, 1):
        if i - 1 in block.spans:  # a stage: one bold cell across the table
            data.append([paragraph(row[0], "TableHeader"), *[""] * (len(row) - 1)])
            style += [("SPAN", (0, i), (-1, i)),
                      ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f5f5f5"))]
        else:
            data.append([paragraph(text, "TableCell") for text in row])
    return Table(data, colWidths=widths, repeatRows=1, style=style, spaceBefore=4,
                 spaceAfter=8)


def _signature(content: Content, width: float) -> list[Flowable]:
    third = width / 3
    # The signature never stands alone on a page: it keeps to the last lines of the text.
    return [
        KeepTogether([
            Spacer(1, 10 * mm),
            _row([paragraph(content.signer_position, "Left"),
                  paragraph("______________", "Center"),
                  paragraph(content.signer, "Right")], [third, third, third]),
        ]),
        Spacer(1, 10 * mm),
        paragraph("С приказом ознакомлены:", "Left"),
        *(paragraph(f"______________ / {name} / «___» ____________ 20___ г.", "Left")
          for name in content.acquainted),
    ]
