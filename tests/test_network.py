"""Network mentoring across the schools of a municipality: who is offered, what the other
side sees, the methodologist's proposal, both schools' agreement, the load across schools.

Municipality «m» has school A (a mentee waits, no mentor of its own), school B (a
network mentor, capacity 1, who shows competencies and qualification only) and school C
(not a side of anything). Municipality «other» has its own methodologist.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented, events_of, teacher
from conftest import csrf_token, login
from sqlalchemy import func, select

from nastavnik.cli import demo
from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import User
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.platform.tenancy import Scope, roles_in
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.services import give_consent, withdraw_consent
from nastavnik.tenants.network import services
from nastavnik.tenants.network.models import NetworkProposal, ProposalStatus
from nastavnik.tenants.network.profiles import mentee_code, mentor_code
from nastavnik.tenants.network.rules import (
    best_distribution,
    network_help_for,
    offered_mentors,
    without_own_fit,
)
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.pairs.services import (
    finish_pair,
    network_pairs_led_by,
    network_pairs_mentored_by,
)
from nastavnik.tenants.teachers.models import Teacher

pytestmark = pytest.mark.usefixtures("autumn_2026")

SHOWN = ["competencies", "qualification"]
START, END = dt.date(2026, 10, 1), dt.date(2027, 5, 31)
# Values of the mentor's questionnaire the consent does not let be shown.
HIDDEN_VALUES = ["Математика", "Информатика", "больше 20 лет", "Учитель года", "Групповая"]


@pytest.fixture
def net(make_municipality, make_school):
    m = make_municipality("m")
    a, b, c = make_school("a", m), make_school("b", m), make_school("c", m)
    other = make_municipality("other")
    mentee = consented(teacher(a, "Петрова", "Ольга"), "mentee_bank")
    enter_mentee(mentee, MENTEE_ANSWERS)
    mentor = network_mentor(b, "Кузнецова")
    for school in (a, b):
        services.set_agreement(school, True, None)
    db.session.commit()
    return {"m": m, "a": a, "b": b, "c": c, "other": other, "mentee": mentee,
            "mentor": mentor}


def network_mentor(school, last_name: str, capacity: int = 1, ready: str = "yes",
                   shared: list[str] | None = SHOWN):
    person = consented(teacher(school, last_name, "Елена", birth_year=1970,
                               teaching_since=1995), "mentor_bank")
    enter_mentor(person, {**MENTOR_ANSWERS, "capacity": capacity, "network_ready": ready})
    if shared is not None:
        give_consent(person, "network_mentor", given_on=clock.today(), form_reference="№ 7",
                     shared_fields=shared)
    db.session.commit()
    return person


def offered(net) -> set[str]:
    return {m.teacher.last_name for m in offered_mentors(net["m"].id)}


def agree_both(net) -> NetworkProposal:
    proposal = services.propose(net["m"], net["mentee"], net["mentor"], None)
    services.answer(net["a"], proposal, True, None, "traditional", START, END)
    services.answer(net["b"], proposal, True, None)
    db.session.commit()
    return proposal


# Who is offered -----------------------------------------------------------------------

def test_a_ready_consented_mentor_with_places_in_a_network_school_is_offered(net):
    assert offered(net) == {"Кузнецова"}
    assert [e.teacher.last_name for e in without_own_fit(net["m"].id)] == ["Петрова"]


def test_a_mentor_not_ready_for_network_mentoring_is_never_offered(net):
    network_mentor(net["b"], "Неготова", ready="no")
    assert "Неготова" not in offered(net)


def test_a_mentor_without_a_network_consent_is_never_offered(net):
    network_mentor(net["b"], "Безсогласия", shared=None)
    assert "Безсогласия" not in offered(net)


def test_a_withdrawn_network_consent_takes_the_mentor_out(net):
    withdraw_consent(net["mentor"], "network_mentor")
    db.session.commit()
    assert offered(net) == set()
    assert [e.type for e in events_of("consent.network_withdrawn")] == \
        ["consent.network_withdrawn"]


def test_a_network_consent_names_at_least_one_field(net):
    person = consented(teacher(net["b"], "Пустая"), "mentor_bank")
    with pytest.raises(Exception) as refused:
        give_consent(person, "network_mentor", given_on=clock.today(), form_reference="№ 8",
                     shared_fields=[])
    assert "хотя бы одно" in str(refused.value)


def test_a_mentor_without_places_is_never_offered(net):
    full = network_mentor(net["b"], "Занятая", capacity=1)
    entry = db.session.scalar(select(MentorEntry).where(MentorEntry.teacher_id == full.id))
    entry.load, entry.status = 1, "busy"
    db.session.commit()
    assert "Занятая" not in offered(net)


def test_a_mentor_of_a_school_outside_the_agreement_is_never_offered(net):
    network_mentor(net["c"], "Изшколыц")
    assert "Изшколыц" not in offered(net)
    services.set_agreement(net["b"], False, None)
    db.session.commit()
    assert offered(net) == set()


def test_network_mentors_are_proposed_only_to_other_schools(net):
    assert network_help_for(net["b"], _mentee_entry(net)) != []
    own = consented(teacher(net["b"], "Своя"), "mentee_bank")
    enter_mentee(own, MENTEE_ANSWERS)
    db.session.commit()
    own_entry = db.session.scalar(select(MenteeEntry).where(MenteeEntry.teacher_id == own.id))
    assert network_help_for(net["b"], own_entry) == []  # B's only network mentor is B's


def test_a_mentee_with_a_fitting_mentor_at_home_is_not_on_the_board(net):
    at_home = network_mentor(net["a"], "Домашняя", shared=None)
    assert at_home is not None
    assert without_own_fit(net["m"].id) == []


def _mentee_entry(net):
    return next(e for e in without_own_fit(net["m"].id) if e.teacher_id == net["mentee"].id)


# The proposal and the agreement -------------------------------------------------------

def test_a_double_submitted_proposal_proposes_once(net):
    first = services.propose(net["m"], net["mentee"], net["mentor"], None)
    second = services.propose(net["m"], net["mentee"], net["mentor"], None)
    db.session.commit()
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(NetworkProposal)) == 1
    assert len(events_of("network.proposed")) == 1
    payload = events_of("network.proposed")[0].payload
    assert payload["mentor"] == str(net["mentor"].pseudonym)
    assert "Кузнецова" not in str(payload)


def test_a_mentor_not_offered_cannot_be_proposed(net):
    outside = network_mentor(net["c"], "Изшколыц")
    with pytest.raises(Rejected):
        services.propose(net["m"], net["mentee"], outside, None)


def test_both_schools_agreeing_forms_exactly_one_pair_in_the_mentees_school(net):
    account = User(email="kuznetsova@example.org", full_name="Кузнецова Елена",
                   password_hash="x")
    db.session.add(account)
    db.session.flush()
    net["mentor"].user_id = account.id
    db.session.commit()
    proposal = services.propose(net["m"], net["mentee"], net["mentor"], None)
    services.answer(net["a"], proposal, True, None, "traditional", START, END)
    assert db.session.scalar(select(func.count()).select_from(MentoringPair)) == 0
    services.answer(net["b"], proposal, True, None)
    services.answer(net["b"], proposal, True, None)  # a double click
    services.answer(net["a"], proposal, True, None, "traditional", START, END)
    db.session.commit()
    pairs = db.session.scalars(select(MentoringPair)).all()
    assert [(p.school_id, p.mentor_id) for p in pairs] == [(net["a"].id, net["mentor"].id)]
    assert proposal.status == ProposalStatus.AGREED and proposal.pair_id == pairs[0].id
    assert len(events_of("network.agreed")) == 1 and len(events_of("network.answered")) == 2
    # The mentor's account reaches the mentee's school as a mentor (the pair's program),
    # and finds the pair there.
    assert Role.MENTOR in roles_in(account, Scope.of(net["a"]))
    assert [row["mentees"] for row in network_pairs_mentored_by(net["a"], account.id)] == \
        [["Петрова Ольга Игоревна"]]
    # In the mentor's own school the pair is listed as a network pair of its teacher.
    assert [(row["mentor_id"], row["school"]) for row in network_pairs_led_by(net["b"])] == \
        [(net["mentor"].id, "Школа a")]


def test_the_mentees_school_says_the_form_and_period_when_it_agrees(net):
    proposal = services.propose(net["m"], net["mentee"], net["mentor"], None)
    with pytest.raises(Rejected) as refused:
        services.answer(net["a"], proposal, True, None, None, START, START)
    assert set(refused.value.messages) == {"form_code", "ends_on"}


def test_one_school_declining_forms_nothing(net):
    proposal = services.propose(net["m"], net["mentee"], net["mentor"], None)
    services.answer(net["a"], proposal, True, None, "traditional", START, END)
    services.answer(net["b"], proposal, False, None)
    db.session.commit()
    assert proposal.status == ProposalStatus.DECLINED
    assert db.session.scalar(select(func.count()).select_from(MentoringPair)) == 0
    assert [e.school_id for e in events_of("network.declined")] == [net["a"].id]


# The load across schools --------------------------------------------------------------

def test_the_mentors_load_counts_the_network_pair_in_the_other_school(net):
    agree_both(net)
    entry = db.session.scalar(select(MentorEntry).where(
        MentorEntry.teacher_id == net["mentor"].id))
    assert (entry.load, entry.status) == (1, "busy")
    changed = events_of("mentor.status_changed")
    assert [(e.school_id, e.payload["load"]) for e in changed] == [(net["b"].id, 1)]
    # Capacity 1, one network pair: proposed in neither school any more.
    waiting = consented(teacher(net["b"], "Ждущая"), "mentee_bank")
    enter_mentee(waiting, MENTEE_ANSWERS)
    db.session.commit()
    assert offered(net) == set()


def test_a_finished_network_pair_frees_the_mentors_place(net):
    proposal = agree_both(net)
    finish_pair(net["a"], db.session.get(MentoringPair, proposal.pair_id), clock.today())
    db.session.commit()
    entry = db.session.scalar(select(MentorEntry).where(
        MentorEntry.teacher_id == net["mentor"].id))
    assert (entry.load, entry.status) == (0, "available")
    assert offered(net) == {"Кузнецова"}


# Pages: what each reader sees ---------------------------------------------------------

@pytest.fixture
def people(net, make_user):
    return {"methodologist": make_user(Role.METHODOLOGIST, net["m"], "met@example.org"),
            "stranger": make_user(Role.METHODOLOGIST, net["other"], "met2@example.org"),
            "curator_a": make_user(Role.CURATOR, net["a"], "cur-a@example.org"),
            "curator_b": make_user(Role.CURATOR, net["b"], "cur-b@example.org"),
            "curator_c": make_user(Role.CURATOR, net["c"], "cur-c@example.org")}


def test_the_methodologist_sees_codes_and_consented_fields_only(net, people, logged_in):
    client = logged_in(people["methodologist"])
    page = client.get("/m/m/network/").get_data(as_text=True)
    assert mentee_code(net["mentee"].pseudonym) in page
    assert mentor_code(net["mentor"].pseudonym) in page
    assert "Методики и технологии обучения" in page and "высшая категория" in page
    assert "закрывает запрос «Методики и технологии обучения»" in page  # a reason, in words
    for hidden in [*HIDDEN_VALUES, "Кузнецова", "Петрова", "Ольга", "Елена"]:
        assert hidden not in page, hidden
    # Proposed, the pair stays in codes on the methodologist's page, even once agreed.
    agree_both(net)
    page = client.get("/m/m/network/").get_data(as_text=True)
    assert mentor_code(net["mentor"].pseudonym) in page
    for hidden in [*HIDDEN_VALUES, "Кузнецова", "Петрова"]:
        assert hidden not in page, hidden


def test_the_methodologist_proposes_on_the_page_once(net, people, logged_in):
    client = logged_in(people["methodologist"])
    data = {"mentee": net["mentee"].id, "mentor": net["mentor"].id,
            "csrf_token": csrf_token(client, "/m/m/network/")}
    assert client.post("/m/m/network/propose", data=data).status_code == 303
    assert client.post("/m/m/network/propose", data=data).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(NetworkProposal)) == 1


def signed_in(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def test_each_school_sees_the_other_side_by_code_until_both_agree(net, people, app):
    services.propose(net["m"], net["mentee"], net["mentor"], None)
    db.session.commit()
    client = signed_in(app, people["curator_a"])
    assert "Ждут ответа школы: 1" in client.get("/s/a/").get_data(as_text=True)
    page = client.get("/s/a/network/").get_data(as_text=True)
    assert "Петрова" in page and mentor_code(net["mentor"].pseudonym) in page
    assert "Методики и технологии обучения" in page
    for hidden in ["Кузнецова", "Математика", "больше 20 лет", "Учитель года"]:
        assert hidden not in page, hidden
    client = signed_in(app, people["curator_b"])
    page = client.get("/s/b/network/").get_data(as_text=True)
    assert "Кузнецова" in page and mentee_code(net["mentee"].pseudonym) in page
    assert "Петрова" not in page


def test_both_schools_agree_on_their_pages_and_then_see_names(net, people, app):
    proposal = services.propose(net["m"], net["mentee"], net["mentor"], None)
    db.session.commit()
    client = signed_in(app, people["curator_a"])
    token = csrf_token(client, "/s/a/network/")
    answer = {"decision": "agree", "form_code": "traditional", "starts_on": "2026-10-01",
              "ends_on": "2027-05-31", "csrf_token": token}
    assert client.post(f"/s/a/network/{proposal.id}/answer", data=answer).status_code == 303
    client = signed_in(app, people["curator_b"])
    token = csrf_token(client, "/s/b/network/")
    data = {"decision": "agree", "csrf_token": token}
    assert client.post(f"/s/b/network/{proposal.id}/answer", data=data).status_code == 303
    assert client.post(f"/s/b/network/{proposal.id}/answer", data=data).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(MentoringPair)) == 1
    page = client.get("/s/b/network/").get_data(as_text=True)
    assert "Петрова" in page and "Кузнецова" in page
    # The mentor's school lists the pair as a network pair of its teacher.
    pairs_page = client.get("/s/b/pairs/").get_data(as_text=True)
    assert "Сетевые пары" in pairs_page and "Петрова" in pairs_page
    client = signed_in(app, people["curator_a"])
    assert "Кузнецова" in client.get("/s/a/pairs/").get_data(as_text=True)


def test_a_methodologist_of_another_municipality_gets_404(net, people, logged_in):
    client = logged_in(people["stranger"])
    assert client.get("/m/m/network/").status_code == 404


def test_a_curator_of_a_third_school_gets_404_for_the_proposal(net, people, logged_in):
    proposal = services.propose(net["m"], net["mentee"], net["mentor"], None)
    db.session.commit()
    client = logged_in(people["curator_c"])
    page = client.get("/s/c/network/").get_data(as_text=True)
    assert mentor_code(net["mentor"].pseudonym) not in page
    token = csrf_token(client, "/s/c/network/")
    response = client.post(f"/s/c/network/{proposal.id}/answer",
                           data={"decision": "agree", "csrf_token": token})
    assert response.status_code == 404
    assert client.get("/s/a/network/").status_code == 404


def test_the_school_switches_the_agreement_on_its_page_once(net, people, logged_in):
    client = logged_in(people["curator_c"])
    token = csrf_token(client, "/s/c/network/")
    for _ in range(2):
        response = client.post("/s/c/network/agreement",
                               data={"taking_part": "y", "csrf_token": token})
        assert response.status_code == 303
    changed = [e for e in events_of("network.agreement_changed") if e.school_id == net["c"].id]
    assert [e.payload for e in changed] == [{"taking_part": True}]


def test_the_demo_has_two_schools_in_the_network_and_one_proposal(app):
    result = app.test_cli_runner().invoke(demo, ["seed"])
    assert result.exit_code == 0, result.output
    proposals = db.session.scalars(select(NetworkProposal)).all()
    assert len(proposals) == 1
    proposal = proposals[0]
    assert proposal.status == ProposalStatus.PROPOSED
    schools = {proposal.mentee_school_id, proposal.mentor_school_id}
    assert len(schools) == 2
    assert len(events_of("network.agreement_changed")) == 2
    mentor = db.session.get(Teacher, proposal.mentor_id)
    assert mentor.last_name in {m.teacher.last_name for m in offered_mentors(
        proposal.municipality_id)}


def test_the_curator_records_a_network_consent_with_the_fields_ticked(net, people, app):
    person = consented(teacher(net["b"], "Новая"), "mentor_bank")
    client = signed_in(app, people["curator_b"])
    path = f"/s/b/consents/{person.id}/network_mentor"
    page = client.get(path).get_data(as_text=True)
    assert "Профессиональные компетенции" in page or "профессиональные компетенции" in page
    token = csrf_token(client, path)
    base = {"given_on": "2026-10-01", "form_reference": "№ 9", "csrf_token": token}
    refused = client.post(path, data=base)
    assert refused.status_code == 400
    assert "хотя бы одно" in refused.get_data(as_text=True)
    done = client.post(path, data={**base, "shared_fields": ["subjects", "formats"]})
    assert done.status_code == 302
    consent = db.session.scalar(select(ConsentRecord).where(
        ConsentRecord.teacher_id == person.id, ConsentRecord.purpose == "network_mentor"))
    assert consent.shared_fields == ["subjects", "formats"]
    assert "преподаваемые предметы, предпочитаемые формы работы" in consent.scope
    assert events_of("consent.network_given")[-1].payload["shared"] == ["subjects", "formats"]


def test_a_wrong_period_is_told_on_the_schools_page_and_nothing_is_saved(net, people, app):
    proposal = services.propose(net["m"], net["mentee"], net["mentor"], None)
    db.session.commit()
    client = signed_in(app, people["curator_a"])
    token = csrf_token(client, "/s/a/network/")
    response = client.post(f"/s/a/network/{proposal.id}/answer", data={
        "decision": "agree", "form_code": "traditional", "starts_on": "2026-10-01",
        "ends_on": "2026-10-15", "csrf_token": token})
    assert response.status_code == 400
    assert "от 3 месяцев до 1 года" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(NetworkProposal, proposal.id).mentee_school_answer is None
    assert events_of("network.answered") == []


def test_the_schools_waiting_queue_shows_network_mentors_by_code_never_by_name(
        net, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, net["a"]))
    page = client.get("/s/a/matching/queue").get_data(as_text=True)
    assert "Сетевые наставники" in page
    assert mentor_code(net["mentor"].pseudonym) in page
    assert "Кузнецова" not in page and not any(value in page for value in HIDDEN_VALUES)


def test_the_network_mentor_works_in_the_pairs_program_from_his_own_account(
        net, make_user, logged_in):
    account = make_user(Role.MENTOR, net["b"], email="mentor@b.example.org")
    net["mentor"].user_id = account.id
    db.session.commit()
    agree_both(net)
    client = logged_in(account)
    program_page = client.get("/s/a/programs/mine")
    assert program_page.status_code == 302  # straight to the one program
    path = program_page.headers["Location"]
    shown = client.get(path).get_data(as_text=True)
    assert "Отметить выполненным" in shown and "Записать встречу" in shown
    activity = re.search(r"/activities/(\d+)/done", shown).group(1)
    done = client.post(f"{path}/activities/{activity}/done", data={
        "done_on": "2026-10-20", "comment": "Провели вводную встречу.",
        "csrf_token": csrf_token(client, f"{path}/activities/{activity}/done")})
    assert done.status_code == 303
    assert "Провели вводную встречу." in client.get(path).get_data(as_text=True)


def test_the_best_distribution_across_the_network_respects_places_and_schools(
        net, people, logged_in):
    """Three mentees of school A wait; B's mentor has one place, C's has one: the exact
    distribution pairs two of them, each with a mentor of another school, no mentor beyond
    the places left."""
    second = consented(teacher(net["a"], "Сидорова", "Анна"), "mentee_bank")
    third = consented(teacher(net["a"], "Зайцева", "Анна"), "mentee_bank")
    for mentee in (second, third):
        enter_mentee(mentee, MENTEE_ANSWERS)
    services.set_agreement(net["c"], True, None)
    network_mentor(net["c"], "Белова", capacity=1)
    db.session.commit()
    waiting = without_own_fit(net["m"].id)
    pairs = best_distribution(waiting, offered_mentors(net["m"].id))
    assert len(pairs) == 2 and len({mentor.teacher.id for _, mentor in pairs}) == 2
    assert all(entry.school_id != mentor.school.id for entry, mentor in pairs)
    page = logged_in(people["methodologist"]).get("/m/m/network/").get_data(as_text=True)
    assert "Лучшее распределение по сети" in page
    assert mentee_code(second.pseudonym) in page and "Сидорова" not in page
