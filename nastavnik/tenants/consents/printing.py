"""The printable consent form (PDF and DOCX), pre-filled with the school and the teacher.

Both formats are built from one list of paragraphs, so their wording cannot drift apart.
The text follows art. 9 of Federal Law 152-ФЗ: operator, purpose, data, actions, term,
and withdrawal by written notice.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from reportlab.platypus import SimpleDocTemplate, Spacer

from nastavnik.platform.models import School
from nastavnik.platform.pdf import MARGINS, paragraph
from nastavnik.tenants.consents.purposes import ACTIONS, Purpose
from nastavnik.tenants.teachers.models import Teacher

TITLE, CENTER, BODY, SIGN = "Title", "Center", "Body", "Small"


def consent_paragraphs(school: School, teacher: Teacher, purpose: Purpose) -> list[tuple]:
    """(style, text) pairs of the consent form."""
    operator = school.name + (f" (адрес: {school.address})" if school.address else "")
    return [
        (TITLE, "СОГЛАСИЕ"),
        (CENTER, "на обработку персональных данных"),
        (CENTER, f"({purpose.title.lower()})"),
        (BODY, f"Я, {teacher.full_name}, паспорт серия ______ № ____________, выдан "
               "______________________________________________ «___» ____________ ______ г., "
               f"работающий(ая) в должности «{teacher.position}», в соответствии со статьёй 9 "
               "Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» свободно, "
               "своей волей и в своём интересе даю согласие оператору — "
               f"{operator} — на обработку моих персональных данных на следующих условиях."),
        (BODY, f"1. Цель обработки: {purpose.goal}."),
        (BODY, f"2. Перечень персональных данных: {purpose.data}."),
        (BODY, f"3. Перечень действий с персональными данными: {ACTIONS}. Сведения, "
               "позволяющие определить мою личность, третьим лицам не передаются; органам "
               "управления образованием для мониторинга передаются только обезличенные "
               "сведения (псевдонимизированный идентификатор, возрастная группа, группа стажа, "
               "коды профессиональных затруднений и компетенций)."),
        (BODY, "4. Срок действия: согласие действует со дня его подписания до окончания моего "
               "участия в системе наставничества образовательной организации, но не более пяти "
               "лет, либо до его отзыва."),
        (BODY, "5. Порядок отзыва: согласие может быть отозвано мною в любое время путём "
               "подачи оператору письменного заявления. В этом случае оператор прекращает "
               "обработку моих персональных данных и уничтожает или обезличивает их в срок, не "
               "превышающий тридцати дней с даты поступления отзыва (часть 5 статьи 21 "
               "Федерального закона № 152-ФЗ), если иное не предусмотрено федеральным законом."),
        (BODY, "6. Подтверждаю, что ознакомлен(а) с Положением о системе наставничества "
               "педагогических работников образовательной организации, а мои права и "
               "обязанности в области защиты персональных данных мне разъяснены."),
        (SIGN, "Бланк № ____________"),
        (SIGN, "«___» ____________ 20___ г.        ____________________ / "
               f"{teacher.full_name} /"),
        (SIGN, "                                                       (подпись)"),
    ]


def consent_pdf(school: School, teacher: Teacher, purpose: Purpose) -> bytes:
    story = []
    for style, text in consent_paragraphs(school, teacher, purpose):
        if style == SIGN and story and not isinstance(story[-1], Spacer):
            story.append(Spacer(1, 12))
        story.append(paragraph(text, style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, title="Согласие на обработку персональных данных",
                      **MARGINS).build(story)
    return buffer.getvalue()


def consent_docx(school: School, teacher: Teacher, purpose: Purpose) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(12)
    for style, text in consent_paragraphs(school, teacher, purpose):
        block = document.add_paragraph()
        run = block.add_run(text)
        run.bold = style == TITLE
        block.alignment = (WD_ALIGN_PARAGRAPH.CENTER if style in (TITLE, CENTER)
                           else WD_ALIGN_PARAGRAPH.JUSTIFY)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
