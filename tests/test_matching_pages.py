"""Matching in the school: proposals with reasons from the bank, the best distribution for
all, the curator's decisions (accept, another mentor, reject), and who may see it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bank_helpers import consented, events_of, teacher
from conftest import csrf_token, login
from sqlalchemy import func, select
from test_double_submit import ROUNDS, _sharing_session, clicks

from nastavnik.extensions import db
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.models import MentorEntry
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.services import withdraw_consent
from nastavnik.tenants.matching.assignment import assign
from nastavnik.tenants.matching.models import MatchingDecision, MatchingWeights
from nastavnik.tenants.matching.proposals import (
    allowed_gains,
    matching,
    rejected_pairs,
    school_weights,
)
from nastavnik.tenants.matching.services import accept, reject, save_weights
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.roadmap.services import ensure_school_roadmap, school_roadmap

pytestmark = pytest.mark.usefixtures("autumn_2026")
START, END = dt.date(2026, 12, 1), dt.date(2027, 5, 31)


def mentee(school, name: str, difficulties=("parents",), subjects: str = "Математика",
           formats=("traditional",)):
    person = consented(teacher(school, name, subjects=subjects), "mentee_bank")
    enter_mentee(person, {"category": "young_specialist", "experience": "0_3",
                          "age": "under_35", "difficulties": list(difficulties),
                          "confidence": 2, "formats": list(formats)})
    db.session.commit()
    return person


def mentor(school, name: str, competencies=("parents",), subjects=("math",), capacity=1,
           qualification="highest", experience="21_plus", formats=("traditional",)):
    person = consented(teacher(school, name, teaching_since=1995), "mentor_bank")
    enter_mentor(person, {"subjects": list(subjects), "competencies": list(competencies),
                          "experience": experience, "qualification": qualification,
                          "capacity": capacity, "formats": list(formats),
                          "network_ready": "no"})
    db.session.commit()
    return person


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@pytest.fixture
def curator(school, make_user, logged_in):
    return logged_in(make_user(Role.CURATOR, school))


def decisions_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MatchingDecision))


def post(client, path: str, data: dict, token_from: str):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from)})


def accept_data(**extra) -> dict:
    return {"form_code": "traditional", "starts_on": START.isoformat(),
            "ends_on": END.isoformat(), **extra}


def test_the_page_lists_proposals_with_their_reasons_in_words(school, curator):
    young = mentee(school, "Лебедева", difficulties=("parents",))
    mentor(school, "Орлова", competencies=("parents",), capacity=2)
    mentor(school, "Соколова", competencies=("digital_tools",), subjects=("history",),
           qualification="none", experience="4_10")
    page = curator.get("/s/sch-1/matching/").get_data(as_text=True)
    assert "Подбор наставников" in page and young.full_name in page
    assert "закрывает запрос «взаимодействие с родителями обучающихся»" in page
    assert "тот же предмет" in page and "стаж больше 20 лет" in page
    assert "высшая категория" in page and "свободно 2 из 2" in page
    # The better mentor first.
    assert page.index("Орлова") < page.index("Соколова")


def test_the_best_distribution_is_the_exact_assignment_within_places(school, curator):
    people = [mentee(school, name, difficulties=d) for name, d in (
        ("Лебедева", ("parents",)), ("Волкова", ("parents", "methods")),
        ("Зайцева", ("methods",)))]
    mentor(school, "Орлова", competencies=("parents", "methods"), capacity=1)
    mentor(school, "Соколова", competencies=("methods",), capacity=1)
    found = matching(school)
    gains = allowed_gains(found.bank, school_weights(school), rejected_pairs(school))
    expected = {(found.bank.mentees[i].key, found.bank.mentors[j].key)
                for i, j in assign(gains, [m.places_left for m in found.bank.mentors])}
    assert {(p.mentee.id, p.mentor.id) for p in found.optimal} == expected
    assert len(found.optimal) == 2  # two places for three mentees
    assert len(found.unassigned) == 1 and found.unassigned[0] in people
    page = curator.get("/s/sch-1/matching/").get_data(as_text=True)
    assert "Лучшее распределение для всех" in page
    assert f"{found.optimal_total:.2f}" in page
    assert decisions_count() == 0  # a GET never writes


def test_never_proposed_without_consent_place_or_while_withdrawn_or_inactive(school):
    mentee(school, "Лебедева")
    full = mentor(school, "Орлова", capacity=1)
    gone = mentor(school, "Соколова")
    idle = mentor(school, "Волкова")
    fine = mentor(school, "Зайцева")
    other = mentee(school, "Морозова")
    accept(school, other, full, "traditional", START, END)  # Орлова's one place is taken
    withdraw_consent(gone, "mentor_bank", dt.date(2026, 11, 27))
    db.session.scalar(select(MentorEntry).where(MentorEntry.teacher_id == idle.id)).status = \
        "inactive"
    db.session.commit()
    found = matching(school)
    assert [m.key for m in found.bank.mentors] == [fine.id]
    assert {p.mentor.id for ps in found.proposals.values() for p in ps} == {fine.id}


def test_a_mentor_whose_consent_record_is_gone_is_not_proposed(school):
    mentee(school, "Лебедева")
    kept = mentor(school, "Орлова")
    lapsed = mentor(school, "Соколова")
    db.session.scalar(select(ConsentRecord).where(ConsentRecord.teacher_id == lapsed.id)) \
        .withdrawn_on = dt.date(2026, 11, 1)  # as if the bank had missed the withdrawal
    db.session.commit()
    assert [m.key for m in matching(school).bank.mentors] == [kept.id]


def test_accepting_forms_the_pair_and_records_the_decision(school, curator):
    young = mentee(school, "Лебедева")
    elder = mentor(school, "Орлова")
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    path = f"/s/sch-1/matching/{young.id}/{elder.id}/"
    response = post(curator, path + "accept", accept_data(from_optimal="1"), path)
    assert response.status_code == 303, response.get_data(as_text=True)
    pair = db.session.scalar(select(MentoringPair))
    decision = db.session.scalar(select(MatchingDecision))
    assert (pair.mentor_id, [m.teacher_id for m in pair.mentees]) == (elder.id, [young.id])
    assert (decision.decision, decision.chosen_id, decision.pair_id, decision.from_optimal) == (
        "accepted", elder.id, pair.id, True)
    assert decision.score > 0 and "тот же предмет" in decision.reasons
    assert decision.decided_by is not None
    event = events_of("matching.decided")[0]
    assert event.payload["mentee"] == str(young.pseudonym)
    assert event.payload["formed"] is True and "Лебедева" not in str(event.payload)
    # 4.1 completes on the first accepted decision of the year.
    done = next(a for a in school_roadmap(school, 2026) if a.code == "4.1")
    assert (done.status, done.completed_automatically) == ("done", True)
    assert done.completed_by_event == event.event_id
    roadmap = curator.get("/s/sch-1/roadmap/").get_data(as_text=True)
    assert 'href="/s/sch-1/matching/results"' in roadmap  # its evidence, one click away
    results = curator.get("/s/sch-1/matching/results").get_data(as_text=True)
    assert "Результаты подбора наставников" in results and "Принято" in results
    assert "из лучшего распределения" in results
    assert "Иванова Мария Петровна" in results  # who decided


def test_editing_forms_the_pair_with_another_mentor(school, curator):
    young = mentee(school, "Лебедева")
    proposed, other = mentor(school, "Орлова"), mentor(school, "Соколова")
    path = f"/s/sch-1/matching/{young.id}/{proposed.id}/"
    response = post(curator, path + "edit", accept_data(mentor=other.id), path)
    assert response.status_code == 303, response.get_data(as_text=True)
    decision = db.session.scalar(select(MatchingDecision))
    assert (decision.decision, decision.proposed_id, decision.chosen_id) == (
        "edited", proposed.id, other.id)
    assert db.session.scalar(select(MentoringPair.mentor_id)) == other.id


def test_a_rejected_mentor_is_no_longer_proposed_to_that_mentee(school, curator):
    young, another = mentee(school, "Лебедева"), mentee(school, "Волкова")
    elder = mentor(school, "Орлова", capacity=2)
    path = f"/s/sch-1/matching/{young.id}/{elder.id}/"
    response = post(curator, path + "reject", {"reason": "mentor_refused"}, path)
    assert response.status_code == 303
    found = matching(school)
    assert found.proposals[young.id] == []
    assert [p.mentor.id for p in found.proposals[another.id]] == [elder.id]
    assert young.id not in {p.mentee.id for p in found.optimal}
    assert events_of("matching.decided")[0].payload["reason"] == "mentor_refused"
    assert db.session.scalar(select(MentoringPair)) is None


def test_a_rejection_needs_a_reason_from_the_list(school, curator):
    young, elder = mentee(school, "Лебедева"), mentor(school, "Орлова")
    path = f"/s/sch-1/matching/{young.id}/{elder.id}/"
    response = post(curator, path + "reject", {"reason": "whatever"}, path)
    assert response.status_code == 400
    assert decisions_count() == 0


def test_double_submit_has_one_effect(school, curator):
    young, elder = mentee(school, "Лебедева"), mentor(school, "Орлова", capacity=2)
    path = f"/s/sch-1/matching/{young.id}/{elder.id}/"
    token = csrf_token(curator, path)
    for _ in range(2):
        curator.post(path + "accept", data={**accept_data(), "csrf_token": token})
    assert decisions_count() == 1
    assert db.session.scalar(select(func.count()).select_from(MentoringPair)) == 1
    other = mentee(school, "Волкова")
    path = f"/s/sch-1/matching/{other.id}/{elder.id}/"
    token = csrf_token(curator, path)
    for _ in range(2):
        curator.post(path + "reject", data={"reason": "other", "csrf_token": token})
    assert decisions_count() == 2
    assert len(events_of("matching.decided")) == 2


def test_accept_all_forms_the_best_distribution_once(school, curator):
    people = [mentee(school, name) for name in ("Лебедева", "Волкова")]
    mentor(school, "Орлова", capacity=2)
    page = curator.get("/s/sch-1/matching/").get_data(as_text=True)
    shown = re.search(r'name="shown" value="([^"]*)"', page).group(1)
    token = csrf_token(curator, "/s/sch-1/matching/")
    data = {**accept_data(), "shown": shown, "csrf_token": token}
    assert curator.post("/s/sch-1/matching/accept-all", data=data).status_code == 303
    assert curator.post("/s/sch-1/matching/accept-all", data=data).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(MentoringPair)) == len(people)
    assert all(d.from_optimal for d in db.session.scalars(select(MatchingDecision)))


def test_another_schools_pages_are_404(school, make_school, make_user, logged_in):
    make_school("sch-2")
    young, elder = mentee(school, "Лебедева"), mentor(school, "Орлова")
    stranger = logged_in(make_user(Role.CURATOR, db.session.merge(make_school("sch-3"))))
    assert stranger.get("/s/sch-1/matching/").status_code == 404
    assert stranger.get(f"/s/sch-3/matching/{young.id}/{elder.id}/").status_code == 404


@pytest.mark.parametrize("role", [Role.MENTOR, Role.MENTEE])
def test_mentors_and_mentees_may_not_see_matching(school, make_user, logged_in, role):
    client = logged_in(make_user(role, school))
    for path in ("/s/sch-1/matching/", "/s/sch-1/matching/queue",
                 "/s/sch-1/matching/results", "/s/sch-1/matching/weights"):
        assert client.get(path).status_code == 403, path


def test_the_director_reads_but_does_not_decide(school, make_user, logged_in):
    young, elder = mentee(school, "Лебедева"), mentor(school, "Орлова")
    client = logged_in(make_user(Role.DIRECTOR, school))
    assert client.get("/s/sch-1/matching/").status_code == 200
    assert client.get(f"/s/sch-1/matching/{young.id}/{elder.id}/").status_code == 403


def test_weights_change_the_scores_and_are_recorded(school, curator):
    mentee(school, "Лебедева")
    mentor(school, "Орлова")
    data = {"requests": "5", "subject": "0", "experience": "1,5", "qualification": "0",
            "capacity": "0", "forms": "0"}
    response = post(curator, "/s/sch-1/matching/weights", data, "/s/sch-1/matching/weights")
    assert response.status_code == 303
    weights = school_weights(school)
    assert (weights.requests, weights.subject, weights.experience) == (5, 0, 1.5)
    assert events_of("matching.weights_changed")[0].payload["experience"] == 1.5
    assert matching(school).optimal[0].score == 6.5
    post(curator, "/s/sch-1/matching/weights", data, "/s/sch-1/matching/weights")
    assert len(events_of("matching.weights_changed")) == 1  # the same values: no change


@pytest.mark.parametrize("value, message", [("11", "Вес должен быть числом от 0 до 10."),
                                            ("-1", "Вес должен быть числом от 0 до 10."),
                                            ("много", "Укажите число от 0 до 10."),
                                            ("", "Укажите число от 0 до 10.")])
def test_bad_weights_are_explained_in_russian_and_nothing_saved(school, curator, value,
                                                                message):
    data = {"requests": value, "subject": "2", "experience": "1", "qualification": "1",
            "capacity": "0.5", "forms": "1"}
    response = post(curator, "/s/sch-1/matching/weights", data, "/s/sch-1/matching/weights")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MatchingWeights)) == 0


def test_all_weights_zero_is_refused(school):
    with pytest.raises(Rejected):
        save_weights(school, dict.fromkeys(("requests", "subject", "experience",
                                            "qualification", "capacity", "forms"), 0))


def test_hostile_names_are_escaped(school, curator):
    hostile = "<script>alert(1)</script>"
    young = consented(teacher(school, hostile, subjects="Математика"), "mentee_bank")
    enter_mentee(young, {"category": "young_specialist", "experience": "0_3", "age": "under_35",
                         "difficulties": ["parents"], "confidence": 2,
                         "formats": ["traditional"]})
    elder = mentor(school, "Орлова")
    db.session.commit()
    reject(school, young, elder, "other")
    db.session.commit()
    mentor(school, "Соколова")
    for path in ("/s/sch-1/matching/", "/s/sch-1/matching/results", "/s/sch-1/matching/queue"):
        page = curator.get(path).get_data(as_text=True)
        assert hostile not in page and "&lt;script&gt;" in page, path


@pytest.fixture
def tab(app, client, school, make_user):
    """A maker of clients sharing one curator's session: a browser's tabs."""
    assert login(client, make_user(Role.CURATOR, school, email="c2@example.org")).status_code \
        == 302
    return lambda: _sharing_session(app, client)


def test_concurrent_clicks_decide_once(school, tab):
    elder = mentor(school, "Орлова", capacity=3)
    for round_ in range(ROUNDS):
        young = mentee(school, f"Лебедева{round_}")
        path = f"/s/sch-1/matching/{young.id}/{elder.id}/"
        kind = "reject" if round_ % 2 else "accept"
        clicks(tab, path + kind, {"reason": "other"} if round_ % 2 else accept_data(),
               token_from=path)
        db.session.expire_all()
        assert db.session.scalar(select(func.count()).select_from(MatchingDecision).where(
            MatchingDecision.mentee_id == young.id)) == 1
    assert len(events_of("matching.decided")) == ROUNDS


def test_an_other_mentor_must_be_one_matching_may_propose(school, curator):
    young, proposed = mentee(school, "Лебедева"), mentor(school, "Орлова")
    lapsed = mentor(school, "Соколова")
    withdraw_consent(lapsed, "mentor_bank", dt.date(2026, 11, 27))
    db.session.commit()
    path = f"/s/sch-1/matching/{young.id}/{proposed.id}/"
    assert "Соколова" not in curator.get(path).get_data(as_text=True)
    with pytest.raises(Rejected) as refused:
        accept(school, young, proposed, "traditional", START, END, chosen=lapsed)
    assert "действующим согласием" in refused.value.message
    db.session.rollback()
    assert decisions_count() == 0


def test_a_teacher_in_both_banks_is_never_proposed_to_herself(school):
    both = mentee(school, "Лебедева")
    consented(both, "mentor_bank")
    enter_mentor(both, {"subjects": ["math"], "competencies": ["parents"],
                        "experience": "21_plus", "qualification": "highest", "capacity": 2,
                        "formats": ["traditional"], "network_ready": "no"})
    db.session.commit()
    found = matching(school)
    assert [m.key for m in found.bank.mentors] == [both.id]
    assert found.proposals[both.id] == [] and found.optimal == []
