"""Input no column can hold or no row can match gets a Russian 400/404, never a 500."""

from conftest import csrf_token
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.roles import Role
from nastavnik.tenants.teachers.models import Teacher

BEYOND_INTEGER = "99999999999999999999"


def test_an_id_beyond_the_database_integer_is_not_found(make_school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, make_school("sch")))
    for path in (f"/s/sch/documents/{BEYOND_INTEGER}", f"/s/sch/roadmap/{BEYOND_INTEGER}/edit",
                 f"/s/sch/banks/mentees/entries/{BEYOND_INTEGER}",
                 f"/s/sch/consents/{BEYOND_INTEGER}/mentee_bank"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Страница не найдена" in response.get_data(as_text=True)


def test_a_nul_character_in_a_form_is_refused_and_nothing_is_saved(make_school, make_user,
                                                                   logged_in):
    client = logged_in(make_user(Role.CURATOR, make_school("sch")))
    response = client.post("/s/sch/teachers/", data={
        "last_name": "Петрова\x00", "first_name": "Анна",
        "csrf_token": csrf_token(client, "/s/sch/teachers/")})
    assert response.status_code == 400
    assert "недопустимый символ" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Teacher)) == 0

