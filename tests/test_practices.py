"""The methodical bank: a practice moves only along the table of ``transitions.py`` and
only by the role each step names; a double submit has one effect; the Russian search;
the collections above the school show no teacher's name; hostile strings stay text.

Municipality «m» of region «r» has schools A and B; municipality «other» has school C.
A's pair: mentor Орлова, mentee Лебедева.
"""

from __future__ import annotations

import itertools

import pytest
from bank_helpers import events_of
from program_helpers import account_of, formed_pair
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.permissions import rule_for
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.practices import services
from nastavnik.tenants.practices.models import Practice, PracticeStatus
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
