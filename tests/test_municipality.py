"""The methodologist sees every school of the municipality at a glance, from the projection."""

import uuid

from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event, record
from nastavnik.platform.roles import Role
from nastavnik.workers.projections import advance, projections


def test_municipal_table_counts_each_schools_actions(make_municipality, make_school, make_user,
                                                     logged_in):
    municipality = make_municipality("okrug")
    busy, quiet = make_school("busy", municipality), make_school("quiet", municipality)
    for _ in range(3):
        record("document.approved", {"document": 1, "kind": "regulation",
                                     "academic_year": 2026}, school=busy,
               occurred_at=clock.now())
    record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": True},
           school=busy)
    db.session.commit()
    for projection in projections():
        advance(projection)

    client = logged_in(make_user(Role.METHODOLOGIST, municipality))
    page = client.get("/m/okrug/").get_data(as_text=True)
    busy_row = page[page.index(busy.short_name):].split("</tr>")[0]
    quiet_row = page[page.index(quiet.short_name):].split("</tr>")[0]
    # Approving the Regulation also created the roadmap and completed its item 1.2.
    logged = db.session.scalar(select(func.count()).select_from(Event)
                               .where(Event.school_id == busy.id))
    assert logged == 6
    assert [cell.split(">")[-1] for cell in busy_row.split("</td>")[1:6]] == [
        "3", "0", "0", "0", str(logged)]
    assert "нет действий" in quiet_row
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
    active_row = page[page.index(active.name):].split("</tr>")[0]
    cells = [cell.split(">")[-1] for cell in active_row.split("</td>")[1:6]]
    assert cells[0] == "2" and cells[4] == "2"  # two schools, two pairs formed
    assert "нет действий" in page[page.index(idle.name):].split("</tr>")[0]
