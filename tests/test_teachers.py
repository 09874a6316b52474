"""The staff list: adding teachers by hand and importing a file whole or not at all."""

import io
import re

import pytest
from conftest import csrf_token
from openpyxl import Workbook
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event
from nastavnik.platform.roles import Role
from nastavnik.tenants.teachers.models import Teacher

HEADER = "Фамилия;Имя;Отчество;Год рождения;Педагогический стаж с;Должность;Предметы;" \
         "Впервые на должности"


@pytest.fixture
def curator_client(make_school, make_user, logged_in):
    school = make_school("sch")
    return logged_in(make_user(Role.CURATOR, school))


def teacher_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Teacher))


def upload(client, filename, content: bytes):
    token = csrf_token(client, "/s/sch/teachers/import")
    return client.post("/s/sch/teachers/import", data={
        "csrf_token": token, "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data")


def confirm(client, preview_page: str):
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview_page).group(1)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', preview_page).group(1)
    return client.post("/s/sch/teachers/import/confirm", data={"csrf_token": csrf,
                                                                "token": token})


def test_curator_adds_a_teacher_and_the_event_has_no_name(curator_client):
    token = csrf_token(curator_client, "/s/sch/teachers/")
    this_year = clock.today().year  # a young specialist whatever year the suite runs in
    response = curator_client.post("/s/sch/teachers/", data={
        "csrf_token": token, "last_name": "Сидорова", "first_name": "Анна",
        "middle_name": "Игоревна", "birth_year": str(this_year - 25),
        "teaching_since": str(this_year - 2)})
    assert response.status_code == 302
    assert "Сидорова Анна Игоревна" in curator_client.get("/s/sch/teachers/").get_data(True)
    event = db.session.scalar(select(Event))
    assert event.type == "teacher.added" and event.payload["young_specialist"] is True
    assert "Сидорова" not in str(event.payload)


@pytest.mark.parametrize(("fields", "message"), [
    ({"first_name": "Анна"}, "Укажите фамилию."),
    ({"last_name": "Я" * 101, "first_name": "Анна"}, "От 1 до 100 символов."),
    ({"last_name": "Сидорова", "first_name": "Анна", "birth_year": "тысяча"},
     "укажите год числом"),
    ({"last_name": "Сидорова", "first_name": "Анна", "birth_year": "1800"}, "год от 1930"),
    ({"last_name": "Сидорова", "first_name": "Анна", "birth_year": "2000",
      "teaching_since": "2005"}, "раньше 16 лет"),
])
def test_bad_teacher_input_gets_russian_messages(curator_client, fields, message):
    token = csrf_token(curator_client, "/s/sch/teachers/")
    response = curator_client.post("/s/sch/teachers/", data={"csrf_token": token, **fields})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert teacher_count() == 0


def test_same_teacher_twice_is_refused(curator_client):
    data = {"last_name": "Сидорова", "first_name": "Анна", "birth_year": "2001"}
    for expected in (302, 400):
        token = csrf_token(curator_client, "/s/sch/teachers/")
        assert curator_client.post("/s/sch/teachers/", data={"csrf_token": token, **data}
                                   ).status_code == expected
    assert teacher_count() == 1


def test_csv_in_windows_1251_is_previewed_then_imported_whole(curator_client):
    csv = f"{HEADER}\nПетрова;Ольга;Ивановна;1998;2022;учитель;физика;да\n" \
          "Кузнецов;Илья;;1975;1998;учитель;история;нет\n"
    preview = upload(curator_client, "staff.csv", csv.encode("cp1251"))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Ошибок нет" in page and teacher_count() == 0
    assert confirm(curator_client, page).status_code == 302
    assert teacher_count() == 2
    assert db.session.scalar(select(func.count()).select_from(Event)) == 2
    petrova = db.session.scalar(select(Teacher).where(Teacher.last_name == "Петрова"))
    assert petrova.new_in_post and petrova.subjects == "физика"


def test_file_with_bad_rows_imports_nothing_and_lists_each_error(curator_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Фамилия", "Имя", "Год рождения", "Педагогический стаж с"])
    sheet.append(["Петрова", "Ольга", 1998, 2022])
    sheet.append(["", "Без фамилии", 1990, 2015])
    sheet.append(["Орлов", "Пётр", "девяностый", 2015])
    sheet.append(["Петрова", "Ольга", 1998, 2022])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(curator_client, "staff.xlsx", buffer.getvalue())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Строк с ошибками: 3 из 4" in page
    assert "Укажите фамилию." in page
    assert "Год рождения: укажите год числом" in page
    assert "Повторяет одну из строк выше." in page
    assert 'name="token"' not in page
    assert teacher_count() == 0


@pytest.mark.parametrize(("filename", "content", "message"), [
    ("staff.txt", b"x", "Загрузите файл CSV или XLSX."),
    ("staff.xlsx", b"not a zip", "Файл XLSX повреждён"),
    ("staff.csv", "Имя;Отчество\nОльга;Ивановна\n".encode(), "Обязательны «Фамилия» и «Имя»"),
    ("staff.csv", HEADER.encode() + b"\n", "В файле нет строк с педагогами."),
])
def test_unreadable_files_get_a_clear_message(curator_client, filename, content, message):
    response = upload(curator_client, filename, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_tampered_preview_imports_nothing(curator_client):
    csv = f"{HEADER}\nПетрова;Ольга;;1998;2022;;;\n"
    page = upload(curator_client, "staff.csv", csv.encode()).get_data(as_text=True)
    page = page.replace('name="token" type="hidden" value="', 'name="token" type="hidden" '
                        'value="x')
    response = confirm(curator_client, page)
    assert response.status_code == 302
    follow = curator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ничего не импортировано" in follow
    assert teacher_count() == 0


@pytest.mark.parametrize("role", [Role.MENTOR, Role.METHODOLOGIST])
def test_the_staff_list_is_hidden_from_all_but_school_staff(make_school, make_user, logged_in,
                                                             client, role):
    school = make_school("sch")
    make_school("other")
    logged_in(make_user(role, school.municipality if role is Role.METHODOLOGIST else school))
    assert client.get("/s/sch/teachers/").status_code == 404
    assert client.get("/s/other/teachers/").status_code == 404
