"""The PDF of a document (reportlab platypus), laid out after ГОСТ Р 7.0.97-2016.

Every string becomes a paragraph through ``platform.pdf.paragraph``, which escapes it:
platypus paragraphs are a markup language, and a curator's «<» or «&» must print as typed.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from nastavnik.platform.pdf import MARGINS, TABLE_STYLE, paragraph
from nastavnik.tenants.documents.content import Block, Content, compose
from nastavnik.tenants.documents.models import SchoolDocument

TEXT_WIDTH = A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"]
PLAIN = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)])


def render_pdf(document: SchoolDocument) -> bytes:
    content = compose(document)
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, title=content.title,
                            author=content.school_name, lang="ru-RU", **MARGINS)
    story = _requisites(content)
    for block in content.blocks:
        story.append(_block(block))
    if content.is_order:
        story += _signature(content)
    pdf.build(story)
    return buffer.getvalue()


def _row(cells: list[Flowable], widths: list[float]) -> Table:
    return Table([cells], colWidths=widths, style=PLAIN)


def _requisites(content: Content) -> list[Flowable]:
    story: list[Flowable] = [paragraph(content.school_name, "Title")]
    if content.is_order:
        half = TEXT_WIDTH / 2
        story += [
            Spacer(1, 4 * mm), paragraph("ПРИКАЗ", "Title"),
            _row([paragraph(content.date, "Left"), paragraph(f"№ {content.number}", "Right")],
                 [half, half]),
            paragraph(content.place, "Center"), Spacer(1, 4 * mm),
            paragraph(content.title, "DocumentHeading"),
        ]
        return story
    if content.stamp_left or content.stamp_right:
        half = TEXT_WIDTH / 2
        story += [Spacer(1, 4 * mm),
                  _row([paragraph(content.stamp_left, "Left"),
                        paragraph(content.stamp_right, "Left")], [half, half]),
                  Spacer(1, 6 * mm)]
    story.append(paragraph(content.title, "Title"))
    return story


def _block(block: Block) -> Flowable:
    if block.type == "heading":
        return paragraph(block.text, "Heading")
    if block.type == "table":
        total = sum(block.widths)
        header = [paragraph(text, "TableHeader") for text in block.header]
        data = [header, *([paragraph(text, "TableCell") for text in row] for row in block.rows)]
        return Table(data, colWidths=[TEXT_WIDTH * w / total for w in block.widths],
                     repeatRows=1, style=TABLE_STYLE, spaceBefore=4, spaceAfter=8)
    return paragraph(block.text, "DocumentText")


def _signature(content: Content) -> list[Flowable]:
    third = TEXT_WIDTH / 3
    return [
        Spacer(1, 10 * mm),
        _row([paragraph(content.signer_position, "Left"), paragraph("______________", "Center"),
              paragraph(content.signer, "Right")], [third, third, third]),
        Spacer(1, 10 * mm),
        paragraph("С приказом ознакомлены:", "Left"),
        *(paragraph(f"______________ / {name} / «___» ____________ 20___ г.", "Left")
          for name in content.acquainted),
    ]
