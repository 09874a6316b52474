"""Monitoring of the quality of mentoring (roadmap 6.1): requests when a pair finishes,
answers through the account and the personal link, once each, and the school's results."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bank_helpers import events_of, form_data, post
from oversight_log import project
from program_helpers import account_of, formed_pair, person
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.oversight.figures import snapshot
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.monitoring.models import MonitoringRequest, Round
from nastavnik.tenants.monitoring.services import answer, school_results, send_midway
from nastavnik.tenants.pairs.models import PairKind
from nastavnik.tenants.pairs.services import finish_pair, form_network_pair, form_pair
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.services import ensure_school_roadmap
from nastavnik.workers.reports.content import place_report

pytestmark = pytest.mark.usefixtures("autumn_2026")
FINISHED = dt.date(2026, 10, 14)
COMMENT = "Наставник <b>Орлова</b> очень помогла с 7 «Б»"


def mentee_answers(satisfaction: int = 5, **difficulties: tuple[int, int]) -> dict:
    answers = {"satisfaction": satisfaction, "meetings": 4, "usefulness": 4,
               "comment": COMMENT}
    for code, (before, after) in difficulties.items():
        answers |= {f"before_{code}": before, f"after_{code}": after}
    return answers


def mentor_answers(satisfaction: int = 4) -> dict:
    return {"satisfaction": satisfaction, "meetings": 3, "support": 5,
            "before_methods": 4, "after_methods": 2}


def requests_of(pair) -> dict[str, MonitoringRequest]:
    return {r.participant: r for r in db.session.scalars(
        select(MonitoringRequest).where(MonitoringRequest.pair_id == pair.id))}


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@pytest.fixture
def finished(school):
    pair, mentor, mentee = formed_pair(school)
    finish_pair(school, pair, FINISHED)
    db.session.commit()
    return pair, mentor, mentee


def test_a_finished_pair_asks_its_mentor_and_mentee_once(school, finished):
    pair, mentor, mentee = finished
    asked = requests_of(pair)
    assert {p: r.teacher_id for p, r in asked.items()} == {"mentor": mentor.id,
                                                           "mentee": mentee.id}
    assert {r.template.code for r in asked.values()} == {"monitoring_mentor",
                                                         "monitoring_mentee"}
    assert all(r.round == Round.FINAL and r.academic_year == 2026 for r in asked.values())
    sent = events_of("monitoring.requested")
    assert [e.payload["respondent"] for e in sent] == [str(mentor.pseudonym),
                                                       str(mentee.pseudonym)]


def test_a_working_pair_is_not_asked_until_the_curator_sends_a_midway_round(school):
    pair, *_ = formed_pair(school)
    assert requests_of(pair) == {}
    send_midway(school, pair)
    db.session.commit()
    assert {r.round for r in requests_of(pair).values()} == {Round.MIDWAY}
    with pytest.raises(Rejected, match="уже направлены"):
        send_midway(school, pair)


def test_answers_are_stored_once_and_the_event_carries_numbers_only(school, finished):
    pair, _mentor, _mentee = finished
    request = requests_of(pair)["mentee"]
    answer(school, request, mentee_answers(5, methods=(5, 2), parents=(4, 3)))
    db.session.commit()
    with pytest.raises(Rejected, match="уже дан ответ"):
        answer(school, request, mentee_answers(1))
    [answered] = events_of("monitoring.answered")
    assert answered.payload["satisfaction"] == 5
    assert answered.payload["difficulty_change"] == 2.0  # ((5−2) + (4−3)) ÷ 2
    logged = str([e.payload for e in events_of("monitoring.answered")
                  + events_of("questionnaire.answered")])
    assert "Орлова" not in logged and "7 «Б»" not in logged


def test_a_bad_answer_saves_nothing(school, finished):
    pair, *_ = finished
    request = requests_of(pair)["mentee"]
    with pytest.raises(Exception, match="от 1 до 5"):
        answer(school, request, mentee_answers(9))
    db.session.rollback()
    assert not requests_of(pair)["mentee"].answered


def test_school_results_are_exact_on_a_hand_built_case(school, finished):
    """Two pairs: the first answered by both (mentee 5, change 2; mentor 4), the second
    by its mentee only (satisfaction 2, change (3−3)=0). Rate 3 of 4 = 75 %."""
    pair, *_ = finished
    other, *_ = formed_pair(school, "Волкова", "Соколова")
    finish_pair(school, other, FINISHED)
    first, second = requests_of(pair), requests_of(other)
    answer(school, first["mentee"], mentee_answers(5, methods=(5, 2), parents=(4, 3)))
    answer(school, first["mentor"], mentor_answers(4))
    answer(school, second["mentee"], mentee_answers(2, methods=(3, 3)))
    db.session.commit()

    pairs, total = school_results(school, 2026)
    assert (total.requests, total.answers, total.response_rate) == (4, 3, 75.0)
    assert total.mean_mentee_satisfaction == 3.5
    assert total.mean_mentor_satisfaction == 4.0
    assert total.mean_change == 1.0  # mentees' own view: (2 + 0) ÷ 2
    by_pair = {p.id: t for p, t in pairs}
    assert (by_pair[pair.id].answers, by_pair[pair.id].response_rate) == (2, 100.0)
    assert by_pair[other.id].mean_mentor_satisfaction is None


@pytest.fixture
def curator(school, make_user, logged_in):
    return logged_in(make_user(Role.CURATOR, school))


def test_the_curator_sees_rates_scores_and_escaped_free_text(school, finished, curator):
    pair, *_ = finished
    answer(school, requests_of(pair)["mentee"], mentee_answers(5, methods=(5, 2)))
    db.session.commit()
    page = curator.get(f"/s/{school.slug}/monitoring/").get_data(as_text=True)
    assert "1 из 2 (50,0%)" in page and "5,00" in page and "3,00" in page
    assert "&lt;b&gt;Орлова&lt;/b&gt;" in page and "<b>Орлова</b>" not in page


def test_another_schools_curator_gets_404(school, finished, make_school, make_user, logged_in):
    pair, *_ = finished
    other = make_school("sch-2")
    client = logged_in(make_user(Role.CURATOR, other))
    assert client.get(f"/s/{school.slug}/monitoring/").status_code == 404
    request = requests_of(pair)["mentee"]
    assert client.get(f"/s/{other.slug}/monitoring/requests/{request.id}/link") \
        .status_code == 404


def test_the_mentee_answers_in_the_account_once(school, finished, make_user, logged_in):
    pair, _mentor, mentee = finished
    client = logged_in(account_of(make_user, school, mentee, Role.MENTEE))
    mine = client.get(f"/s/{school.slug}/monitoring/my/").get_data(as_text=True)
    request = requests_of(pair)["mentee"]
    path = f"/s/{school.slug}/monitoring/my/{request.id}"
    assert path in mine
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get(path).get_data(as_text=True)).group(1)
    data = {**form_data(mentee_answers(4, methods=(4, 2))), "csrf_token": token}
    assert client.post(path, data=data).status_code == 303
    again = client.post(path, data=data)  # the double submit
    assert again.status_code == 200 and "уже ответили" in again.get_data(as_text=True)
    assert len(events_of("monitoring.answered")) == 1
    # The mentor's request is not the mentee's to open.
    other = requests_of(pair)["mentor"]
    assert client.get(f"/s/{school.slug}/monitoring/my/{other.id}").status_code == 404


def test_the_participant_answers_through_a_personal_link_once(app, school, finished, curator):
    pair, *_ = finished
    request = requests_of(pair)["mentor"]
    page = f"/s/{school.slug}/monitoring/requests/{request.id}/link"
    issued = post(curator, page, {}).get_data(as_text=True)
    link = re.search(r'value="http://localhost(/monitoring-anketa/[^"]+)"', issued).group(1)

    holder = app.test_client()
    assert holder.get(link).status_code == 303
    form = holder.get("/monitoring-anketa/")
    assert form.status_code == 200 and "анкета наставника" in form.get_data(as_text=True)
    assert post(holder, "/monitoring-anketa/", form_data(mentor_answers(3))).status_code == 303
    db.session.expire_all()
    assert requests_of(pair)["mentor"].answered
    refused = app.test_client().get(link)  # answered: the link no longer opens
    assert refused.status_code == 400 and "уже ответили" in refused.get_data(as_text=True)
    assert app.test_client().get("/monitoring-anketa/garbage").status_code == 400


def test_a_group_asks_every_mentee(school):
    mentor = person(school, "Орлова", mentor=True)
    mentees = [person(school, name, mentee=True) for name in ("Лебедева", "Соколова")]
    group = form_pair(school, mentor, mentees, "group", dt.date(2026, 10, 1),
                      dt.date(2027, 5, 31), kind=PairKind.GROUP)
    finish_pair(school, group, FINISHED)
    db.session.commit()
    assert sorted(r.participant for r in db.session.scalars(select(MonitoringRequest))) == [
        "mentee", "mentee", "mentor"]


def test_above_the_school_only_numbers_leave_it(school, make_user, logged_in):
    """Three mentees answer (so the means are shown above the school): the municipal
    dashboard and report carry the figures, never a name or a word of free text."""
    for n, (mentor_name, mentee_name) in enumerate(
            (("Орлова", "Лебедева"), ("Волкова", "Соколова"), ("Зайцева", "Морозова"))):
        pair, *_ = formed_pair(school, mentor_name, mentee_name)
        finish_pair(school, pair, FINISHED)
        answer(school, requests_of(pair)["mentee"], mentee_answers(5 - n, methods=(4, 2)))
    db.session.commit()
    project()
    place = school.municipality
    content = place_report(place, snapshot(2026, clock.today()), clock.now(),
                           lambda _percent: None)
    part = next(p for p in content.parts if p.heading == "Мониторинг качества")
    assert part.tables[0].rows[0][1:] == [50.0, 4.0, None, 2.0]
    dashboard = logged_in(make_user(Role.METHODOLOGIST, place)).get(f"/m/{place.slug}/")
    assert dashboard.status_code == 200
    everything = str(content) + dashboard.get_data(as_text=True)
    for secret in ("Орлова", "Лебедева", "Соколова", "Морозова", "7 «Б»", "7 &laquo;Б"):
        assert secret not in everything


def roadmap_status(school, code: str) -> tuple[str, bool]:
    found = db.session.scalar(select(RoadmapActivity).where(
        RoadmapActivity.school_id == school.id, RoadmapActivity.academic_year == 2026,
        RoadmapActivity.code == code))
    return found.status, found.completed_automatically


def test_roadmap_6_1_completes_when_every_finished_pair_has_an_answer(school):
    ensure_school_roadmap(school, 2026)
    first, *_ = formed_pair(school)
    second, *_ = formed_pair(school, "Волкова", "Соколова")
    for pair in (first, second):
        finish_pair(school, pair, FINISHED)
    db.session.commit()
    answer(school, requests_of(first)["mentor"], mentor_answers())
    db.session.commit()
    assert roadmap_status(school, "6.1") == ("planned", False)  # the second pair is silent
    answer(school, requests_of(second)["mentee"], mentee_answers())
    db.session.commit()
    assert roadmap_status(school, "6.1") == ("done", True)


def test_a_midway_answer_does_not_complete_6_1(school):
    ensure_school_roadmap(school, 2026)
    pair, *_ = formed_pair(school)
    send_midway(school, pair)
    answer(school, requests_of(pair)["mentee"], mentee_answers())
    db.session.commit()
    assert roadmap_status(school, "6.1")[0] != "done"


def test_the_curators_midway_button_asks_a_working_pair_once(school, curator):
    pair, *_ = formed_pair(school)
    page = f"/s/{school.slug}/monitoring/"
    path = f"/s/{school.slug}/monitoring/pairs/{pair.id}/midway"
    assert path in curator.get(page).get_data(as_text=True)
    assert post(curator, path, {}, token_from=page).status_code == 303
    assert post(curator, path, {}, token_from=page).status_code == 303  # the double click
    assert len(events_of("monitoring.requested")) == 2  # mentor and mentee, once
    assert "уже направлены" in curator.get(page).get_data(as_text=True)


def test_a_director_reads_the_results_but_cannot_send(school, finished, make_user, logged_in):
    pair, *_ = finished
    client = logged_in(make_user(Role.DIRECTOR, school))
    assert client.get(f"/s/{school.slug}/monitoring/").status_code == 200
    request = requests_of(pair)["mentee"]
    assert client.get(f"/s/{school.slug}/monitoring/requests/{request.id}/link") \
        .status_code in (403, 404)


def test_a_network_pair_asks_only_the_schools_own_people(school, make_school):
    """The mentor of another school is out of this school's reach (pages, links)."""
    neighbour = make_school("sch-2", school.municipality)
    mentor = person(neighbour, "Орлова", mentor=True)
    mentee = person(school, "Лебедева", mentee=True)
    pair = form_network_pair(school, mentor, mentee, "traditional", dt.date(2026, 10, 1),
                             dt.date(2027, 5, 31))
    finish_pair(school, pair, FINISHED)
    db.session.commit()
    assert {p: r.teacher_id for p, r in requests_of(pair).items()} == {"mentee": mentee.id}
