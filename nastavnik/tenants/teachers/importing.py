"""Importing a school's teacher list from CSV or XLSX: parse, validate every row, preview.

Nothing is written until the curator confirms a preview without errors, and then every
row is written in one transaction: a file is imported whole or not at all.

Files are read as a stream, row by row, and reading stops at the first row past
``MAX_ROWS``: a huge sheet costs the time of ``MAX_ROWS`` rows, not of its size. Whatever
a crafted file holds (a cell past the CSV field limit, a NUL byte, an unknown encoding, a
date that cannot exist) ends as a Russian message naming the row, never a 500.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from marshmallow import ValidationError
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from nastavnik.tenants.teachers.schemas import TeacherSchema

# Russian headers as a curator writes them → schema fields. Matching ignores case and
# surrounding spaces; the first five are the template's, the rest common variants.
HEADERS = {
    "фамилия": "last_name", "имя": "first_name", "отчество": "middle_name",
    "год рождения": "birth_year", "педагогический стаж с": "teaching_since",
    "год начала педагогической деятельности": "teaching_since",
    "должность": "position", "предметы": "subjects", "предмет": "subjects",
    "впервые на должности": "new_in_post",
    "год приёма в школу": "hired_in", "год приема в школу": "hired_in",
    "год приёма": "hired_in", "год приема": "hired_in", "принят в": "hired_in",
    "год приёма на работу": "hired_in", "год приема на работу": "hired_in",
    "дата приёма": "hired_in", "дата приема": "hired_in",
}
TEMPLATE_HEADERS = ["Фамилия", "Имя", "Отчество", "Год рождения", "Педагогический стаж с",
                    "Должность", "Предметы", "Впервые на должности", "Год приёма в школу"]
MAX_ROWS = 2000
# Columns past these are never read: the list has eight, a sheet may claim 16,384.
MAX_COLUMNS = 50
# Excel's own last row; a crafted sheet may number a row in the billions, and openpyxl
# would yield every empty row before it.
EXCEL_LAST_ROW = 1_048_576
# All parts of an XLSX unpacked: far above any real staff list, far below a zip bomb.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# What a malformed XLSX raises while openpyxl parses it: XML syntax (SyntaxError covers
# ElementTree's and lxml's), an unknown declared encoding (LookupError), a bad number,
# date or shared-string index (ValueError, IndexError), a damaged archive.
XLSX_FAILURES = (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, OSError,
                 SyntaxError, LookupError, ValueError, IndexError, KeyError, TypeError)
Table = Iterator[tuple[int, list]]


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the curator."""


@dataclass
class ParsedRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)


def parse_upload(filename: str, content: bytes) -> list[ParsedRow]:
    table = _table(filename.lower(), content)
    header = next(table, None)
    if header is None:
        raise ImportFileError("Файл пуст.")
    columns = _map_headers(header[1])
    rows = []
    for line, cells in table:
        if _blank(cells):
            continue
        if len(rows) == MAX_ROWS:  # stop here: the rest of the file is never read
            raise ImportFileError(f"Не больше {MAX_ROWS} строк за один раз.")
        rows.append(_validate(line, columns, cells))
    if not rows:
        raise ImportFileError("В файле нет строк с педагогами.")
    return rows


def _blank(cells: list) -> bool:
    # ``any(cells)`` first: a crafted sheet may yield a million rows of None.
    return not any(cells) or not any(str(cell).strip() for cell in cells if cell is not None)


def _table(name: str, content: bytes) -> Table:
    """(row number as the curator sees it, cells) pairs, read lazily."""
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise ImportFileError("Загрузите файл CSV или XLSX.")


def _read_xlsx(content: bytes) -> Table:
    damaged = "Файл XLSX повреждён или не является таблицей Excel."
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except XLSX_FAILURES as error:
        raise ImportFileError(damaged) from error
    if unpacked > MAX_UNPACKED_BYTES:  # before openpyxl unpacks the shared strings
        raise ImportFileError("Файл XLSX слишком велик в распакованном виде: "
                              f"больше {MAX_UNPACKED_BYTES // 2**20} МБ.")
    try:
        sheet = _first_sheet(content)
    except XLSX_FAILURES as error:
        raise ImportFileError(damaged) from error
    if sheet is None:
        raise ImportFileError("В файле XLSX нет листа с таблицей.")
    return _xlsx_rows(sheet)


class _UnsizedSheet(ReadOnlyWorksheet):
    """A read-only sheet that skips openpyxl's sizing: it reads the size from the sheet's
    ``<dimension>``, and a sheet without one is parsed to its very end just for that (a
    crafted 200,000-row sheet: a minute). Rows and columns are bounded by the caller."""

    def _get_size(self) -> None:
        pass


def _first_sheet(content: bytes) -> ReadOnlyWorksheet | None:
    """What ``load_workbook(read_only=True)`` does, up to the first worksheet, which is
    then opened unsized."""
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)  # which number formats hold dates
    for sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return _UnsizedSheet(reader.wb, sheet.name, rel.target, reader.shared_strings)
    return None


def _xlsx_rows(sheet) -> Table:
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=EXCEL_LAST_ROW, values_only=True)
    line = 0
    while True:
        try:
            cells = next(rows, None)
        except XLSX_FAILURES as error:
            # openpyxl parses a row when it is asked for: the failing one is the next.
            raise ImportFileError(f"Строка {line + 1}: ячейку не удалось прочитать — "
                                  "файл XLSX повреждён. Откройте его в Excel и сохраните "
                                  "заново.") from error
        if cells is None:
            return
        line += 1
        yield line, list(cells)


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's «Текст Юникод»), else
    Windows-1251; what none of them reads is named by its row."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1251")
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError as error:
            failure = error
    line = content.count(b"\n", 0, failure.start) + 1
    raise ImportFileError(f"Строка {line}: не удалось определить кодировку файла. "
                          "Сохраните его в Excel как «CSV UTF-8».")


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFileError(f"Строка {line}: в файле нулевой байт — это не текстовая "
                              "таблица или неизвестная кодировка. Сохраните файл в Excel "
                              "как «CSV UTF-8».")
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return _csv_rows(csv.reader(io.StringIO(text), dialect))


def _csv_rows(reader) -> Table:
    line = 0
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as error:
            raise ImportFileError(
                f"Строка {line + 1}: ячейка длиннее {csv.field_size_limit()} символов или "
                "строка не разбирается — проверьте, нет ли непарной кавычки.") from error
        if cells is None:
            return
        line += 1
        yield line, cells


def _map_headers(header: list) -> dict[int, str]:
    columns = {i: HEADERS[str(h or "").strip().lower()] for i, h in enumerate(header)
               if str(h or "").strip().lower() in HEADERS}
    missing = {"last_name", "first_name"} - set(columns.values())
    if missing:
        raise ImportFileError("В первой строке нужны заголовки: " + ", ".join(TEMPLATE_HEADERS)
                              + ". Обязательны «Фамилия» и «Имя».")
    return columns


def _text(cell) -> str:
    """A cell as the curator typed it: Excel's dates as dd.mm.yyyy, its years as integers."""
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return f"{cell:%d.%m.%Y}"
    text = str(cell).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # Excel stores years as floats
        return text[:-2]
    return text


def _validate(line: int, columns: dict[int, str], row: list) -> ParsedRow:
    raw = {}
    for index, name in columns.items():
        text = _text(row[index] if index < len(row) else None)
        if text:  # an empty cell is an absent value: required fields then say so
            raw[name] = text.lower() if name == "new_in_post" else text
    try:
        return ParsedRow(line, TeacherSchema().load(raw))
    except ValidationError as error:
        messages = [m for ms in error.messages.values() for m in _flatten(ms)]
        return ParsedRow(line, raw, messages)


def _flatten(messages) -> list[str]:
    if isinstance(messages, dict):
        return [m for v in messages.values() for m in _flatten(v)]
    return list(messages) if isinstance(messages, list) else [str(messages)]
