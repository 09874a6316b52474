from conftest import csrf_token, login
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import Municipality, Region, School, User
from nastavnik.platform.roles import Role


def post_form(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_admin_builds_the_hierarchy_and_a_curator(client, make_user, logged_in):
    logged_in(make_user(Role.ADMIN))
    assert post_form(client, "/admin/regions", name="Тестовая область", slug="test-obl",
                     code="77").status_code == 302
    region = db.session.scalar(select(Region).where(Region.slug == "test-obl"))
    assert post_form(client, "/admin/municipalities", region_id=region.id,
                     name="Тестовый округ", slug="test-okrug", code="77-01").status_code == 302
    municipality = db.session.scalar(select(Municipality))
    assert post_form(client, "/admin/schools", municipality_id=municipality.id,
                     name="МБОУ «СОШ № 5»", short_name="СОШ № 5", slug="sosh-5", code="77-01-05",
                     address="", website="https://sosh5.example.ru",
                     settlement="с. Ивановское").status_code == 302
    school = db.session.scalar(select(School))
    assert school.region_id == region.id
    assert school.settlement == "с. Ивановское"  # the place of issue of its documents
    assert post_form(client, "/admin/users", full_name="Белова Анна Ивановна",
                     email="Belova@Example.org", password="long-enough-1", role="curator",
                     place=f"s:{school.id}").status_code == 302

    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert login(client, "belova@example.org", "long-enough-1").status_code == 302
    assert client.get("/s/sosh-5/").status_code == 200


def test_duplicate_slug_and_bad_fields_get_russian_messages(client, make_user, make_region,
                                                            logged_in):
    make_region("taken")
    logged_in(make_user(Role.ADMIN))
    response = post_form(client, "/admin/regions", name="x" * 250, slug="taken", code="1")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Не длиннее 200 символов" in page
    assert "уже занят" in page
    response = post_form(client, "/admin/regions", name="Область", slug="Плохой адрес", code="2")
    assert "Только строчные латинские буквы" in response.get_data(as_text=True)
    assert db.session.scalar(select(Region).where(Region.code == "2")) is None


def test_role_must_fit_its_place(client, make_user, make_school, logged_in):
    school = make_school()
    logged_in(make_user(Role.ADMIN))
    response = post_form(client, "/admin/users", full_name="Кто-то", email="x@example.org",
                         password="long-enough-1", role="methodologist", place=f"s:{school.id}")
    assert response.status_code == 400
    assert "Место не подходит для выбранной роли" in response.get_data(as_text=True)
    response = post_form(client, "/admin/users", full_name="Кто-то", email="x@example.org",
                         password="long-enough-1", role="curator", place="s:abc")
    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None


def test_select_with_unknown_choice_is_a_form_error(client, make_user, logged_in):
    logged_in(make_user(Role.ADMIN))
    response = post_form(client, "/admin/municipalities", region_id="999", name="Округ",
                         slug="okrug", code="1")
    assert response.status_code == 400


def test_an_unknown_role_or_place_id_is_a_form_error_not_a_crash(client, make_user, logged_in):
    logged_in(make_user(Role.ADMIN))
    for role, place in (("no-such-role", ""), ("curator", "s:99999999999999999999")):
        response = post_form(client, "/admin/users", full_name="Кто-то", email="x@example.org",
                             password="long-enough-1", role=role, place=place)
        assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None


def test_the_add_button_comes_after_the_fields(client, make_user, logged_in):
    logged_in(make_user(Role.ADMIN))
    for path, last_field in (("/admin/regions", 'name="code"'),
                             ("/admin/schools", 'name="website"'),
                             ("/admin/users", 'name="place"')):
        page = client.get(path).get_data(as_text=True)
        assert page.index(last_field) < page.index('value="Добавить"'), path


def test_the_regions_table_names_the_url_column_as_the_form_does(client, make_user,
                                                                 make_region, logged_in):
    make_region("sever")
    logged_in(make_user(Role.ADMIN))
    page = client.get("/admin/regions").get_data(as_text=True)
    assert "<th>Адрес в URL</th>" in page and "<td>sever</td>" in page
