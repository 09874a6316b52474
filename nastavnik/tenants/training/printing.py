"""«Лист регистрации участников» of a session: the school's own mentors with their marks
and a column to sign. Printed for the school only (names stay in the school); every
user string goes through ``pdf.paragraph``, which escapes reportlab's markup."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from nastavnik.platform.i18n import ru_date
from nastavnik.platform.models import School
from nastavnik.platform.pdf import MARGINS, TABLE_STYLE, build_pdf, paragraph, unbreakable_widths
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.training.kinds import SESSION_FORMATS, SESSION_KINDS
from nastavnik.tenants.training.models import TrainingSession

HEADER = ("№", "Фамилия, имя, отчество", "Должность", "Отметка", "Подпись")
A4_WIDTH = 210 * mm


def attendance_sheet_pdf(session: TrainingSession, school: School, mentors: list[Teacher],
                         marks: dict[int, bool]) -> bytes:
    rows = [(str(number), teacher.full_name, teacher.position,
             {True: "присутствовал(а)", False: "отсутствовал(а)"}.get(marks.get(teacher.id), ""),
             "")
            for number, teacher in enumerate(mentors, start=1)]
    width = A4_WIDTH - MARGINS["leftMargin"] - MARGINS["rightMargin"]
    table = Table([[paragraph(text, "TableHeader") for text in HEADER],
                   *[[paragraph(text, "TableCell") for text in row] for row in rows]],
                  colWidths=unbreakable_widths(HEADER, rows, (1, 6, 4, 3, 3), width),
                  repeatRows=1)
    table.setStyle(TABLE_STYLE)
    story = [
        paragraph("ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ", "Title"),
        paragraph(f"{SESSION_KINDS[session.kind]}: «{session.topic}»", "Center"),
        Spacer(1, 4 * mm),
        paragraph(school.name, "Left"),
        paragraph(f"Дата: {ru_date(session.held_on)}", "Left"),
        paragraph(f"Формат: {SESSION_FORMATS[session.format].lower()}", "Left"),
        paragraph(f"Организатор: {session.organiser}", "Left"),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 8 * mm),
        paragraph("Куратор наставничества ____________________ / ____________________ /",
                  "Left"),
    ]
    return build_pdf(story, title="Лист регистрации участников", author=school.name)
