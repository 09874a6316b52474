"""Crafted staff files through the real upload view: a Russian message naming the row and
the cause, never a 500, and nothing past the row limit is read."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from test_teachers import HEADER, confirm, teacher_count, upload

from nastavnik.extensions import db
from nastavnik.platform.roles import Role
from nastavnik.tenants.teachers.importing import MAX_ROWS
from nastavnik.tenants.teachers.models import Teacher

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def curator_client(make_school, make_user, logged_in):
    return logged_in(make_user(Role.CURATOR, make_school("sch")))


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def crafted(replace: dict[str, bytes], base: list[list] | None = None) -> bytes:
    """A real workbook with some of its parts swapped for hand-written XML."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(base or [["Фамилия", "Имя"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return buffer.getvalue()


def sheet_xml(rows: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return (f'{declaration}<worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>').encode()


def inline_row(number: int, *cells: str) -> str:
    values = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                     for i, text in enumerate(cells))
    return f'<row r="{number}">{values}</row>'


HEADER_ROW = inline_row(1, "Фамилия", "Имя", "Год рождения")


def refused(client, filename: str, content: bytes) -> str:
    response = upload(client, filename, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 400, visible(page)
    assert 'name="token"' not in page and teacher_count() == 0
    return visible(page)


def visible(page: str) -> str:
    """The page's text as a reader sees it, the site's navigation left out."""
    return " ".join(re.sub(r"<[^>]+>", " ", page.split("</nav>", 1)[-1]).split())


def test_a_cell_past_the_csv_field_limit_names_its_row(curator_client):
    content = f"{HEADER}\nПетрова;Ольга;;1990;2015;;;\nОрлов;{'я' * (csv.field_size_limit() + 1)}\n"
    text = refused(curator_client, "staff.csv", content.encode())
    assert f"Строка 3: ячейка длиннее {csv.field_size_limit()} символов" in text


def test_an_unclosed_quote_swallowing_the_file_names_its_row(curator_client):
    body = "".join(f"Петрова{i};Ольга;;1990;2015;;;\n" for i in range(20_000))
    content = f'{HEADER}\nОрлов;"Пётр;;1990;2015;;;\n{body}'
    assert "Строка 2: ячейка длиннее" in refused(curator_client, "staff.csv", content.encode())


def test_a_nul_byte_in_a_csv_names_its_row(curator_client):
    content = f"{HEADER}\nПетрова;Ольга;;1990;2015;;;\nОрлов\x00;Пётр;;1990;2015;;;\n"
    assert "Строка 3: в файле нулевой байт" in refused(curator_client, "staff.csv",
                                                      content.encode())


def test_a_utf16_file_without_its_bom_is_refused_not_misread(curator_client):
    content = f"{HEADER}\nПетрова;Ольга;;1990;2015;;;\n".encode("utf-16-le")
    assert "Строка 1: в файле нулевой байт" in refused(curator_client, "staff.csv", content)


def test_a_nul_in_xlsx_xml_names_its_row(curator_client):
    """XML cannot hold U+0000 at all (openpyxl keeps «_x0000_» as typed): the sheet is
    damaged from that row on."""
    content = crafted({SHEET: sheet_xml(HEADER_ROW + inline_row(2, "Петрова", "Ольга")
                                        + inline_row(3, "Орлов&#0;", "Пётр"))})
    assert "Строка 3: ячейку не удалось прочитать — файл XLSX повреждён" in refused(
        curator_client, "staff.xlsx", content)


def test_a_byte_no_encoding_reads_names_its_row(curator_client):
    content = f"{HEADER}\nПетрова;Ольга;;1990;2015;;;\n".encode("cp1251") + b"\x98;x\n"
    assert "Строка 3: не удалось определить кодировку" in refused(curator_client, "staff.csv",
                                                                 content)


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml"])
def test_an_xlsx_part_in_an_unknown_encoding_is_refused(curator_client, part):
    rows = [["Фамилия", "Имя"], ["Петрова", "Ольга"]]
    original = zipfile.ZipFile(io.BytesIO(xlsx(rows))).read(part)
    declared = b'<?xml version="1.0" encoding="x-no-such-encoding"?>' + re.sub(
        rb"^<\?xml[^>]*\?>", b"", original)
    assert "повреждён" in refused(curator_client, "staff.xlsx", crafted({part: declared}, rows))


def test_a_utf16_csv_with_its_bom_is_imported(curator_client):
    content = f"{HEADER}\nПетрова;Ольга;;1990;2015;;;\n".encode("utf-16")
    page = upload(curator_client, "staff.csv", content).get_data(as_text=True)
    assert confirm(curator_client, page).status_code == 302 and teacher_count() == 1


@pytest.mark.parametrize(("birth", "message"), [
    ("31.02.1990", "Год рождения: такой даты нет в календаре (31.02.1990)."),
    ("01.01.0000", "Год рождения: такой даты нет в календаре (01.01.0000)."),
    ("1990-13-01", "Год рождения: такой даты нет в календаре (1990-13-01)."),
    ("0", "Год рождения: год от 1930"),
])
def test_an_impossible_date_is_a_row_error_with_its_cause(curator_client, birth, message):
    content = f"{HEADER}\nПетрова;Ольга;;1990;2015;;;\n\nОрлов;Пётр;;{birth};2015;;;\n"
    text = refused(curator_client, "staff.csv", content.encode())
    assert f"4 Орлов Пётр {birth}" in text and message in text  # row 4: the blank counts


def test_an_impossible_iso_date_cell_in_xlsx_names_its_row(curator_client):
    date_cell = '<c r="C3" t="d"><v>1990-02-31</v></c>'
    rows = HEADER_ROW + inline_row(2, "Петрова", "Ольга") + inline_row(3, "Орлов", "Пётр")
    content = crafted({SHEET: sheet_xml(rows.replace("</row><row", "</row><row", 1)
                                        .replace('"B3" t="inlineStr"><is><t>Пётр</t></is></c>',
                                                 f'"B3" t="inlineStr"><is><t>Пётр</t></is></c>'
                                                 f'{date_cell}'))})
    assert "Строка 3: ячейку не удалось прочитать" in refused(curator_client, "staff.xlsx",
                                                             content)


def test_an_excel_date_in_a_year_column_gives_its_year(curator_client):
    import datetime as dt

    content = xlsx([["Фамилия", "Имя", "Год рождения"],
                    ["Петрова", "Ольга", dt.datetime(1990, 3, 15)]])
    page = upload(curator_client, "staff.xlsx", content).get_data(as_text=True)
    assert "15.03.1990" not in page or "Ошибок нет" in page
    assert confirm(curator_client, page).status_code == 302
    assert db.session.query(Teacher).one().birth_year == 1990


def test_reading_stops_at_the_row_limit(curator_client):
    """Past the limit sits XML no parser accepts: reaching it, even only to size the sheet
    (openpyxl does so when a sheet has no <dimension>, as here), would say so."""
    rows = [HEADER_ROW, *(inline_row(n, f"Фамилия{n}", "Имя") for n in range(2, MAX_ROWS + 3)),
            inline_row(5000, "&#0;")]
    text = refused(curator_client, "staff.xlsx", crafted({SHEET: sheet_xml("".join(rows))}))
    assert f"Не больше {MAX_ROWS} строк за один раз." in text
    assert "повреждён" not in text


def test_a_row_numbered_in_the_billions_is_not_waited_for(curator_client):
    rows = HEADER_ROW + inline_row(2, "Петрова", "Ольга") + inline_row(4_000_000_000, "Орлов",
                                                                        "Пётр")
    response = upload(curator_client, "staff.xlsx", crafted({SHEET: sheet_xml(rows)}))
    assert response.status_code in (200, 400)
    assert "Петрова" in response.get_data(as_text=True)
