"""Training of mentors: the library of the school, municipality and region, the upload
checks, sessions with their attendance sheets, training status and roadmap 4.2–4.3."""

import datetime as dt
import io

import pytest
from bank_helpers import events_of
from conftest import csrf_token
from sqlalchemy import func, select
from training_helpers import (
    HOSTILE,
    a_file,
    a_link,
    a_user,
    docx_bytes,
    pdf_bytes,
)

from nastavnik.extensions import db
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.training import places
from nastavnik.tenants.training.models import TrainingMaterial
from nastavnik.tenants.training.services import (
    add_material,
    include_material,
)

pytestmark = pytest.mark.usefixtures("autumn_2026")
TODAY = dt.date(2026, 10, 1)


@pytest.fixture
def region(make_region):
    return make_region("reg")


@pytest.fixture
def municipality(make_municipality, region):
    return make_municipality("mun", region=region)


@pytest.fixture
def school(make_school, municipality):
    return make_school("sch-1", municipality=municipality)


@pytest.fixture
def neighbour(make_school, municipality):
    return make_school("sch-2", municipality=municipality)


def titles(materials) -> list[str]:
    return [m.title for m in materials]


def refusal(**arguments) -> dict:
    with pytest.raises(Rejected) as refused:
        add_material(arguments.pop("place"), a_user(), **{"title": "Т", "topic": "methods",
                                                         **arguments})
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(TrainingMaterial)) == 0
    return refused.value.messages


# The library


def test_a_school_reads_its_own_its_municipalitys_and_its_regions_materials(
        school, neighbour, municipality, region, make_municipality):
    a_link(school, "Своя памятка")
    a_link(neighbour, "Памятка соседей")
    a_link(municipality, "Муниципальные рекомендации")
    a_link(region, "Региональное положение")
    a_link(make_municipality("other", region=region), "Чужой муниципалитет")
    assert titles(places.school_library(school)) == [
        "Своя памятка", "Муниципальные рекомендации", "Региональное положение"]
    assert titles(places.shared_library(municipality)) == ["Муниципальные рекомендации"]
    assert titles(places.shared_library(region)) == ["Региональное положение"]


def test_another_schools_material_is_out_of_reach(school, neighbour):
    theirs = a_link(neighbour, "Памятка соседей")
    assert places.material_of_school(school, theirs.id) is None


def test_a_stored_file_keeps_its_bytes_and_type(school):
    data = docx_bytes()
    material = a_file(school, data=data, filename="Рекомендации.docx")
    assert (material.content_type, material.size, material.filename) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        len(data), "Рекомендации.docx")
    assert material.data == data


def test_adding_its_own_material_is_a_school_event_without_its_title(school):
    material = a_link(school, HOSTILE)
    [event] = events_of("training.material_added")
    assert event.school_id == school.id
    assert event.payload == {"material": material.id, "level": "school", "topic": "methods",
                             "link": True}


def test_a_shared_material_is_logged_when_a_school_includes_it_once(school, municipality):
    shared = a_link(municipality)
    assert events_of("training.material_added") == []  # the municipality has no log
    include_material(school, shared)
    include_material(school, shared)  # a second click
    db.session.commit()
    [event] = events_of("training.material_added")
    assert (event.school_id, event.payload["level"]) == (school.id, "municipality")


# Upload checks


def test_a_renamed_executable_is_refused(school):
    executable = b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
    assert "не является документом" in refusal(place=school, data=executable,
                                               filename="pamyatka.pdf")["file"][0]


def test_a_file_over_20_mb_is_refused(school):
    big = pdf_bytes() + b"0" * (20 * 1024 * 1024)
    assert "больше 20 МБ" in refusal(place=school, data=big, filename="big.pdf")["file"][0]


def test_an_extension_that_lies_is_refused(school):
    assert "Расширение файла" in refusal(place=school, data=docx_bytes(),
                                         filename="rekomendacii.pdf")["file"][0]


def test_a_truncated_file_is_refused(school):
    assert "повреждён" in refusal(place=school, data=docx_bytes()[:3000],
                                  filename="rekomendacii.docx")["file"][0]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file",
                                 "https://", "example.org/metodichka",
                                 "https://example.org/a b", "data:text/html,<script>"])
def test_a_bad_link_is_refused(school, url):
    assert refusal(place=school, url=url)["url"]


def test_a_file_and_a_link_at_once_are_refused(school):
    assert refusal(place=school, url="https://example.org", data=pdf_bytes(),
                   filename="a.pdf")["file"]


def test_a_title_is_required(school):
    assert refusal(place=school, title="  ", url="https://example.org")["title"]


# Pages and scopes


def post(client, path: str, data: dict, token_from: str):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from)})


def test_a_mentee_reads_and_downloads_but_cannot_add(school, make_user, logged_in):
    material = a_file(school, "Памятка наставляемому")
    client = logged_in(make_user(Role.MENTEE, school))
    page = client.get("/s/sch-1/training/").get_data(as_text=True)
    assert "Памятка наставляемому" in page and "Добавить материал школы" not in page
    download = client.get(f"/s/sch-1/training/materials/{material.id}/file")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    refused = post(client, "/s/sch-1/training/materials",
                   {"title": "Моё", "topic": "methods", "url": "https://example.org"},
                   "/s/sch-1/training/")
    assert refused.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(TrainingMaterial)) == 1


def test_another_schools_material_and_page_are_404(school, neighbour, make_user, logged_in):
    theirs = a_file(neighbour, "Памятка соседей")
    client = logged_in(make_user(Role.CURATOR, school))
    assert client.get(f"/s/sch-1/training/materials/{theirs.id}/file").status_code == 404
    assert client.get("/s/sch-2/training/").status_code == 404
    assert post(client, f"/s/sch-1/training/materials/{theirs.id}/remove", {},
                "/s/sch-1/training/").status_code == 404
    assert "Памятка соседей" not in client.get("/s/sch-1/training/").get_data(as_text=True)


def test_the_curator_uploads_a_file_and_a_hostile_title_is_escaped(school, make_user,
                                                                   logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    response = client.post("/s/sch-1/training/materials", data={
        "csrf_token": csrf_token(client, "/s/sch-1/training/"), "title": HOSTILE,
        "topic": "programs", "url": "",
        "file": (io.BytesIO(docx_bytes()), "Программа.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get("/s/sch-1/training/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_renamed_executable_upload_shows_the_reason(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    response = client.post("/s/sch-1/training/materials", data={
        "csrf_token": csrf_token(client, "/s/sch-1/training/"), "title": "Вирус",
        "topic": "other", "file": (io.BytesIO(b"MZ" + b"\x00" * 300), "virus.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "не является документом" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(TrainingMaterial)) == 0


def test_the_methodologist_shares_a_material_every_school_of_the_municipality_sees(
        school, neighbour, make_user, logged_in, client):
    logged_in(make_user(Role.METHODOLOGIST, school.municipality))
    response = post(client, "/m/mun/training/materials",
                    {"title": "Муниципальные рекомендации", "topic": "methods",
                     "url": "https://mms.example.org/rek"}, "/m/mun/training/")
    assert response.status_code == 303
    assert titles(places.school_library(neighbour)) == ["Муниципальные рекомендации"]


def test_a_curator_cannot_open_the_municipal_library_page(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    assert client.get("/m/mun/training/").status_code == 404
