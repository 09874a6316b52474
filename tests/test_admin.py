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


def people_of_schools(count: int, municipality, first: int = 0) -> list[User]:
    """``count`` schools, each with a curator and a mentor: school people all of them."""
    from nastavnik.platform.models import RoleAssignment
    from nastavnik.platform.passwords import hash_password

    password = hash_password("long-enough-1")
    people = []
    for number in range(first, first + count):
        school = School(slug=f"s-{number}", code=f"77-{number:03}", municipality=municipality,
                        region_id=municipality.region_id, name=f"МБОУ «СОШ № {number}»",
                        short_name=f"СОШ № {number}")
        for role in (Role.CURATOR, Role.MENTOR):
            user = User(email=f"{role.value}{number}@school{number}.example",
                        full_name=f"Учитель {number}", password_hash=password)
            user.roles.append(RoleAssignment.at(role, school))
            people.append(user)
        db.session.add_all(people[-2:])
    db.session.commit()
    return people


class Statements:
    """Counts the SQL statements the application sends while the block runs."""

    def __init__(self):
        self.count = 0

    def __enter__(self):
        from sqlalchemy import event
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc):
        from sqlalchemy import event
        event.remove(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args):
        self.count += 1


def test_the_user_list_is_paged_and_its_queries_do_not_grow_with_rows(
        client, make_user, make_municipality, logged_in):
    logged_in(make_user(Role.ADMIN))
    people_of_schools(2, make_municipality())
    with Statements() as few:
        assert client.get("/admin/users").status_code == 200
    people_of_schools(40, make_municipality("mun-b"), first=100)  # 85 accounts in all
    with Statements() as lots:
        page = client.get("/admin/users").get_data(as_text=True)
    assert lots.count == few.count, (few.count, lots.count)
    # A first page of 50 (the administrator, whose name is the platform's, and 49 more).
    assert page.count("Учётная запись №") == 49
    assert "страница 1 из 2" in page and "?page=2" in page
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert second.count("Учётная запись №") == 35
    assert client.get("/admin/users?page=abc").status_code == 200
    assert client.get("/admin/users?page=999").status_code == 200
    assert "Учитель" not in page  # school people stay numbers


def test_the_user_list_is_searched_by_email_number_and_place(client, make_user,
                                                              make_municipality, logged_in):
    logged_in(make_user(Role.ADMIN))
    people = people_of_schools(12, make_municipality())
    by_mail = client.get("/admin/users?q=MENTOR3@school3").get_data(as_text=True)
    assert f"Учётная запись № {people[7].id}" in by_mail and "Найдено: 1" in by_mail
    by_number = client.get(f"/admin/users?q=№ {people[0].id}").get_data(as_text=True)
    assert "Найдено: 1" in by_number
    by_place = client.get("/admin/users?q=СОШ № 11").get_data(as_text=True)
    assert "Найдено: 2" in by_place
    by_code = client.get("/admin/users?q=77-005").get_data(as_text=True)
    assert "Найдено: 2" in by_code
    nothing = client.get("/admin/users?q=%25_%25").get_data(as_text=True)
    assert "Ничего не найдено" in nothing  # LIKE wildcards are plain characters
    huge = client.get("/admin/users?q=" + "9" * 40)
    assert huge.status_code == 200 and "Ничего не найдено" in huge.get_data(as_text=True)


def test_the_school_list_is_paged_and_searched(client, make_user, make_municipality,
                                               logged_in):
    logged_in(make_user(Role.ADMIN))
    people_of_schools(60, make_municipality())
    page = client.get("/admin/schools").get_data(as_text=True)
    assert "Всего: 60" in page and "страница 1 из 2" in page
    found = client.get("/admin/schools?q=СОШ № 42").get_data(as_text=True)
    assert "Найдено: 1" in found and "СОШ № 42" in found
    add = client.get("/admin/users?place=77-042").get_data(as_text=True)
    assert 'value="77-042"' in add
