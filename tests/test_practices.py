"""The methodical bank: a practice moves only along the table of ``transitions.py`` and
only by the role each step names; a double submit has one effect; the Russian search;
the collections above the school show no teacher's name; hostile strings stay text.

Municipality «m» of region «r» has schools A and B; municipality «other» has school C.
A's pair: mentor Орлова, mentee Лебедева.
"""

from __future__ import annotations

import io
import itertools

import pytest
from bank_helpers import events_of
from conftest import csrf_token, login
from program_helpers import account_of, formed_pair
from pypdf import PdfReader
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.pdf import build_pdf, paragraph
from nastavnik.platform.permissions import rule_for
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.practices import public_practices, services
from nastavnik.tenants.practices.models import Practice, PracticeStatus
from nastavnik.tenants.practices.pages import practices_in
from nastavnik.tenants.practices.services import Upload
from nastavnik.tenants.practices.transitions import STEPS, step_between

pytestmark = pytest.mark.usefixtures("autumn_2026")

S = PracticeStatus
ALL_ROLES = set(Role)
HOSTILE = '<script>alert("x")</script> & «наставнику» =cmd|\' /C calc\'!A0'
PATH = [S.SUBMITTED, S.SCHOOL_BEST, S.PROPOSED_MUNICIPALITY, S.CHOSEN_MUNICIPALITY,
        S.PROPOSED_REGION, S.CHOSEN_REGION]


@pytest.fixture
def place(make_region, make_municipality, make_school):
    r = make_region("r")
    m = make_municipality("m", r)
    a, b = make_school("a", m), make_school("b", m)
    other = make_municipality("other", r)
    c = make_school("c", other)
    pair, mentor, mentee = formed_pair(a)
    return {"r": r, "m": m, "a": a, "b": b, "other": other, "c": c, "pair": pair,
            "mentor": mentor, "mentee": mentee}


def practice(school, title: str = "Урок-погружение для молодого учителя", pair=None,
             annotation: str = "Наставник и наставляемый готовят урок вместе.",
             status: S = S.SUBMITTED, **fields) -> Practice:
    made = services.submit(school, title=title, annotation=annotation,
                           category=fields.pop("category", "lesson"), pair=pair,
                           roles={Role.CURATOR}, by=None, **fields)
    for step in PATH[1:PATH.index(status) + 1]:
        services.move(made, step, roles=ALL_ROLES, by=None)
    db.session.commit()
    return made


def roles_of(step) -> set[Role]:
    return set(rule_for(step.permission).roles)


# -- the path ---------------------------------------------------------------------------

def test_a_practice_goes_the_whole_path_each_step_by_its_own_role(place):
    made = practice(place["a"], pair=place["pair"])
    for source, target in itertools.pairwise(PATH):
        step = step_between(source, target)
        services.move(made, target, roles=roles_of(step), by=None)
    db.session.commit()
    assert made.status == S.CHOSEN_REGION
    assert [(s.source, s.target, s.role) for s in made.steps] == [
        (None, "submitted", "curator"), ("submitted", "school_best", "director"),
        ("school_best", "proposed_municipality", "curator"),
        ("proposed_municipality", "chosen_municipality", "methodologist"),
        ("chosen_municipality", "proposed_region", "methodologist"),
        ("proposed_region", "chosen_region", "regional_operator")]
    changed = events_of("practice.status_changed")
    assert [(e.payload["source"], e.payload["target"]) for e in changed] == list(
        itertools.pairwise(PATH))
    submitted = events_of("practice.submitted")[0].payload
    assert submitted == {"practice": made.id, "category": "lesson", "pair": place["pair"].id,
                         "authors": [str(place["mentor"].pseudonym),
                                     str(place["mentee"].pseudonym)]}


@pytest.mark.parametrize("source", list(S))
def test_every_pair_of_statuses_outside_the_table_is_refused(place, source):
    made = practice(place["a"], status=source if source in PATH else S.SUBMITTED)
    for target in S:
        if target == source or step_between(source, target) is not None:
            continue
        with pytest.raises(Rejected) as refused:
            services.move(made, target, roles=ALL_ROLES, by=None)
        assert "нельзя перевести" in str(refused.value.messages)
        db.session.rollback()
        assert db.session.get(Practice, made.id).status == source


@pytest.mark.parametrize("step", STEPS, ids=lambda s: f"{s.source}-{s.target}")
def test_every_step_is_refused_to_every_role_it_does_not_name(place, step):
    made = practice(place["a"], status=step.source)
    for role in ALL_ROLES - roles_of(step):
        with pytest.raises(Rejected) as refused:
            services.move(made, step.target, roles={role}, by=None)
        assert "выполняет" in str(refused.value.messages)
        db.session.rollback()
    services.move(made, step.target, roles=roles_of(step), by=None)
    assert made.status == step.target


def test_declines_return_the_practice_one_level_down(place):
    made = practice(place["a"], status=S.PROPOSED_MUNICIPALITY)
    services.move(made, S.SCHOOL_BEST, roles={Role.METHODOLOGIST}, by=None)
    assert made.status == S.SCHOOL_BEST
    made = practice(place["a"], title="Вторая", status=S.PROPOSED_REGION)
    services.move(made, S.CHOSEN_MUNICIPALITY, roles={Role.REGIONAL_OPERATOR}, by=None)
    assert made.status == S.CHOSEN_MUNICIPALITY


def test_only_the_curator_or_the_mentor_of_the_pair_submits(place, make_user):
    a = place["a"]
    for role in ALL_ROLES - {Role.CURATOR, Role.MENTOR}:
        with pytest.raises(Rejected):
            services.submit(a, title="Т", annotation="А", category="other", roles={role},
                            by=None)
    stranger = make_user(Role.MENTOR, a, email="stranger@example.org")
    with pytest.raises(Rejected):
        services.submit(a, title="Т", annotation="А", category="other",
                        pair=place["pair"], roles={Role.MENTOR}, by=stranger)
    mentor_user = account_of(make_user, a, place["mentor"], Role.MENTOR)
    own = services.submit(a, title="Своя", annotation="А", category="other",
                          pair=place["pair"], roles={Role.MENTOR}, by=mentor_user)
    assert own.steps[0].role == "mentor"


# -- one effect -------------------------------------------------------------------------

def test_a_double_submit_stores_one_practice_and_one_event(place):
    first = practice(place["a"])
    second = practice(place["a"])
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(Practice)) == 1
    assert len(events_of("practice.submitted")) == 1


def test_a_double_click_on_a_step_takes_it_once(place):
    made = practice(place["a"])
    for _ in range(2):
        services.move(made, S.SCHOOL_BEST, roles={Role.DIRECTOR}, by=None)
    db.session.commit()
    assert len(events_of("practice.status_changed")) == 1
    assert len(made.steps) == 2


# -- what is stored ---------------------------------------------------------------------

def test_links_must_be_web_addresses_and_files_real_documents(place):
    with pytest.raises(Rejected):
        practice(place["a"], links=["javascript:alert(1)"])
    db.session.rollback()
    with pytest.raises(Rejected):
        practice(place["a"], files=[Upload(b"MZ\x90\x00 not a pdf", "practice.pdf")])
    db.session.rollback()
    with pytest.raises(Rejected) as refused:
        practice(place["a"], category="nonsense")
    assert "направление" in str(refused.value.messages)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Practice)) == 0
    made = practice(place["a"], links=["https://school.example.org/practice", " "])
    assert made.links == ["https://school.example.org/practice"]


# -- the search -------------------------------------------------------------------------

def test_the_russian_search_finds_word_forms_and_ranks_the_title_first(place):
    practice(place["a"], title="Наставник и молодой учитель",
             annotation="Совместное планирование уроков.")
    practice(place["a"], title="Проектная неделя",
             annotation="Куратор помогает, а наставник советует.")
    practice(place["a"], title="Цифровой класс", annotation="Электронный журнал.")
    found = [p.title for p in practices_in(None, "наставнику", names=False)]
    assert found == ["Наставник и молодой учитель", "Проектная неделя"]
    assert [p.title for p in practices_in(None, "планированию", names=False)] == [
        "Наставник и молодой учитель"]
    assert practices_in(None, "'; drop table practices; --", names=False) == []
    assert len(practices_in(None, "   ", names=False)) == 3


# -- the pages --------------------------------------------------------------------------

def client_of(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def post(client, path: str, page: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


@pytest.fixture
def people(place, make_user):
    return {"curator": make_user(Role.CURATOR, place["a"]),
            "director": make_user(Role.DIRECTOR, place["a"]),
            "methodologist": make_user(Role.METHODOLOGIST, place["m"]),
            "stranger": make_user(Role.METHODOLOGIST, place["other"]),
            "operator": make_user(Role.REGIONAL_OPERATOR, place["r"])}


def test_the_practice_climbs_through_the_pages_each_button_for_its_role(app, place, people):
    curator = client_of(app, people["curator"])
    school = "/s/a/practices/"
    answer = post(curator, school, school, title=HOSTILE, annotation=HOSTILE,
                  category="lesson", pair=str(place["pair"].id),
                  links="https://example.org/practice\n",
                  files=(io.BytesIO(PDF_BYTES), "practice.pdf"))
    assert answer.status_code == 303, answer.get_data(as_text=True)
    made = db.session.scalar(select(Practice))
    page = f"{school}{made.id}/"
    shown = curator.get(page).get_data(as_text=True)
    assert "<script>alert" not in shown and "&lt;script&gt;" in shown
    assert "Орлова" in shown  # the school sees its people
    # The curator may not mark it best: the director's step.
    refused = post(curator, f"{page}to/school_best", page)
    assert refused.status_code == 303
    assert "выполняет Руководитель ОО" in curator.get(page).get_data(as_text=True)
    director = client_of(app, people["director"])
    assert "Отметить как лучшую" in director.get(page).get_data(as_text=True)
    post(director, f"{page}to/school_best", page)
    post(curator, f"{page}to/proposed_municipality", page)
    db.session.expire_all()
    assert db.session.get(Practice, made.id).status == S.PROPOSED_MUNICIPALITY

    methodologist = client_of(app, people["methodologist"])
    municipal = f"/m/m/practices/{made.id}/"
    shown = methodologist.get(municipal).get_data(as_text=True)
    assert "&lt;script&gt;" in shown and f"Пара (группа) № {place['pair'].id}" in shown
    post(methodologist, f"{municipal}to/chosen_municipality", municipal)
    post(methodologist, f"{municipal}to/proposed_region", municipal)
    operator = client_of(app, people["operator"])
    regional = f"/r/r/practices/{made.id}/"
    post(operator, f"{regional}to/chosen_region", regional)
    db.session.expire_all()
    assert db.session.get(Practice, made.id).status == S.CHOSEN_REGION
    # Above the school: no teacher's name on any page, nor in the collections' PDF.
    for client, path in ((methodologist, "/m/m/practices/"), (methodologist, municipal),
                         (methodologist, school), (methodologist, page),
                         (operator, "/r/r/practices/"), (operator, regional)):
        text = client.get(path).get_data(as_text=True)
        assert "Орлова" not in text and "Лебедева" not in text, path
        assert "<script>alert" not in text
    for client, path in ((methodologist, "/m/m/practices/collection.pdf"),
                         (operator, "/r/r/practices/collection.pdf")):
        answer = client.get(path)
        assert answer.mimetype == "application/pdf"
        text = pdf_text(answer.data)
        assert "Сборник лучших практик" in text and "<script>" in text
        assert "Орлова" not in text and "Лебедева" not in text
    assert operator.get(f"{regional}files/{made.files[0].id}").data == PDF_BYTES


def test_the_collections_show_their_level_only_and_other_places_see_nothing(app, place,
                                                                            people):
    kept = practice(place["a"], title="Только в школе", status=S.SCHOOL_BEST)
    proposed = practice(place["a"], title="Предложена муниципалитету",
                        status=S.PROPOSED_MUNICIPALITY)
    methodologist = client_of(app, people["methodologist"])
    shown = methodologist.get("/m/m/practices/").get_data(as_text=True)
    assert "Предложена муниципалитету" in shown and "Только в школе" not in shown
    assert methodologist.get(f"/m/m/practices/{kept.id}/").status_code == 404
    operator = client_of(app, people["operator"])
    assert "Предложена муниципалитету" not in operator.get("/r/r/practices/").get_data(
        as_text=True)
    assert operator.get(f"/r/r/practices/{proposed.id}/").status_code == 404
    stranger = client_of(app, people["stranger"])
    assert stranger.get(f"/m/other/practices/{proposed.id}/").status_code == 404
    assert stranger.get(f"/m/m/practices/{proposed.id}/").status_code == 404
    # The methodologist declines: back to the school's best, gone from the collection.
    page = f"/m/m/practices/{proposed.id}/"
    post(methodologist, f"{page}to/school_best", page)
    db.session.expire_all()
    assert db.session.get(Practice, proposed.id).status == S.SCHOOL_BEST


def test_a_search_box_on_every_list(app, place, people):
    practice(place["a"], title="Наставник на уроке", status=S.PROPOSED_MUNICIPALITY)
    practice(place["a"], title="Цифровой класс", annotation="Электронный журнал.",
             status=S.PROPOSED_MUNICIPALITY)
    methodologist = client_of(app, people["methodologist"])
    shown = methodologist.get("/m/m/practices/?q=наставнику").get_data(as_text=True)
    assert "Наставник на уроке" in shown and "Цифровой класс" not in shown
    curator = client_of(app, people["curator"])
    shown = curator.get("/s/a/practices/?q=" + "%3Cscript%3E").get_data(as_text=True)
    assert "Ничего не найдено" in shown


def test_bad_input_is_a_russian_message_and_nothing_is_stored(app, place, people):
    curator = client_of(app, people["curator"])
    school = "/s/a/practices/"
    answer = post(curator, school, school, title="Т", annotation="А", category="lesson",
                  links="javascript:alert(1)")
    assert answer.status_code == 400
    assert "http:// или https://" in answer.get_data(as_text=True)
    answer = post(curator, school, school, title="", annotation="А", category="lesson")
    assert answer.status_code == 400 and "Укажите название практики" in answer.get_data(
        as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Practice)) == 0


def test_the_public_list_holds_best_practices_without_names(place):
    practice(place["a"], title="Подана", pair=place["pair"])
    practice(place["a"], title="Лучшая", pair=place["pair"], status=S.SCHOOL_BEST)
    practice(place["b"], title="Другой школы", status=S.CHOSEN_REGION)
    shown = public_practices(place["a"])
    assert [p.title for p in shown] == ["Лучшая"]
    assert shown[0].pair == f"Пара (группа) № {place['pair'].id}"
    assert "Орлова" not in repr(shown)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pdf() -> bytes:
    return build_pdf([paragraph("Практика", "Body")], title="Практика")


PDF_BYTES = _pdf()
