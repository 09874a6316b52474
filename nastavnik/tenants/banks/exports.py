"""Bank export files (CSV and XLSX). They hold names: ``services.export_bank`` logs each."""

from __future__ import annotations

from nastavnik.platform.bands import AGE_BAND_LABELS, EXPERIENCE_BANDS
from nastavnik.platform.spreadsheets import CSV_MIMETYPE, XLSX_MIMETYPE, csv_bytes, xlsx_bytes
from nastavnik.tenants.banks.statuses import (
    MENTEE_CATEGORIES,
    MENTEE_STATUSES,
    MENTOR_STATUSES,
    QUALIFICATIONS,
)

FORMATS = {"csv": CSV_MIMETYPE, "xlsx": XLSX_MIMETYPE}
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
                 AGE_BAND_LABELS.get(e.age_band, "—"), EXPERIENCE_BANDS.get(e.experience_band, "—"),
                 _yes(e.young_specialist), labels(e, "difficulties", e.difficulties),
                 MENTEE_STATUSES[e.status], e.entered_at.date().isoformat()] for e in entries]
    return [[e.teacher.full_name, labels(e, "subjects", e.subjects),
             labels(e, "competencies", e.competencies),
             EXPERIENCE_BANDS.get(e.experience_band, "—"),
             QUALIFICATIONS.get(e.qualification, e.qualification), f"{e.load} из {e.capacity}",
             labels(e, "formats", e.formats), _yes(e.network_ready), MENTOR_STATUSES[e.status],
             e.entered_at.date().isoformat()] for e in entries]


def build_export(bank: str, rows: list[list], fmt: str) -> bytes:
    if fmt == "csv":
        return csv_bytes(HEADERS[bank], rows)
    return xlsx_bytes(HEADERS[bank], rows, "Наставляемые" if bank == "mentees" else "Наставники")
