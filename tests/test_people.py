"""Accounts tied to teachers: the curator's invitation, one person with several roles in
several places, a teacher's record edited or marked as left, and where login lands."""

import datetime as dt
import re

import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented, events_of, teacher
from conftest import PASSWORD, csrf_token, login
from sqlalchemy import func, select, text

from nastavnik.extensions import db
from nastavnik.platform.models import RoleAssignment, User
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.pairs.services import form_pair, pair_candidates
from nastavnik.tenants.teachers.models import Teacher

NEW_PASSWORD = "set-by-the-link-42"
pytestmark = pytest.mark.usefixtures("autumn_2026")


def post(client, path: str, token_from: str | None = None, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from or path)})


def invite(client, school, person, email: str, role: str = "mentor"):
    return post(client, f"/s/{school.slug}/teachers/{person.id}/invite", email=email, role=role)


def link_of(page: str) -> str:
    return re.search(r'<code id="invite-link"[^>]*>([^<]+)</code>', page).group(1)


def set_password(client, link: str):
    path = link.split("://", 1)[1].split("/", 1)[1]
    return post(client, "/" + path, password=NEW_PASSWORD, confirm=NEW_PASSWORD)


def fresh(model, ident: int):
    """The row as committed by the requests, not as this test's session last saw it."""
    db.session.expire_all()
    return db.session.get(model, ident)


def roles_of(user_id: int) -> set[tuple[str, int | None]]:
    return {(a.role, a.school_id) for a in db.session.scalars(
        select(RoleAssignment).where(RoleAssignment.user_id == user_id))}


@pytest.fixture
def school(make_school):
    return make_school("sch")


@pytest.fixture
def curator(app, school, make_user):
    client = app.test_client()
    assert login(client, make_user(Role.CURATOR, school)).status_code == 302
    return client


def test_invited_mentor_and_mentee_find_their_questionnaire_and_pair(app, school, curator):
    mentor = consented(teacher(school, "Орлова", "Наталья"), "mentor_bank")
    mentee = consented(teacher(school, "Лебедева", "Ольга"), "mentee_bank")

    response = invite(curator, school, mentor, "Orlova@Example.org", "mentor")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("no-store")
    mentor_link = link_of(response.get_data(as_text=True))
    account = db.session.scalar(select(User).where(User.email == "orlova@example.org"))
    assert account.full_name == "Орлова Наталья Игоревна"
    assert fresh(Teacher, mentor.id).user_id == account.id
    assert roles_of(account.id) == {("mentor", school.id)}
    mentee_link = link_of(invite(curator, school, mentee, "lebedeva@example.org",
                                 "mentee").get_data(as_text=True))
    [linked, _] = events_of("teacher.account_linked")
    assert linked.payload == {"teacher": str(mentor.pseudonym), "account": account.id,
                              "role": "mentor"}

    # Until the link sets a password the account cannot sign in with any.
    assert login(app.test_client(), "orlova@example.org", "!unset").status_code == 200
    people = {}
    for email, link in (("orlova@example.org", mentor_link),
                        ("lebedeva@example.org", mentee_link)):
        client = app.test_client()
        assert set_password(client, link).status_code == 302
        landed = login(client, email, NEW_PASSWORD)
        assert landed.headers["Location"] == f"/s/{school.slug}/"  # their one place
        people[email] = client
    orlova, lebedeva = people["orlova@example.org"], people["lebedeva@example.org"]
    assert orlova.get(f"/s/{school.slug}/banks/my/mentors").status_code == 200
    assert lebedeva.get(f"/s/{school.slug}/banks/my/mentees").status_code == 200
    home = orlova.get(f"/s/{school.slug}/").get_data(as_text=True)
    assert "Вы пока не входите в наставническую пару" in home

    enter_mentor(fresh(Teacher, mentor.id), MENTOR_ANSWERS)
    enter_mentee(fresh(Teacher, mentee.id), MENTEE_ANSWERS)
    form_pair(school, fresh(Teacher, mentor.id), [fresh(Teacher, mentee.id)],
              "traditional", dt.date(2026, 10, 1), dt.date(2027, 5, 31))
    db.session.commit()
    for client in (orlova, lebedeva):
        home = client.get(f"/s/{school.slug}/").get_data(as_text=True)
        assert "Вы пока не входите" not in home
        assert "Орлова Наталья" in home and "Лебедева Ольга" in home


def test_inviting_twice_has_one_effect_and_a_second_role_is_added(school, curator):
    person = teacher(school, "Орлова", "Наталья")
    assert invite(curator, school, person, "orlova@example.org", "mentor").status_code == 200
    again = invite(curator, school, person, "orlova@example.org", "mentor")
    assert again.status_code == 400
    assert "уже приглашён с этой ролью" in again.get_data(as_text=True)
    account = db.session.scalar(select(User).where(User.email == "orlova@example.org"))
    assert roles_of(account.id) == {("mentor", school.id)}
    # The invitation form offers the linked account's address, and a mentee role joins.
    page = curator.get(f"/s/{school.slug}/teachers/{person.id}/invite").get_data(as_text=True)
    assert 'value="orlova@example.org"' in page
    assert invite(curator, school, person, "orlova@example.org", "mentee").status_code == 200
    assert roles_of(account.id) == {("mentor", school.id), ("mentee", school.id)}
    assert db.session.scalar(select(func.count()).select_from(User)) == 2  # curator + her


def test_an_address_of_another_teacher_or_a_left_teacher_is_refused(school, curator):
    first, second = teacher(school, "Орлова", "Наталья"), teacher(school, "Лебедева", "Ольга")
    invite(curator, school, first, "shared@example.org")
    refused = invite(curator, school, second, "shared@example.org")
    assert refused.status_code == 400
    assert "принадлежит учётной записи другого педагога школы" in refused.get_data(as_text=True)
    assert fresh(Teacher, second.id).user_id is None
    bad = invite(curator, school, second, "не почта")
    assert bad.status_code == 400 and "указан неверно" in bad.get_data(as_text=True)
    wrong_role = invite(curator, school, second, "olga@example.org", "director")
    assert wrong_role.status_code == 400


def test_a_teacher_of_two_schools_is_found_in_each_as_that_schools_teacher(
        app, make_school, make_user, school, curator):
    other = make_school("other")
    here, there = teacher(school, "Орлова", "Наталья"), teacher(other, "Орлова", "Наталья")
    consented(here, "mentor_bank")
    consented(there, "mentor_bank")
    other_curator = app.test_client()
    login(other_curator, make_user(Role.CURATOR, other))
    first = invite(other_curator, other, there, "orlova@example.org")
    set_password(app.test_client(), link_of(first.get_data(as_text=True)))

    # The same address in the second school: the account is reused, and this curator gets
    # no link to an account that has a role in another school.
    reused = invite(curator, school, here, "ORLOVA@example.org")
    assert reused.status_code == 200
    page = reused.get_data(as_text=True)
    assert "invite-link" not in page and "входит со своим паролем" in page
    account = db.session.scalar(select(User).where(User.email == "orlova@example.org"))
    assert roles_of(account.id) == {("mentor", school.id), ("mentor", other.id)}
    assert fresh(Teacher, here.id).user_id == account.id

    client = app.test_client()
    assert login(client, "orlova@example.org", NEW_PASSWORD).headers["Location"] == "/"
    enter_mentor(fresh(Teacher, there.id), {**MENTOR_ANSWERS, "achievements": "Только там"})
    db.session.commit()
    own_there = client.get(f"/s/{other.slug}/banks/my/mentors").get_data(as_text=True)
    own_here = client.get(f"/s/{school.slug}/banks/my/mentors").get_data(as_text=True)
    assert "Только там" in own_there and "Только там" not in own_here


def test_the_admin_gives_a_second_role_to_an_existing_address_once(school, make_user,
                                                                   logged_in):
    person = teacher(school, "Орлова", "Наталья", middle_name="Сергеевна")
    curator = make_user(Role.CURATOR, school, email="orlova@example.org",
                        full_name="Орлова Наталья Сергеевна")
    admin = logged_in(make_user(Role.ADMIN))
    data = {"full_name": "", "email": "Orlova@example.org", "password": "",
            "role": "mentor", "place": school.code}
    first = post(admin, "/admin/users", **data)
    assert first.status_code == 302
    assert roles_of(curator.id) == {("curator", school.id), ("mentor", school.id)}
    assert fresh(Teacher, person.id).user_id == curator.id  # the name matched
    again = post(admin, "/admin/users", **data)
    assert again.status_code == 400
    assert "уже есть эта роль" in again.get_data(as_text=True)
    assert roles_of(curator.id) == {("curator", school.id), ("mentor", school.id)}
    new = post(admin, "/admin/users", **{**data, "email": "new@example.org"})
    assert new.status_code == 400
    assert "Задайте пароль для новой учётной записи" in new.get_data(as_text=True)


def test_the_admin_edits_an_account_without_reading_a_schools_names(school, make_user,
                                                                    logged_in):
    mentor = make_user(Role.MENTOR, school, email="orlova@example.org",
                       full_name="Орлова Наталья Сергеевна")
    admin_user = make_user(Role.ADMIN, full_name="Админ Платформы")
    admin = logged_in(admin_user)
    page = admin.get(f"/admin/users/{mentor.id}").get_data(as_text=True)
    assert f"Учётная запись № {mentor.id}" in page
    assert "Орлова" not in page and "orlova@" not in page
    assert post(admin, f"/admin/users/{mentor.id}", token_from=f"/admin/users/{mentor.id}",
                **{"account-full_name": "", "account-email": "n.orlova@example.org"}
                ).status_code == 302
    assert fresh(User, mentor.id).email == "n.orlova@example.org"
    assert fresh(User, mentor.id).full_name == "Орлова Наталья Сергеевна"
    taken = post(admin, f"/admin/users/{mentor.id}", **{"account-email": admin_user.email})
    assert taken.status_code == 400 and "уже принадлежит" in taken.get_data(as_text=True)

    assert post(admin, f"/admin/users/{mentor.id}/roles", token_from=f"/admin/users/{mentor.id}",
                **{"role-role": "mentee", "role-place": school.code}).status_code == 302
    wrong = post(admin, f"/admin/users/{mentor.id}/roles", token_from=f"/admin/users/{mentor.id}",
                 **{"role-role": "methodologist", "role-place": school.code})
    assert wrong.status_code == 400 and "Место не подходит" in wrong.get_data(as_text=True)
    mentee_role = db.session.scalar(select(RoleAssignment).where(
        RoleAssignment.user_id == mentor.id, RoleAssignment.role == "mentee"))
    assert post(admin, f"/admin/users/{mentor.id}/roles/{mentee_role.id}/remove",
                token_from=f"/admin/users/{mentor.id}").status_code == 302
    assert roles_of(mentor.id) == {("mentor", school.id)}
    assert [e.payload["role"] for e in events_of("account.role_granted")] == ["mentee"]
    assert [e.payload["role"] for e in events_of("account.role_revoked")] == ["mentee"]

    assert post(admin, f"/admin/users/{mentor.id}/deactivate",
                token_from=f"/admin/users/{mentor.id}").status_code == 302
    assert login(admin.application.test_client(), "n.orlova@example.org").status_code == 200
    assert post(admin, f"/admin/users/{mentor.id}/activate",
                token_from=f"/admin/users/{mentor.id}").status_code == 302
    assert login(admin.application.test_client(), "n.orlova@example.org").status_code == 302
    own = db.session.scalar(select(RoleAssignment).where(RoleAssignment.user_id == admin_user.id))
    refused = admin.post(f"/admin/users/{admin_user.id}/roles/{own.id}/remove",
                         data={"csrf_token": csrf_token(admin, "/admin/users")},
                         follow_redirects=True)
    assert "Нельзя снять роль администратора" in refused.get_data(as_text=True)
    assert roles_of(admin_user.id) == {("admin", None)}


@pytest.mark.parametrize(("role", "place", "landing"), [
    (Role.CURATOR, "school", "/s/sch/"),
    (Role.METHODOLOGIST, "municipality", "/m/m-sch/"),
    (Role.REGIONAL_OPERATOR, "region", "/r/r-m-sch/"),
    (Role.ADMIN, None, "/admin/"),
])
def test_login_lands_on_the_one_place(client, school, make_user, role, place, landing):
    where = {"school": school, "municipality": school.municipality,
             "region": school.municipality.region, None: None}[place]
    user = make_user(role, where)
    assert login(client, user).headers["Location"] == landing


def test_two_roles_in_one_school_land_there_and_two_places_get_the_chooser(
        client, school, make_school, make_user):
    user = make_user(Role.CURATOR, school)
    user.roles.append(RoleAssignment.at(Role.MENTOR, school))
    db.session.commit()
    assert login(client, user).headers["Location"] == "/s/sch/"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    second = make_school("second")
    fresh(User, user.id).roles.append(RoleAssignment.at(Role.MENTOR, second))
    db.session.commit()
    assert login(client, user, PASSWORD).headers["Location"] == "/"
    assert "/s/second/" in client.get("/").get_data(as_text=True)


def test_login_finds_the_account_through_the_lower_email_index():
    # A handful of rows would be read whole anyway: forbid that to see what the index allows.
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    lines = db.session.execute(text(
        "EXPLAIN SELECT * FROM users WHERE lower(email) = 'x@example.org'")).scalars().all()
    assert any("uq_users_email_lower" in line for line in lines), lines


def test_the_curator_edits_a_teacher_and_the_event_names_fields_not_values(school, curator):
    person = teacher(school, "Орлова", "Наталья", birth_year=1990, teaching_since=2012)
    path = f"/s/{school.slug}/teachers/{person.id}"
    saved = post(curator, path, last_name="Орлова-Белова", first_name="Наталья",
                 middle_name="Игоревна", birth_year="1990", teaching_since="2012",
                 hired_in="2015", position="учитель", subjects="физика")
    assert saved.status_code == 302
    edited = fresh(Teacher, person.id)
    assert (edited.last_name, edited.hired_in, edited.subjects) == ("Орлова-Белова", 2015,
                                                                     "физика")
    [event] = events_of("teacher.updated")
    assert event.payload["changed"] == ["last_name", "hired_in", "subjects"]
    assert event.payload["hired_in"] == 2015
    assert "Орлова" not in str(event.payload) and "физика" not in str(event.payload)
    nameless = post(curator, path, last_name="", first_name="Наталья")
    assert nameless.status_code == 400 and "Укажите фамилию" in nameless.get_data(as_text=True)
    child = post(curator, path, last_name="Орлова", first_name="Наталья", hired_in="1995",
                 birth_year="1990")
    assert child.status_code == 400 and "раньше 16 лет" in child.get_data(as_text=True)
    assert fresh(Teacher, person.id).last_name == "Орлова-Белова"


def test_a_teacher_who_left_leaves_the_lists_but_stays_in_the_history(school, curator):
    person = consented(teacher(school, "Орлова", "Наталья", hired_in=2020), "mentor_bank",
                       "mentee_bank")
    stays = consented(teacher(school, "Лебедева", "Ольга"), "mentee_bank", "mentor_bank")
    invite(curator, school, person, "orlova@example.org", "mentor")
    account_id = fresh(Teacher, person.id).user_id
    future = post(curator, f"/s/{school.slug}/teachers/{person.id}/leave",
                  token_from=f"/s/{school.slug}/teachers/{person.id}",
                  left_on="2027-06-01", reason="transfer")
    assert future.status_code == 400 and "не может быть позже" in future.get_data(as_text=True)
    unknown = post(curator, f"/s/{school.slug}/teachers/{person.id}/leave",
                   token_from=f"/s/{school.slug}/teachers/{person.id}",
                   left_on="2026-11-20", reason="fired-by-phone")
    assert unknown.status_code == 400
    left = post(curator, f"/s/{school.slug}/teachers/{person.id}/leave",
                token_from=f"/s/{school.slug}/teachers/{person.id}",
                left_on="2026-11-20", reason="transfer")
    assert left.status_code == 302
    gone = fresh(Teacher, person.id)
    assert (gone.employed, gone.left_on, gone.left_reason) == (False, dt.date(2026, 11, 20),
                                                               "transfer")
    assert roles_of(account_id) == set()  # the account no longer reaches the school
    [event] = events_of("teacher.left")
    assert event.payload == {"teacher": str(person.pseudonym), "left_on": "2026-11-20",
                             "reason": "transfer", "hired_in": 2020,
                             "young_specialist": True}

    page = curator.get(f"/s/{school.slug}/teachers/").get_data(as_text=True)
    active, history = page.split('id="left-teachers"')
    assert "Орлова" not in active.split('id="teachers"')[1] and "Орлова" in history
    assert "перевод в другую образовательную организацию" in history
    enter_mentor(fresh(Teacher, stays.id), MENTOR_ANSWERS)
    enter_mentee(fresh(Teacher, stays.id), MENTEE_ANSWERS)
    db.session.commit()
    candidates = pair_candidates(school)
    assert person.id not in {t.id for t in candidates["mentors"] + candidates["mentees"]}
    assert post(curator, f"/s/{school.slug}/teachers/{person.id}/leave",
                token_from=f"/s/{school.slug}/teachers/", left_on="2026-11-20",
                reason="transfer").status_code == 400  # twice: one effect
    assert len(events_of("teacher.left")) == 1
    assert curator.get(f"/s/{school.slug}/teachers/{person.id}/invite").status_code == 404

    assert post(curator, f"/s/{school.slug}/teachers/{person.id}/return",
                token_from=f"/s/{school.slug}/teachers/").status_code == 302
    back = fresh(Teacher, person.id)
    assert back.employed and back.left_on is None
    assert [e.type for e in events_of("teacher.returned")] == ["teacher.returned"]


def test_the_staff_file_may_carry_the_hire_year(school, curator):
    import io

    content = ("Фамилия;Имя;Год рождения;Год приёма в школу\n"
               "Орлова;Наталья;1990;2016\nЛебедева;Ольга;1995;\n").encode()
    preview = curator.post(f"/s/{school.slug}/teachers/import", data={
        "csrf_token": csrf_token(curator, f"/s/{school.slug}/teachers/import"),
        "file": (io.BytesIO(content), "staff.csv")}, content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<td>2016</td>" in page
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    assert curator.post(f"/s/{school.slug}/teachers/import/confirm", data={
        "csrf_token": csrf_token(curator, f"/s/{school.slug}/teachers/"),
        "token": token}).status_code == 302
    hired = dict(db.session.execute(select(Teacher.last_name, Teacher.hired_in)).all())
    assert hired == {"Орлова": 2016, "Лебедева": None}
    assert {e.payload["hired_in"] for e in events_of("teacher.added")} == {2016, None}


def test_an_account_without_roles_stays_a_number_to_the_admin(school, make_user, logged_in):
    mentor = make_user(Role.MENTOR, school, email="orlova@example.org",
                       full_name="Орлова Наталья Сергеевна")
    admin = logged_in(make_user(Role.ADMIN))
    [role] = fresh(User, mentor.id).roles
    assert post(admin, f"/admin/users/{mentor.id}/roles/{role.id}/remove",
                token_from=f"/admin/users/{mentor.id}").status_code == 302
    for path in ("/admin/users", f"/admin/users/{mentor.id}"):
        page = admin.get(path).get_data(as_text=True)
        assert "Орлова" not in page and "orlova@" not in page


def test_a_new_account_submitted_twice_is_made_once(school, make_user, logged_in):
    admin = logged_in(make_user(Role.ADMIN))
    data = {"full_name": "Лебедева Ольга Ивановна", "email": "lebedeva@example.org",
            "password": "long-enough-1", "role": "mentee", "place": school.code}
    assert post(admin, "/admin/users", **data).status_code == 302
    again = post(admin, "/admin/users", **data)
    assert again.status_code == 400 and "уже есть эта роль" in again.get_data(as_text=True)
    [account] = db.session.scalars(select(User).where(User.email == "lebedeva@example.org"))
    assert roles_of(account.id) == {("mentee", school.id)}
    no_teacher = post(admin, "/admin/users", **{**data, "email": "other@example.org"})
    assert no_teacher.status_code == 302
    assert "свяжет куратор" in admin.get("/admin/users").get_data(as_text=True)
