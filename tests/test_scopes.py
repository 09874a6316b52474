"""Each role reaches its own place and gets 404 anywhere else."""

import pytest
from conftest import csrf_token

from nastavnik.platform.roles import Role


@pytest.fixture
def world(make_region, make_municipality, make_school):
    """Two regions; region A has two municipalities, each with a school."""
    region_a, region_b = make_region("reg-a"), make_region("reg-b")
    mun_a1 = make_municipality("mun-a1", region_a)
    mun_a2 = make_municipality("mun-a2", region_a)
    mun_b = make_municipality("mun-b", region_b)
    return {
        "region_a": region_a, "region_b": region_b,
        "mun_a1": mun_a1, "mun_a2": mun_a2, "mun_b": mun_b,
        "school_a1": make_school("sch-a1", mun_a1),
        "school_a2": make_school("sch-a2", mun_a2),
        "school_b": make_school("sch-b", mun_b),
    }


def status(client, path):
    return client.get(path).status_code


@pytest.mark.parametrize("role", [Role.CURATOR, Role.DIRECTOR, Role.MENTOR, Role.MENTEE])
def test_school_roles_reach_only_their_school(world, make_user, logged_in, role):
    client = logged_in(make_user(role, world["school_a1"]))
    assert status(client, "/s/sch-a1/") == 200
    assert status(client, "/s/sch-a2/") == 404
    assert status(client, "/s/sch-b/") == 404
    assert status(client, "/m/mun-a1/") == 404
    assert status(client, "/r/reg-a/") == 404


def test_methodologist_reaches_the_municipality_and_its_schools(world, make_user, logged_in):
    client = logged_in(make_user(Role.METHODOLOGIST, world["mun_a1"]))
    assert status(client, "/m/mun-a1/") == 200
    assert status(client, "/s/sch-a1/") == 200
    assert status(client, "/m/mun-a2/") == 404
    assert status(client, "/s/sch-a2/") == 404
    assert status(client, "/r/reg-a/") == 404


def test_regional_operator_reaches_the_whole_region_only(world, make_user, logged_in):
    client = logged_in(make_user(Role.REGIONAL_OPERATOR, world["region_a"]))
    for path in ("/r/reg-a/", "/m/mun-a1/", "/m/mun-a2/", "/s/sch-a1/", "/s/sch-a2/"):
        assert status(client, path) == 200, path
    for path in ("/r/reg-b/", "/m/mun-b/", "/s/sch-b/"):
        assert status(client, path) == 404, path


def test_admin_reaches_everything(world, make_user, logged_in):
    client = logged_in(make_user(Role.ADMIN))
    for path in ("/admin/", "/r/reg-b/", "/m/mun-a2/", "/s/sch-b/"):
        assert status(client, path) == 200, path


def test_admin_area_is_hidden_from_other_roles(world, make_user, logged_in):
    client = logged_in(make_user(Role.REGIONAL_OPERATOR, world["region_a"]))
    assert status(client, "/admin/") == 404
    assert status(client, "/admin/users") == 404


def test_unknown_slug_is_404_in_russian(world, make_user, logged_in):
    client = logged_in(make_user(Role.ADMIN))
    response = client.get("/s/no-such-school/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_login(client, world):
    response = client.get("/s/sch-a1/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_school_page_shows_its_staff_and_teachers(world, make_user, logged_in):
    make_user(Role.DIRECTOR, world["school_a1"], full_name="Петров Пётр Петрович")
    client = logged_in(make_user(Role.CURATOR, world["school_a1"]))
    page = client.get("/s/sch-a1/").get_data(as_text=True)
    assert "Руководитель ОО: Петров Пётр Петрович" in page
    assert "0 педагогов" in page



def test_breadcrumbs_link_the_places_the_reader_may_open(world, make_user, logged_in, client):
    logged_in(make_user(Role.METHODOLOGIST, world["mun_a1"]))
    page = client.get("/s/sch-a1/").get_data(as_text=True)
    assert '<a href="/m/mun-a1/">Округ mun-a1</a>' in page
    assert 'href="/r/reg-a/"' not in page  # the region's page is not the methodologist's
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    logged_in(make_user(Role.REGIONAL_OPERATOR, world["region_a"]))
    page = client.get("/m/mun-a1/").get_data(as_text=True)
    assert '<a href="/r/reg-a/">Область reg-a</a>' in page
