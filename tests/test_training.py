"""Training of mentors: the library of the school, municipality and region, the upload
checks, sessions with their attendance sheets, training status and roadmap 4.2–4.3."""

import datetime as dt
import io

import pytest
from bank_helpers import events_of, in_mentor_bank
from conftest import csrf_token, login
from pypdf import PdfReader
from sqlalchemy import func, select
from test_double_submit import _sharing_session, clicks
from training_helpers import (
    HOSTILE,
    a_file,
    a_link,
    a_session,
    a_user,
    docx_bytes,
    pdf_bytes,
)

from nastavnik.extensions import db
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.services import ensure_school_roadmap
from nastavnik.tenants.training import places
from nastavnik.tenants.training.models import SessionAttendance, TrainingMaterial
from nastavnik.tenants.training.services import (
    add_material,
    include_material,
    record_attendance,
    trained_on,
)

pytestmark = pytest.mark.usefixtures("autumn_2026")
TODAY = dt.date(2026, 11, 27)  # the day autumn_2026 sets the clock to


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


# Sessions and attendance sheets


@pytest.fixture
def mentors(school):
    return [in_mentor_bank(school, name) for name in ("Орлова", "Белова", "Зайцева")]


def marks(school, session) -> dict[str, bool]:
    db.session.expire_all()
    return {row.teacher.last_name: row.present for row in db.session.scalars(
        select(SessionAttendance).where(SessionAttendance.session_id == session.id,
                                        SessionAttendance.school_id == school.id))}


def test_the_sheet_marks_every_mentor_of_the_bank_and_logs_pseudonyms(school, mentors):
    session = a_session(school, TODAY)
    orlova, belova, zaitseva = mentors
    assert record_attendance(school, session, {orlova.id, zaitseva.id})
    db.session.commit()
    assert marks(school, session) == {"Орлова": True, "Белова": False, "Зайцева": True}
    [event] = events_of("training.attendance_recorded")
    assert event.payload == {
        "session": session.id, "level": "school", "kind": "setup", "held_on": "2026-11-27",
        "present": sorted([str(orlova.pseudonym), str(zaitseva.pseudonym)]),
        "absent": [str(belova.pseudonym)], "anyone_present": True}
    assert "Орлова" not in str(event.payload)


def test_the_same_sheet_sent_twice_is_one_effect(school, mentors):
    session = a_session(school, TODAY)
    assert record_attendance(school, session, {mentors[0].id})
    db.session.commit()
    assert not record_attendance(school, session, {mentors[0].id})
    db.session.commit()
    assert len(events_of("training.attendance_recorded")) == 1
    assert record_attendance(school, session, {mentors[1].id})  # a correction is recorded
    db.session.commit()
    assert marks(school, session) == {"Орлова": False, "Белова": True, "Зайцева": False}
    assert len(events_of("training.attendance_recorded")) == 2


def test_a_double_clicked_sheet_is_saved_once(app, client, school, mentors, make_user):
    curator = make_user(Role.CURATOR, school)
    assert login(client, curator).status_code == 302
    for round_ in range(3):
        session = a_session(school, TODAY, topic=f"Сессия {round_}")
        path = f"/s/sch-1/training/sessions/{session.id}"
        clicks(lambda: _sharing_session(app, client), path,
               {"present": [str(mentors[0].id), str(mentors[2].id)]})
        assert marks(school, session) == {"Орлова": True, "Белова": False, "Зайцева": True}
        assert len(events_of("training.attendance_recorded")) == round_ + 1


def test_a_future_session_takes_no_attendance(school, mentors):
    session = a_session(school, TODAY + dt.timedelta(days=7))
    with pytest.raises(Rejected):
        record_attendance(school, session, {mentors[0].id})


def test_a_teacher_off_the_sheet_is_refused(school, mentors, neighbour):
    stranger = in_mentor_bank(neighbour, "Чужая")
    session = a_session(school, TODAY)
    with pytest.raises(Rejected):
        record_attendance(school, session, {stranger.id})


def test_a_municipal_session_each_school_marks_its_own_the_methodologist_sees_counts(
        school, neighbour, municipality, mentors, make_user, logged_in):
    theirs = in_mentor_bank(neighbour, "Соседова")
    session = a_session(municipality, TODAY, topic="Муниципальная установочная сессия")
    assert events_of("training.session_planned") == []
    record_attendance(school, session, {mentors[0].id, mentors[1].id})
    record_attendance(neighbour, session, {theirs.id})
    db.session.commit()
    assert [e.school_id for e in events_of("training.attendance_recorded")] == [
        school.id, neighbour.id]
    client = logged_in(make_user(Role.METHODOLOGIST, municipality))
    page = client.get("/m/mun/training/").get_data(as_text=True)
    assert "Школа sch-1: 2 из 3" in page and "Школа sch-2: 1 из 1" in page
    for name in ("Орлова", "Белова", "Зайцева", "Соседова"):
        assert name not in page


def test_a_curator_sees_only_the_schools_own_mentors_on_a_municipal_sheet(
        school, neighbour, municipality, mentors, make_user, logged_in):
    in_mentor_bank(neighbour, "Соседова")
    session = a_session(municipality, TODAY)
    client = logged_in(make_user(Role.CURATOR, school))
    page = client.get(f"/s/sch-1/training/sessions/{session.id}").get_data(as_text=True)
    assert "Орлова" in page and "Соседова" not in page
    pdf = client.get(f"/s/sch-1/training/sessions/{session.id}/sheet.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ" in text and "Орлова" in text
    assert "Соседова" not in text


def test_a_mentee_sees_no_attendance_sheet(school, mentors, make_user, logged_in):
    session = a_session(school, TODAY)
    client = logged_in(make_user(Role.MENTEE, school))
    assert client.get(f"/s/sch-1/training/sessions/{session.id}").status_code == 403
    assert client.get(f"/s/sch-1/training/sessions/{session.id}/sheet.pdf").status_code == 403


def test_a_hostile_topic_prints_as_typed_in_the_sheet(school, mentors, make_user, logged_in):
    session = a_session(school, TODAY, topic=HOSTILE)
    client = logged_in(make_user(Role.CURATOR, school))
    response = client.get(f"/s/sch-1/training/sessions/{session.id}/sheet.pdf")
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "<script>alert(1)</script>" in " ".join(text.split())
    page = client.get(f"/s/sch-1/training/sessions/{session.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


# Training status


def test_a_mentor_is_trained_once_present_at_a_setup_session_or_consultation(school, mentors):
    orlova, belova, zaitseva = mentors
    record_attendance(school, a_session(school, TODAY, kind="exchange"), {belova.id})
    record_attendance(school, a_session(school, TODAY - dt.timedelta(days=3),
                                        kind="consultation"), {orlova.id})
    record_attendance(school, a_session(school, TODAY), {orlova.id, zaitseva.id})
    db.session.commit()
    assert trained_on(school) == {orlova.id: TODAY - dt.timedelta(days=3),
                                  zaitseva.id: TODAY}


def test_the_curator_sees_each_mentors_status_and_the_rule(school, mentors, make_user,
                                                          logged_in):
    record_attendance(school, a_session(school, TODAY), {mentors[0].id})
    db.session.commit()
    page = logged_in(make_user(Role.CURATOR, school)).get("/s/sch-1/training/")
    text = page.get_data(as_text=True)
    assert "хотя бы на одной установочной сессии или консультации" in text
    assert "1 из 3 обучены" in text


# Roadmap 4.2 and 4.3 complete from these records, never by hand


def roadmap_activity(school, code: str):
    db.session.expire_all()
    return db.session.scalar(select(RoadmapActivity).where(
        RoadmapActivity.school_id == school.id, RoadmapActivity.academic_year == 2026,
        RoadmapActivity.code == code))


@pytest.fixture
def roadmap(school):
    ensure_school_roadmap(school, 2026)
    db.session.commit()


def done_by(school, code: str) -> tuple:
    found = roadmap_activity(school, code)
    return found.status, found.completed_automatically, found.completed_by_event_type


@pytest.mark.usefixtures("roadmap")
def test_4_2_completes_when_the_school_adds_its_own_material(school, municipality):
    a_link(municipality)  # a material shared above is not yet the school's
    assert roadmap_activity(school, "4.2").status == "planned"
    a_file(school)
    assert done_by(school, "4.2") == ("done", True, "training.material_added")


@pytest.mark.usefixtures("roadmap")
def test_4_2_completes_when_the_curator_includes_a_shared_material(school, region):
    include_material(school, a_link(region))
    db.session.commit()
    assert done_by(school, "4.2") == ("done", True, "training.material_added")


@pytest.mark.usefixtures("roadmap")
def test_4_3_waits_for_a_mentor_present_at_a_session(school, mentors):
    session = a_session(school, TODAY)
    record_attendance(school, session, set())  # everyone absent
    db.session.commit()
    assert roadmap_activity(school, "4.3").status == "planned"
    record_attendance(school, session, {mentors[1].id})
    db.session.commit()
    assert done_by(school, "4.3") == ("done", True, "training.attendance_recorded")


@pytest.mark.usefixtures("roadmap")
def test_4_3_completes_from_a_municipal_session_the_school_marked(school, municipality,
                                                                  mentors):
    record_attendance(school, a_session(municipality, TODAY), {mentors[0].id})
    db.session.commit()
    assert done_by(school, "4.3")[0] == "done"


@pytest.mark.usefixtures("roadmap")
@pytest.mark.parametrize("code", ["4.2", "4.3"])
def test_a_hand_done_is_refused_for_4_2_and_4_3(school, code, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    target = roadmap_activity(school, code)
    response = client.post(f"/s/sch-1/roadmap/{target.id}/edit", data={
        "csrf_token": csrf_token(client, "/s/sch-1/"), "status": "done",
        "evidence_note": "Провели, всё есть."})
    assert response.status_code == 400
    assert "Отметить его выполненным вручную нельзя" in response.get_data(as_text=True)
    assert roadmap_activity(school, code).status == "planned"


def test_the_mentor_bank_list_shows_who_is_trained(school, mentors, make_user, logged_in):
    record_attendance(school, a_session(school, TODAY), {mentors[0].id})
    db.session.commit()
    page = logged_in(make_user(Role.CURATOR, school)).get("/s/sch-1/banks/mentors/")
    text = " ".join(page.get_data(as_text=True).split())
    assert text.count(">обучен</span>") == 1 and text.count(">не обучен</span>") == 2


def test_the_regional_operator_shares_with_every_school_of_the_region(
        school, region, make_municipality, make_school, make_user, logged_in, client):
    far = make_school("far", make_municipality("other", region=region))
    logged_in(make_user(Role.REGIONAL_OPERATOR, region))
    assert post(client, "/r/reg/training/materials",
                {"title": "Региональная памятка", "topic": "normative",
                 "url": "https://region.example.org/pamyatka"},
                "/r/reg/training/").status_code == 303
    assert titles(places.school_library(school)) == titles(places.school_library(far)) == [
        "Региональная памятка"]


def test_a_methodologist_reaches_only_the_own_municipalitys_materials(
        school, municipality, region, make_municipality, make_user, logged_in, client):
    elsewhere = a_link(make_municipality("other", region=region), "Чужая методичка")
    regional = a_link(region, "Региональная")
    logged_in(make_user(Role.METHODOLOGIST, municipality))
    for material in (elsewhere, regional):
        assert post(client, f"/m/mun/training/materials/{material.id}/remove", {},
                    "/m/mun/training/").status_code == 404
        assert client.get(f"/m/mun/training/materials/{material.id}/file").status_code == 404
    assert client.get("/r/reg/training/").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(TrainingMaterial)) == 2


def test_a_removed_shared_material_leaves_each_schools_set_in_its_log(
        school, neighbour, municipality, make_user, logged_in, client):
    shared = a_link(municipality)
    include_material(school, shared)
    include_material(neighbour, shared)
    db.session.commit()
    logged_in(make_user(Role.METHODOLOGIST, municipality))
    path = f"/m/mun/training/materials/{shared.id}/remove"
    question = " ".join(client.get(path).get_data(as_text=True).split())
    assert "из наборов 2 школ, которые включили его" in question  # a GET removes nothing
    assert len(places.school_library(school)) == 1
    assert post(client, path, {}, path).status_code == 303
    removed = events_of("training.material_removed")
    assert sorted(e.school_id for e in removed) == sorted([school.id, neighbour.id])
    assert places.school_library(school) == []


def test_a_forged_teacher_on_the_sheet_is_refused_in_russian(school, neighbour, mentors,
                                                             make_user, logged_in):
    stranger = in_mentor_bank(neighbour, "Чужая")
    session = a_session(school, TODAY)
    client = logged_in(make_user(Role.CURATOR, school))
    path = f"/s/sch-1/training/sessions/{session.id}"
    response = post(client, path, {"present": [str(stranger.id)]}, path)
    assert response.status_code == 400
    assert "Отметьте только наставников с листа регистрации школы." in response.get_data(
        as_text=True)
    assert marks(school, session) == {}


@pytest.mark.parametrize("data, message", [
    ({"topic": "hacking"}, "Выберите тему из списка."),
    ({"url": "javascript:alert(1)"}, "Ссылка должна начинаться с http:// или https://"),
    ({"url": ""}, "Загрузите файл или укажите ссылку — что-то одно."),
])
def test_bad_input_on_the_material_form_is_explained_in_russian(school, make_user, logged_in,
                                                                 data, message):
    client = logged_in(make_user(Role.CURATOR, school))
    response = post(client, "/s/sch-1/training/materials",
                    {"title": "Памятка", "topic": "methods", "url": "https://example.org",
                     **data}, "/s/sch-1/training/")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(TrainingMaterial)) == 0


def test_bad_input_on_the_session_form_is_explained_in_russian(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    response = post(client, "/s/sch-1/training/sessions",
                    {"held_on": "2026-11-20", "topic": "Сессия", "kind": "party",
                     "format": "in_person", "organiser": "куратор"}, "/s/sch-1/training/")
    assert response.status_code == 400
    assert "Выберите вид мероприятия из списка." in response.get_data(as_text=True)
