"""Indicators computed from a small hand-built log, each value written here by hand.

Region «r» has two municipalities: «m1» with schools A and B, «m2» with school C, which
has done nothing. The snapshot is 20 November 2026 (academic year 2026/27) unless a test
says otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest
from oversight_log import HandLog, project, teacher
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.oversight.figures import figures, log_position, snapshot
from nastavnik.platform.oversight.indicators import indicators
from nastavnik.platform.oversight.ranking import places, points, rank
from nastavnik.platform.oversight.state import STATE_PROJECTIONS, STATE_TABLES
from nastavnik.platform.roles import Level
from nastavnik.workers.projections import find, rebuild

DAY = dt.date(2026, 11, 20)
MENTOR_ELSEWHERE = teacher(99)  # a mentor from another school: a network pair
# Neither school has a program in its log (tests/test_program_indicators.py has some):
# the working pair counts as one without an approved program.
NO_PROGRAMS = {"programs_approved": 0.0, "program_activities_on_time": None,
               "program_activities_overdue": 0, "program_meetings": 0,
               "program_mean_rating": None}
# This log holds no network agreement, consent or proposal (tests/test_network_indicators.py).
# Nor a final event (tests/test_final_event.py has some).
NO_FINAL_EVENT = {"final_event_held": 0.0, "final_event_participants": 0,
                  "final_event_nominations": 0}
NO_NETWORK = {"network_schools": 0, "network_mentors": 0, "network_proposals": 0,
              "network_proposals_agreed": 0}
# The hand-built log has no practice: each methodical-bank count is a zero, not a gap.
NO_PRACTICES = {"practices_submitted": 0, "practices_school_best": 0,
                "practices_chosen_municipality": 0, "practices_chosen_region": 0}
# Nor any news or public document (tests/test_publication_indicators.py).
NO_PUBLICATIONS = {"news_published": 0, "public_section": 0}
# Nor any monitoring request (tests/test_monitoring_indicators.py): no base, no figure.
NO_MONITORING = {"monitoring_response_rate": None, "monitoring_mentee_satisfaction": None,
                 "monitoring_mentor_satisfaction": None, "monitoring_difficulty_change": None}


@pytest.fixture
def region(make_region, make_municipality, make_school, travel_to):
    travel_to("2026-12-15")
    region = make_region("r")
    m1, m2 = make_municipality("m1", region), make_municipality("m2", region)
    a, b, c = make_school("a", m1), make_school("b", m1), make_school("c", m2)
    log = HandLog()
    _school_a(log, a)
    _school_b(log, b)
    log.write()
    return {"region": region, "m1": m1, "m2": m2, "a": a, "b": b, "c": c}


def _school_a(log: HandLog, a) -> None:
    young, older = {"young_specialist": True, "age_band": "under_35"}, {
        "young_specialist": False, "age_band": "35_60"}
    log.add(a, "teacher.added", {"teacher": teacher(1), **young}, on="2026-09-01")
    log.add(a, "teacher.added", {"teacher": teacher(2), **older, "hired_in": 2010},
            on="2026-09-01")
    log.add(a, "teacher.added", {"teacher": teacher(3), **young}, on="2026-09-01")
    log.add(a, "teacher.added", {"teacher": teacher(4), "young_specialist": False,
                                 "age_band": "under_35"}, on="2026-09-01")
    log.add(a, "teacher.left", {"teacher": teacher(4), "left_on": "2026-10-15",
                                "reason": "transfer", "young_specialist": False},
            on="2026-10-15")
    log.add(a, "teacher.added", {"teacher": teacher(5), **young}, on="2026-12-01")
    log.add(a, "pair.formed", {"pair": 1, "mentor": teacher(2), "mentees": [teacher(1)],
                               "form": "teacher_teacher", "group": False,
                               "starts_on": "2026-10-01", "ends_on": "2027-05-31"},
            on="2026-10-01")
    log.add(a, "pair.formed", {"pair": 2, "mentor": teacher(2), "mentees": [teacher(3)],
                               "form": "teacher_teacher", "group": False,
                               "starts_on": "2026-09-10", "ends_on": "2026-12-31"},
            on="2026-09-10")
    log.add(a, "pair.finished", {"pair": 2, "finished_on": "2026-11-01", "on_time": True},
            on="2026-11-01")
    log.add(a, "document.approved", {"document": 101, "kind": "pair_order",
                                     "academic_year": 2026, "number": "5-од",
                                     "date": "2026-10-02", "approved_on": "2026-10-03",
                                     "pairs": [1]}, on="2026-10-03")
    log.add(a, "mentee.entered", {"teacher": teacher(3), "difficulties": [],
                                  "category": "young_specialist", "young_specialist": True,
                                  "age_band": "under_35", "experience_band": "0_3"},
            on="2026-11-05")
    log.add(a, "account.role_granted", {"account": 7, "role": "curator"}, on="2026-09-02")
    log.add(a, "roadmap.created", {"academic_year": 2026, "activities": 3,
                                   "municipal_template": False, "codes": ["1.1", "1.2", "2.1"],
                                   "due_from": ["2026-09-01"] * 3,
                                   "due_to": ["2026-09-30", "2026-12-31", "2026-10-31"]},
            on="2026-09-01")
    log.add(a, "roadmap.activity_updated", {"activity": "1.1", "academic_year": 2026,
                                            "status": "done", "automatic": False,
                                            "due_to": "2026-09-30",
                                            "completed_on": "2026-10-05"}, on="2026-10-05")


def _school_b(log: HandLog, b) -> None:
    log.add(b, "teacher.added", {"teacher": teacher(11), "young_specialist": False,
                                 "age_band": "61_plus"}, on="2026-09-01")
    for n in (12, 13):  # young specialists of the year before: the retention cohort
        log.add(b, "teacher.added", {"teacher": teacher(n), "young_specialist": True,
                                     "age_band": "under_35"}, on="2025-09-01")
    log.add(b, "teacher.left", {"teacher": teacher(13), "left_on": "2026-06-30",
                                "reason": "dismissal", "young_specialist": True},
            on="2026-06-30")
    log.add(b, "pair.formed", {"pair": 21, "mentor": teacher(11), "mentees": [teacher(12)],
                               "form": "teacher_teacher", "group": False,
                               "starts_on": "2026-09-15", "ends_on": "2027-05-31"},
            on="2026-09-15")
    log.add(b, "pair.ended_early", {"pair": 21, "ended_on": "2026-11-10",
                                    "reason": "mutual", "outcome": "partly_met"},
            on="2026-11-10")
    log.add(b, "pair.formed", {"pair": 22, "mentor": MENTOR_ELSEWHERE,
                               "mentees": [teacher(12)], "form": "network", "group": True,
                               "starts_on": "2026-11-11", "ends_on": "2027-05-31"},
            on="2026-11-11")
    log.add(b, "pair.formed", {"pair": 23, "mentor": teacher(11), "mentees": [teacher(12)],
                               "form": "teacher_teacher", "group": False,
                               "starts_on": "2026-09-20", "ends_on": "2027-05-31"},
            on="2026-09-20")
    log.add(b, "pair.cancelled", {"pair": 23}, on="2026-09-21")  # a mistake: never counts


def shown(place, day: dt.date = DAY, position: int | None = None) -> dict:
    """Every indicator's shown figure per child place, and the total under ``"total"``."""
    found = figures(place, snapshot(2026, day, position))
    table = {row.place.slug: {code: found.result(code, row.values)
                              for code in (i.code for i in found.indicators)}
             for row in found.rows}
    table["total"] = {i.code: found.result(i.code) for i in found.indicators}
    return table


def test_each_indicator_of_a_school_has_its_hand_computed_value(region):
    a, b = shown(region["m1"])["a"], shown(region["m1"])["b"]
    assert a == {
        "schools_reporting": 100.0,  # teachers on its list: it works on the platform
        "teachers": 3,  # 1, 2, 3; 4 left on 15 October, 5 came in December
        "young_specialists": 2,
        "under_35_share": 66.7,  # 2 of 3
        "young_retention": None,  # nobody young a year before
        "young_with_mentor": 50.0,  # 1 is mentored; 3's pair finished on 1 November
        "pairs": 1, "groups": 0, "mentors": 1, "mentees": 1,
        "pairs_fixed_by_order": 100.0,  # pair 1, by order 101
        "network_pairs": 0.0,
        "under_35_involved": 50.0,  # 1 of 1 and 3
        "programs_started": 2, "programs_on_time": 1, "programs_ended_early": 0,
        "mentees_waiting": 1,  # 3, since 5 November
        "waiting_days": 15.0,
        "training_materials": 0, "training_sessions": 0,
        "mentors_trained": None,  # nobody in the mentor bank
        "curator_appointed": 100.0,
        "has_regulation_order": 0.0, "has_regulation": 0.0, "has_roadmap": 0.0,
        "has_pair_order": 100.0, "has_program_template": 0.0, "has_final_event_order": 0.0,
        "has_curator_order": 0.0, "has_encouragement_order": 0.0,
        "has_final_event_protocol": 0.0, "has_analytical_note": 0.0,
        "activities_overdue": 1,  # 2.1, due 31 October
        "activities_done": 1, "activities_late": 1,  # 1.1, done 5 October, due 30 September
        "roadmap_on_time": 50.0,  # of 1.1 and 2.1 (due before the day) 1.1 is done
        **NO_PROGRAMS,
        "matching_accepted": 0, "matching_rejected": 0,
        "pairs_from_proposals": 0.0,  # 1 and 2 started this year, formed by hand
        "waiting_with_plan": 0.0,  # 3 waits without a support plan
        **NO_NETWORK,
        **NO_PRACTICES,
        **NO_PUBLICATIONS,
        **NO_MONITORING,
        **NO_FINAL_EVENT,
    }
    assert b == {
        "schools_reporting": 100.0,
        "teachers": 2,  # 11 and 12; 13 left in June
        "young_specialists": 1,
        "under_35_share": 50.0,
        "young_retention": 50.0,  # 12 and 13 were young a year before, 12 stayed
        "young_with_mentor": 100.0,  # 12, in the group of a mentor from elsewhere
        "pairs": 1, "groups": 1, "mentors": 1, "mentees": 1,
        "pairs_fixed_by_order": 0.0,
        "network_pairs": 100.0,
        "under_35_involved": 100.0,
        "programs_started": 2,  # 21 and 22; the cancelled 23 never counts
        "programs_on_time": 0, "programs_ended_early": 1,
        "mentees_waiting": 0, "waiting_days": None,
        "training_materials": 0, "training_sessions": 0, "mentors_trained": None,
        "curator_appointed": 0.0,
        "has_regulation_order": 0.0, "has_regulation": 0.0, "has_roadmap": 0.0,
        "has_pair_order": 0.0, "has_program_template": 0.0, "has_final_event_order": 0.0,
        "has_curator_order": 0.0, "has_encouragement_order": 0.0,
        "has_final_event_protocol": 0.0, "has_analytical_note": 0.0,
        "activities_overdue": 0, "activities_done": 0, "activities_late": 0,
        "roadmap_on_time": None,
        **NO_PROGRAMS,
        "matching_accepted": 0, "matching_rejected": 0,
        "pairs_from_proposals": 0.0,  # 21 and 22, formed by hand
        "waiting_with_plan": None,  # nobody waits
        **NO_NETWORK,
        **NO_PRACTICES,
        **NO_PUBLICATIONS,
        **NO_MONITORING,
        **NO_FINAL_EVENT,
    }


def test_a_municipality_is_the_sum_of_its_schools(region):
    m1 = shown(region["m1"])["total"]
    assert (m1["teachers"], m1["young_specialists"], m1["pairs"]) == (5, 3, 2)
    assert m1["young_with_mentor"] == 66.7  # (1 + 1) of (2 + 1)
    assert m1["pairs_fixed_by_order"] == 50.0  # 1 of 2
    assert m1["curator_appointed"] == 50.0  # A of A and B
    assert m1["waiting_days"] == 15.0  # one waiting mentee, 15 days
    found = figures(region["m1"], snapshot(2026, DAY))
    for indicator in found.indicators:
        parts = [row.value(indicator.code) for row in found.rows]
        assert found.total[indicator.code].amount == sum(p.amount for p in parts)
        assert found.total[indicator.code].base == sum(p.base for p in parts)


def test_a_region_is_the_sum_of_its_municipalities(region):
    table = shown(region["region"])
    assert table["m2"]["teachers"] == 0
    assert table["total"]["schools_reporting"] == 66.7  # A and B of the three
    assert table["m2"]["curator_appointed"] == 0.0  # school C: no curator
    assert table["total"]["curator_appointed"] == 33.3  # 1 school of 3
    assert table["total"]["teachers"] == table["m1"]["teachers"] + table["m2"]["teachers"]
    found = figures(region["region"], snapshot(2026, DAY))
    m1 = figures(region["m1"], snapshot(2026, DAY))
    assert found.rows[0].values == m1.total


def test_a_past_day_counts_what_stood_on_that_day(region):
    a = shown(region["m1"], dt.date(2026, 10, 10))["a"]
    assert a["teachers"] == 4  # 4 had not left yet
    assert a["pairs"] == 2  # 1 had started, 2 was not finished
    assert a["pairs_fixed_by_order"] == 50.0  # the order of 3 October fixed pair 1
    assert a["activities_overdue"] == 0  # 2.1 was due on 31 October
    assert a["activities_late"] == 1  # 1.1: done on 5 October, due 30 September
    assert a["mentees_waiting"] == 0  # 3 entered the bank on 5 November


def test_a_rebuild_from_empty_equals_the_incremental_state(region):
    def state():
        return {model.__tablename__: sorted(
            tuple(str(v) for v in row) for row in db.session.execute(select(model.__table__)))
            for model in STATE_TABLES}

    incremental = state()
    for name in STATE_PROJECTIONS:
        rebuild(find(name))
    db.session.expire_all()
    assert state() == incremental


def test_figures_at_a_stated_position_stay_after_later_events(region):
    position = log_position()
    before = shown(region["m1"], position=position)
    later = HandLog()
    # Recorded later, dated before the snapshot: the current figures change, not those at
    # the stated position.
    later.add(region["a"], "teacher.added", {"teacher": teacher(6), "young_specialist": True,
                                             "age_band": "under_35"}, on="2026-11-01")
    later.add(region["a"], "pair.ended_early", {"pair": 1, "ended_on": "2026-11-02",
                                                "reason": "mentee_left", "outcome": "not_met"},
              on="2026-11-02")
    later.write()
    assert log_position() > position
    assert shown(region["m1"], position=position) == before
    now = shown(region["m1"])["a"]
    assert (now["teachers"], now["pairs"], now["programs_ended_early"]) == (4, 0, 1)


def test_the_ranking_scores_value_over_best_with_ties_and_zeros():
    assert points([10, 5, 0, None], higher_is_better=True) == [100.0, 50.0, 0.0, None]
    assert points([0, 0], higher_is_better=True) == [0.0, 0.0]  # nobody above zero
    assert points([2, 4, 0], higher_is_better=False) == [0.0, 0.0, 100.0]  # zero is best
    assert points([2, 4], higher_is_better=False) == [100.0, 50.0]
    assert points([None, None], higher_is_better=True) == [None, None]
    assert places([100.0, 100.0, 50.0, 75.0]) == [1, 1, 4, 3]


def test_municipalities_are_ranked_with_the_reasons_for_unscored_ones(region):
    ranking = rank(figures(region["region"], snapshot(2026, DAY)))
    by_slug = {entry.row.place.slug: entry for entry in ranking.places}
    assert by_slug["m1"].place == 1 and by_slug["m2"].place == 2
    assert by_slug["m1"].points["curator_appointed"] == 100.0  # 50 % is the best
    assert by_slug["m2"].points["curator_appointed"] == 0.0
    assert by_slug["m2"].points["young_with_mentor"] is None  # no young specialists
    assert any("знаменатель равен нулю" in note for note in ranking.notes)
    assert any("ни у кого нет значения выше нуля" in note for note in ranking.notes)


def test_every_indicator_is_declared_with_its_russian_name_and_formula():
    for indicator in indicators(Level.REGION):
        assert indicator.name and indicator.unit and indicator.formula
        assert any("а" <= ch <= "я" for ch in indicator.name.lower())


def test_an_empty_log_gives_zeros_not_errors(make_school, travel_to):
    travel_to("2026-11-20")
    school = make_school("empty")
    project()
    table = shown(school.municipality)
    assert table["empty"]["teachers"] == 0
    assert table["empty"]["young_with_mentor"] is None
    assert table["empty"]["curator_appointed"] == 0.0


def test_stored_figures_equal_those_computed_from_the_state(region, make_region,
                                                             make_municipality, make_school):
    from nastavnik.platform.oversight.stored import PlaceFigures
    from nastavnik.workers.figures import store_figures

    other = make_school("z", make_municipality("mz", make_region("rz")))  # no events at all
    today = snapshot()
    live = {place: shown(region[place], today.as_of, today.position)
            for place in ("m1", "region")}
    assert store_figures() == 2 * (3 + 2 + 1 + 1 + 1 + 1)  # two days, both regions' places
    assert store_figures() == 0  # nothing new: nothing stored
    stored = snapshot()
    assert stored.position == today.position
    assert {place: shown(region[place], stored.as_of) for place in ("m1", "region")} == live

    later = HandLog()  # a new teacher in school A: region «r» moves, «rz» is carried forward
    later.add(region["a"], "teacher.added", {"teacher": teacher(7), "young_specialist": False},
              on="2026-12-14")
    later.write()
    db.session.execute(PlaceFigures.__table__.update().values(
        computed_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)))  # the interval has passed
    db.session.commit()
    assert store_figures() == 2 * (3 + 2 + 1)  # region «r» only, on both days
    fresh = snapshot()
    assert fresh.position == log_position() > today.position
    assert shown(region["m1"], fresh.as_of)["a"]["teachers"] == live["m1"]["a"]["teachers"] + 1
    assert shown(other.municipality, fresh.as_of)["z"]["teachers"] == 0
    assert db.session.scalar(select(PlaceFigures.position).where(
        PlaceFigures.place_id == other.id, PlaceFigures.level == "school").limit(1)) \
        == fresh.position


def test_freshness_says_how_far_the_figures_shown_are_behind_the_log(region, travel_to):
    from nastavnik.platform.oversight.figures import freshness
    from nastavnik.workers.figures import store_figures

    store_figures()
    shown_now = freshness(snapshot())
    assert (shown_now.position, shown_now.lag_seconds) == (shown_now.head, 0.0)
    later = HandLog()
    later.add(region["b"], "teacher.added", {"teacher": teacher(8), "young_specialist": False},
              on="2026-12-15")
    later.write()  # recorded now; the stored figures do not hold it yet
    travel_to("2026-12-15T12:00:42", tick=False)
    behind = freshness(snapshot())
    assert behind.head > behind.position == shown_now.position
    assert 40 <= behind.lag_seconds <= 45
