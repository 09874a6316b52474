"""The printable consent form (PDF and DOCX), pre-filled with the school and the teacher.

Both formats are built from one list of paragraphs, so their wording cannot drift apart.
The text carries every element part 4 of art. 9 of Federal Law 152-ФЗ requires of a
written consent: the subject's full name, address and identity document (number, date,
issuer — lines to fill in by hand: the platform does not keep them), the operator's name
and address, the purpose, the list of data, the actions and the ways of processing, the
term and the way to withdraw, and the signature. The date and signature are kept on the
page of the text they sign.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from reportlab.platypus import Flowable, KeepTogether, Spacer

from nastavnik.platform.models import School
from nastavnik.platform.pdf import MARGINS, build_pdf, paragraph
from nastavnik.tenants.consents.purposes import ACTIONS, Purpose
from nastavnik.tenants.teachers.models import Teacher

TITLE, CENTER, BODY, SIGN = "Title", "Center", "Body", "Small"
LINE = "_" * 60
# How many closing paragraphs stay on one page with the date and signature.
KEPT_WITH_SIGNATURE = 2


def consent_paragraphs(school: School, teacher: Teacher, purpose: Purpose) -> list[tuple]:
    """(style, text) pairs of the consent form."""
    address = school.address or LINE
    return [
        (TITLE, "СОГЛАСИЕ"),
        (CENTER, "на обработку персональных данных"),
        (CENTER, f"({purpose.title.lower()})"),
        (BODY, f"Я, {teacher.full_name}, работающий(ая) в должности «{teacher.position}», "
               f"зарегистрированный(ая) по адресу: {LINE}, "
               "основной документ, удостоверяющий личность: ____________ (вид документа) "
               "серия ______ № ____________, выдан «___» ____________ ______ г. "
               f"{LINE} (кем выдан), "
               "в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ "
               "«О персональных данных» свободно, своей волей и в своём интересе даю "
               f"согласие оператору — {school.name}, адрес: {address} — на обработку моих "
               "персональных данных на следующих условиях."),
        (BODY, f"1. Цель обработки: {purpose.goal}."),
        (BODY, f"2. Перечень персональных данных: {purpose.data}."),
        (BODY, f"3. Перечень действий с персональными данными: {ACTIONS}. Сведения, "
               "позволяющие определить мою личность, третьим лицам не передаются; органам "
               "управления образованием для мониторинга передаются только обезличенные "
               "сведения (псевдонимизированный идентификатор, возрастная группа, группа стажа, "
               "коды профессиональных затруднений и компетенций)."),
        (BODY, "4. Способы обработки: смешанная обработка — с использованием средств "
               "автоматизации (информационная система «Наставник») и без использования таких "
               "средств (бумажные документы образовательной организации)."),
        (BODY, "5. Срок действия: согласие действует со дня его подписания до окончания моего "
               "участия в системе наставничества образовательной организации, но не более пяти "
               "лет, либо до его отзыва."),
        (BODY, "6. Порядок отзыва: согласие может быть отозвано мною в любое время путём "
               "подачи оператору письменного заявления по адресу оператора. В этом случае "
               "оператор прекращает обработку моих персональных данных и уничтожает или "
               "обезличивает их в срок, не превышающий тридцати дней с даты поступления отзыва "
               "(часть 5 статьи 21 Федерального закона № 152-ФЗ), если иное не предусмотрено "
               "федеральным законом."),
        (BODY, "7. Подтверждаю, что ознакомлен(а) с Положением о системе наставничества "
               "педагогических работников образовательной организации, а мои права и "
               "обязанности в области защиты персональных данных мне разъяснены."),
        (SIGN, "Бланк № ____________"),
        (SIGN, "«___» ____________ 20___ г.        ____________________ / "
               f"{teacher.full_name} /"),
        (SIGN, "                                                       (подпись)"),
    ]


def consent_pdf(school: School, teacher: Teacher, purpose: Purpose) -> bytes:
    items = consent_paragraphs(school, teacher, purpose)
    first_sign = next(i for i, (style, _text) in enumerate(items) if style == SIGN)
    kept_from = first_sign - KEPT_WITH_SIGNATURE
    story: list[Flowable] = [paragraph(text, style) for style, text in items[:kept_from]]
    closing: list[Flowable] = [paragraph(text, style) for style, text in
                               items[kept_from:first_sign]]
    closing.append(Spacer(1, 12))
    closing += [paragraph(text, style) for style, text in items[first_sign:]]
    # The date and signature never stand alone on a page: they move with the last lines.
    story.append(KeepTogether(closing))
    return build_pdf(story, title="Согласие на обработку персональных данных",
                     author=school.name)


def consent_docx(school: School, teacher: Teacher, purpose: Purpose) -> bytes:
    document = Document()
    section = document.sections[0]
    # A4 with the margins of the other documents (python-docx starts on US Letter).
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Pt(MARGINS["leftMargin"]), Pt(
        MARGINS["rightMargin"])
    section.top_margin, section.bottom_margin = Pt(MARGINS["topMargin"]), Pt(
        MARGINS["bottomMargin"])
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(12)
    items = consent_paragraphs(school, teacher, purpose)
    first_sign = next(i for i, (style, _text) in enumerate(items) if style == SIGN)
    for index, (style, text) in enumerate(items):
        block = document.add_paragraph()
        run = block.add_run(text)
        run.bold = style == TITLE
        block.alignment = (WD_ALIGN_PARAGRAPH.CENTER if style in (TITLE, CENTER)
                           else WD_ALIGN_PARAGRAPH.JUSTIFY)
        # Word keeps the closing lines on the signature's page, as the PDF does.
        if first_sign - KEPT_WITH_SIGNATURE <= index < len(items) - 1:
            block.paragraph_format.keep_with_next = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
