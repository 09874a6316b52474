"""Bank export files (CSV and XLSX). They hold names: ``services.export_bank`` logs each."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from nastavnik.platform.bands import AGE_BANDS, EXPERIENCE_BANDS
from nastavnik.tenants.banks.statuses import (
    MENTEE_CATEGORIES,
    MENTEE_STATUSES,
    MENTOR_STATUSES,
    QUALIFICATIONS,
)

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
HEADERS = {
    "mentees": ["ФИО", "Категория", "Возраст", "Стаж", "Молодой специалист", "Затруднения",
                "Статус", "Внесён в банк"],
    "mentors": ["ФИО", "Предметы", "Компетенции", "Стаж", "Квалификационная категория",
                "Нагрузка", "Формы наставничества", "Готов к сетевому наставничеству",
                "Статус", "Внесён в банк"],
}


def labels(entry, question_code: str, codes: list[str]) -> str:
    """Option labels as the version the person answered words them."""
    question = entry.response.template.question(question_code) if entry.response else None
    names = question.option_labels if question else {}
    return "; ".join(names.get(code, code) for code in codes)


def _yes(value: bool) -> str:
    return "да" if value else "нет"


def bank_rows(bank: str, entries: list) -> list[list]:
    if bank == "mentees":
        return [[e.teacher.full_name, MENTEE_CATEGORIES.get(e.category, e.category),
                 AGE_BANDS.get(e.age_band, "—"), EXPERIENCE_BANDS.get(e.experience_band, "—"),
                 _yes(e.young_specialist), labels(e, "difficulties", e.difficulties),
                 MENTEE_STATUSES[e.status], e.entered_at.date().isoformat()] for e in entries]
    return [[e.teacher.full_name, labels(e, "subjects", e.subjects),
             labels(e, "competencies", e.competencies),
             EXPERIENCE_BANDS.get(e.experience_band, "—"),
             QUALIFICATIONS.get(e.qualification, e.qualification), f"{e.load} из {e.capacity}",
             labels(e, "formats", e.formats), _yes(e.network_ready), MENTOR_STATUSES[e.status],
             e.entered_at.date().isoformat()] for e in entries]


def _csv(header: list, rows: list[list]) -> bytes:
    buffer = io.StringIO()
    # Semicolons and a BOM: what Excel with Russian settings opens without an import dialog.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(header: list, rows: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_export(bank: str, rows: list[list], fmt: str) -> bytes:
    if fmt == "csv":
        return _csv(HEADERS[bank], rows)
    return _xlsx(HEADERS[bank], rows, "Наставляемые" if bank == "mentees" else "Наставники")
