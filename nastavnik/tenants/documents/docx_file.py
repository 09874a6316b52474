"""The editable DOCX of a document (python-docx), laid out after ГОСТ Р 7.0.97-2016."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from reportlab.lib.units import mm

from nastavnik.platform.pdf import MARGINS, unbreakable_widths
from nastavnik.tenants.documents.content import Block, Content, compose
from nastavnik.tenants.documents.models import SchoolDocument

FONT = "Times New Roman"  # what Russian offices expect in a document they edit
TEXT_WIDTH_MM = 210 - 25 - 10  # A4 minus the ГОСТ left and right margins
WIDE_TEXT_WIDTH_MM = 297 - 25 - 10  # the same, in landscape
PARAGRAPH_INDENT = Mm(12.5)  # ГОСТ Р 7.0.97: 1.25 cm first-line indent
BLACK = RGBColor(0, 0, 0)


def render_docx(document: SchoolDocument) -> bytes:
    return content_docx(compose(document))


def content_docx(content: Content) -> bytes:
    """The DOCX of any composed content (a school document, a pair's program)."""
    doc = _blank_document(content)
    _requisites(doc, content)
    width_mm = WIDE_TEXT_WIDTH_MM if content.wide else TEXT_WIDTH_MM
    for block in content.blocks:
        _block(doc, block, width_mm)
    if content.is_order:
        _signature(doc, content)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _blank_document(content: Content) -> DocxDocument:
    doc = Document()
    doc.core_properties.title = content.title
    doc.core_properties.author = content.school_name
    doc.core_properties.language = "ru-RU"
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if content.wide:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    _page_numbers(section)
    # MARGINS are reportlab points; one margin table serves both formats.
    section.left_margin, section.right_margin = Pt(MARGINS["leftMargin"]), Pt(
        MARGINS["rightMargin"])
    section.top_margin, section.bottom_margin = Pt(MARGINS["topMargin"]), Pt(
        MARGINS["bottomMargin"])
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    for name, size in (("Title", 14), ("Heading 1", 14), ("Heading 2", 14)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), BLACK
        style.font.bold = True
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(12), Pt(6)
    return doc


def _page_numbers(section) -> None:
    """The page number at the top centre from page 2 on (the first page's header is
    empty), as a PAGE field that Word and LibreOffice fill in."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _centered(doc: DocxDocument, text: str, bold: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold


def _requisites(doc: DocxDocument, content: Content) -> None:
    if content.annex:  # «Приложение N к приказу …» in the top right corner
        annex = doc.add_paragraph("\n".join(content.annex))
        annex.paragraph_format.left_indent = Mm(
            (WIDE_TEXT_WIDTH_MM if content.wide else TEXT_WIDTH_MM) - 75)
    _centered(doc, content.school_name, bold=True)
    if content.is_order:
        doc.add_heading("ПРИКАЗ", level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
        row = doc.add_table(rows=1, cols=2).rows[0]
        row.cells[0].text = content.date
        row.cells[1].text = f"№ {content.number}"
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _centered(doc, content.place)
        doc.add_heading(content.title, level=1).alignment = WD_ALIGN_PARAGRAPH.LEFT
        return
    if content.stamp_left or content.stamp_right:
        row = doc.add_table(rows=1, cols=2).rows[0]
        row.cells[0].text = "\n".join(content.stamp_left)
        row.cells[1].text = "\n".join(content.stamp_right)
    doc.add_heading(content.title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _centered(doc, content.place)


def _block(doc: DocxDocument, block: Block, width_mm: float) -> None:
    if block.type == "heading":
        doc.add_heading(block.text, level=2)
    elif block.type == "table":
        _table(doc, block, width_mm)
    else:
        paragraph = doc.add_paragraph(block.text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = PARAGRAPH_INDENT


def _table(doc: DocxDocument, block: Block, width_mm: float) -> None:
    table = doc.add_table(rows=1, cols=len(block.header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_as_header(table.rows[0])
    # The same widths as the PDF's: no column narrower than its longest word.
    plain_rows = [row for i, row in enumerate(block.rows) if i not in block.spans]
    widths = unbreakable_widths(block.header, plain_rows, block.widths, width_mm * mm)
    spans = []
    for i, values in enumerate(block.rows):
        cells = table.add_row().cells
        if i in block.spans:
            spans.append((cells, values[0]))
            continue
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for column, width in zip(table.columns, widths, strict=True):
        for cell in column.cells:
            cell.width = Mm(width / mm)
    for cells, text in spans:  # a stage: one bold cell across the table
        merged = cells[0].merge(cells[-1])
        merged.text = ""
        merged.paragraphs[0].add_run(text).bold = True
    for row in table.rows:
        for paragraph in (p for cell in row.cells for p in cell.paragraphs):
            for run in paragraph.runs:
                run.font.size = Pt(12)


def _repeat_as_header(row) -> None:
    """The table's heading row repeats on every page, as in the PDF."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _signature(doc: DocxDocument, content: Content) -> None:
    doc.add_paragraph()
    cells = doc.add_table(rows=1, cols=3).rows[0].cells
    cells[0].text, cells[1].text, cells[2].text = (
        content.signer_position, "______________", content.signer)
    cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    doc.add_paragraph("С приказом ознакомлены:")
    for name in content.acquainted:
        doc.add_paragraph(f"______________ / {name} / «___» ____________ 20___ г.")
