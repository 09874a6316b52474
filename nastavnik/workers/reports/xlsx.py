"""A report's ``Content`` as an XLSX workbook: the same tables as the PDF, one per sheet.

Numbers stay numbers (a share is 45.5, already rounded to one decimal), every table's header row
is frozen with the first column, widths are set from the text, and text that would read
as a formula is typed as a string (``platform/spreadsheets.py``).
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from nastavnik.platform.spreadsheets import looks_like_formula
from nastavnik.workers.reports.content import Cell, Content, Table

MAX_WIDTH = 60
SHEET_NAME = 31  # Excel's limit
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _put(sheet: Worksheet, row: int, column: int, value: Cell, bold: bool = False):
    cell = sheet.cell(row=row, column=column, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"  # a school called «=cmd|…» stays text
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _widths(sheet: Worksheet, data: Table) -> None:
    for column, title in enumerate(data.header, start=1):
        longest = max([len(w) for w in str(title).split()] + [
            len(str(row[column - 1])) for row in data.rows if row[column - 1] is not None],
            default=8)
        width = min(max(longest + 2, 10), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(column)].width = width


def _sheet_name(title: str, taken: set[str]) -> str:
    base = FORBIDDEN.sub(" ", title).strip("'")[:SHEET_NAME] or "Лист"
    found, n = base, 2
    while found in taken:
        suffix = f" ({n})"
        found, n = base[:SHEET_NAME - len(suffix)] + suffix, n + 1
    taken.add(found)
    return found


def table_sheet(sheet: Worksheet, data: Table) -> None:
    """The header in row 1 (frozen with the first column), the rows below, notes after."""
    for column, title in enumerate(data.header, start=1):
        _put(sheet, 1, column, title, bold=True)
    for number, row in enumerate(data.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = _put(sheet, number, column, value)
            link = data.links.get((number - 2, column - 1))
            if link:
                cell.hyperlink = link
    for offset, note in enumerate(data.notes, start=len(data.rows) + 3):
        _put(sheet, offset, 1, note)
    sheet.freeze_panes = "B2"
    _widths(sheet, data)


def render(content: Content) -> bytes:
    workbook = Workbook()
    about = workbook.active
    about.title = "Сведения"
    taken = {about.title}
    rows = [(content.title, ""), (content.place_name, ""), *content.meta]
    for number, (label, value) in enumerate(rows, start=1):
        _put(about, number, 1, label, bold=number == 1)
        _put(about, number, 2, value)
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 30
    for part in content.parts:
        for data in part.tables:
            table_sheet(workbook.create_sheet(_sheet_name(data.title, taken)), data)
    if content.appendix_table is not None:
        data = content.appendix_table
        table_sheet(workbook.create_sheet(_sheet_name("Приложение. " + data.title, taken)),
                    data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
