"""Importing a school's teacher list from CSV or XLSX: parse, validate every row, preview.

Nothing is written until the curator confirms a preview without errors, and then every
row is written in one transaction: a file is imported whole or not at all.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from marshmallow import ValidationError
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from nastavnik.tenants.teachers.schemas import TeacherSchema

# Russian headers as a curator writes them → schema fields. Matching ignores case and
# surrounding spaces; the first five are the template's, the rest common variants.
HEADERS = {
    "фамилия": "last_name", "имя": "first_name", "отчество": "middle_name",
    "год рождения": "birth_year", "педагогический стаж с": "teaching_since",
    "год начала педагогической деятельности": "teaching_since",
    "должность": "position", "предметы": "subjects", "предмет": "subjects",
    "впервые на должности": "new_in_post",
}
TEMPLATE_HEADERS = ["Фамилия", "Имя", "Отчество", "Год рождения", "Педагогический стаж с",
                    "Должность", "Предметы", "Впервые на должности"]
MAX_ROWS = 2000


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the curator."""


@dataclass
class ParsedRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)


def parse_upload(filename: str, content: bytes) -> list[ParsedRow]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(content)
    elif name.endswith(".csv"):
        table = _read_csv(content)
    else:
        raise ImportFileError("Загрузите файл CSV или XLSX.")
    if not table:
        raise ImportFileError("Файл пуст.")
    columns = _map_headers(table[0])
    rows = [r for r in table[1:] if any(str(c or "").strip() for c in r)]
    if not rows:
        raise ImportFileError("В файле нет строк с педагогами.")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"Не больше {MAX_ROWS} строк за один раз.")
    return [_validate(number, columns, row) for number, row in enumerate(rows, start=2)]


def _read_xlsx(content: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError("Файл XLSX повреждён или не является таблицей Excel.") from error
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _read_csv(content: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("Не удалось прочитать кодировку файла: сохраните его в UTF-8.")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
    except (csv.Error, IndexError):
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _map_headers(header: list) -> dict[int, str]:
    columns = {i: HEADERS[str(h or "").strip().lower()] for i, h in enumerate(header)
               if str(h or "").strip().lower() in HEADERS}
    missing = {"last_name", "first_name"} - set(columns.values())
    if missing:
        raise ImportFileError("В первой строке нужны заголовки: " + ", ".join(TEMPLATE_HEADERS)
                              + ". Обязательны «Фамилия» и «Имя».")
    return columns


def _validate(line: int, columns: dict[int, str], row: list) -> ParsedRow:
    raw = {}
    for index, name in columns.items():
        cell = row[index] if index < len(row) else None
        text = "" if cell is None else str(cell).strip()
        if text.endswith(".0") and text[:-2].isdigit():  # Excel stores years as floats
            text = text[:-2]
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
