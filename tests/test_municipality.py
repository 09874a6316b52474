"""The methodologist sees every school of the municipality at a glance, and the regional
operator every municipality: the indicators, read from the state projections the services'
events feed (the dashboards themselves: tests/test_oversight_dashboards.py)."""

import uuid

import pytest
from test_oversight_dashboards import cell

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import record
from nastavnik.platform.roles import Role
from nastavnik.workers.projections import advance, projections

pytestmark = pytest.mark.usefixtures("autumn_2026")


def test_municipal_table_shows_each_schools_indicators(make_municipality, make_school,
                                                       make_user, logged_in):
    municipality = make_municipality("okrug")
    busy, quiet = make_school("busy", municipality), make_school("quiet", municipality)
    record("document.approved", {"document": 1, "kind": "regulation", "academic_year": 2026},
           school=busy, occurred_at=clock.now())
    record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": True},
           school=busy)
    db.session.commit()
    for projection in projections():
        advance(projection)

    client = logged_in(make_user(Role.METHODOLOGIST, municipality))
    page = client.get("/m/okrug/").get_data(as_text=True)
    assert cell(page, busy.short_name, "teachers") == "1"
    assert cell(page, busy.short_name, "young_with_mentor") == "0 %"
    assert cell(page, busy.short_name, "has_regulation") == "да"
    assert cell(page, quiet.short_name, "teachers") == "0"
    assert cell(page, quiet.short_name, "young_with_mentor") == "—"
    assert cell(page, quiet.short_name, "has_regulation") == "нет"
    assert cell(page, "Итого", "has_regulation") == "50 %"
    assert "Шаблон дорожной карты" in page  # the municipality's tabs


def test_regional_table_sums_each_municipalitys_schools(make_region, make_municipality,
                                                        make_school, make_user, logged_in):
    region = make_region("oblast")
    active, idle = make_municipality("active", region), make_municipality("idle", region)
    for slug in ("s1", "s2"):
        school = make_school(slug, active)
        record("pair.formed", {"pair": 1, "mentor": str(uuid.uuid4()),
                               "mentees": [str(uuid.uuid4())], "form": "traditional",
                               "group": False, "starts_on": "2026-10-01",
                               "ends_on": "2027-05-31"}, school=school)
    make_school("s3", idle)
    db.session.commit()
    for projection in projections():
        advance(projection)

    client = logged_in(make_user(Role.REGIONAL_OPERATOR, region))
    page = client.get("/r/oblast/").get_data(as_text=True)
    assert cell(page, active.name, "pairs") == "2"  # two schools, a pair each
    assert cell(page, idle.name, "pairs") == "0"
    assert cell(page, "Итого", "pairs") == "2"
    assert 'href="/m/active/"' in page
