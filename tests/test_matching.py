"""Matching: the best distribution is exactly optimal, respects capacities and never
proposes a forbidden mentor; every score says why in words."""

from __future__ import annotations

import itertools
import random

import pytest

from nastavnik.tenants.matching.assignment import greedy, optimal, total
from nastavnik.tenants.matching.scoring import Mentee, Mentor, Weights, fit

REQUESTS = ("parents", "discipline", "digital", "assessment")
SUBJECTS = ("math", "russian", "physics")
BANDS = ("0_3", "4_10", "11_20", "21_plus")


def random_bank(rng: random.Random) -> tuple[list[Mentee], list[Mentor]]:
    mentees = [Mentee(i, frozenset(rng.sample(REQUESTS, rng.randint(0, 3))),
                      frozenset(rng.sample(SUBJECTS, 1)), rng.choice(BANDS[:2]),
                      frozenset(rng.sample(("online", "offline"), rng.randint(0, 2))))
               for i in range(rng.randint(1, 5))]
    mentors = [Mentor(100 + j, frozenset(rng.sample(REQUESTS, rng.randint(0, 4))),
                      frozenset(rng.sample(SUBJECTS, rng.randint(1, 2))), rng.choice(BANDS),
                      rng.choice(("none", "first", "highest")), capacity := rng.randint(1, 3),
                      rng.randint(0, capacity), frozenset(rng.sample(("online", "offline"), 1)))
               for j in range(rng.randint(1, 3))]
    return mentees, mentors


def forbidding(rng: random.Random):
    """A score where about one pair in five may not be proposed (no consent, say)."""
    banned = set()

    def score(mentee: Mentee, mentor: Mentor) -> float | None:
        key = (mentee.key, mentor.key)
        if key not in banned and rng.random() < 0.2:
            banned.add(key)
        return None if key in banned else fit(mentee, mentor).score
    return score


def brute_force(mentees, mentors, score) -> float:
    """The best total over every way to give each mentee a mentor or none."""
    best = 0.0
    for choice in itertools.product([None, *mentors], repeat=len(mentees)):
        if any(sum(m is mentor for m in choice) > mentor.places_left for mentor in mentors):
            continue
        values = [score(mentee, mentor) for mentee, mentor in zip(mentees, choice, strict=True)
                  if mentor is not None]
        if None not in values:
            best = max(best, round(sum(values), 6))
    return best


@pytest.mark.parametrize("seed", range(200))
def test_the_best_distribution_is_optimal_against_brute_force(seed):
    rng = random.Random(seed)
    mentees, mentors = random_bank(rng)
    scores: dict = {}
    base = forbidding(rng)

    def score(mentee, mentor):  # the same answer every time it is asked
        return scores.setdefault((mentee.key, mentor.key), base(mentee, mentor))

    pairs = optimal(mentees, mentors, score)
    assert total(pairs, score) == pytest.approx(brute_force(mentees, mentors, score))
    assert len({mentee.key for mentee, _ in pairs}) == len(pairs)  # one mentor each
    for mentor in mentors:  # capacities hold
        assert sum(m is mentor for _, m in pairs) <= mentor.places_left
    assert all(score(mentee, mentor) is not None for mentee, mentor in pairs)
    assert total(greedy(mentees, mentors, score), score) <= total(pairs, score) + 1e-9


def test_greedy_is_not_optimal_where_the_best_pair_first_blocks_two():
    # Mentor A fits both; mentor B fits only the first. Greedy gives A to the first.
    first, second = Mentee(1), Mentee(2)
    a, b = Mentor(10), Mentor(20)
    table = {(1, 10): 5.0, (2, 10): 4.0, (1, 20): 3.0}

    def score(mentee, mentor):
        return table.get((mentee.key, mentor.key))

    assert total(greedy([first, second], [a, b], score), score) == 5.0
    assert total(optimal([first, second], [a, b], score), score) == 7.0


def test_a_mentor_without_places_or_allowed_pairs_is_never_proposed():
    mentee = Mentee(1, subjects=frozenset({"math"}))
    full = Mentor(10, subjects=frozenset({"math"}), capacity=2, load=2)
    barred = Mentor(20, subjects=frozenset({"math"}))
    assert optimal([mentee], [full, barred],
                   lambda e, m: None if m is barred else fit(e, m).score) == []


def test_a_score_says_why_in_words():
    mentee = Mentee(1, frozenset({"parents", "digital"}), frozenset({"math"}), "0_3",
                    frozenset({"online"}))
    mentor = Mentor(10, frozenset({"parents"}), frozenset({"math", "physics"}), "11_20",
                    "highest", capacity=2, load=1, forms=frozenset({"online"}))
    found = fit(mentee, mentor, Weights(), {"parents": "работа с родителями"})
    assert found.reasons == ("закрывает запрос «работа с родителями»", "тот же предмет",
                             "стаж 11–20 лет", "высшая категория", "свободно 1 из 2",
                             "удобная обоим форма работы")
    # 3 × 1/2 + 2 + 1 + 1 × 1 + 0.5 × 1/2 + 1
    assert found.score == 6.75
    assert fit(mentee, mentor, Weights(subject=0, requests=0)).score == 3.25


@pytest.mark.parametrize("seed", range(20))
def test_the_score_matrix_equals_each_pair_scored_alone(seed):
    from nastavnik.tenants.matching.scoring import score_matrix

    mentees, mentors = random_bank(random.Random(seed))
    weights = Weights(requests=2.5, capacity=1.5)
    expected = [fit(e, m, weights).score for e in mentees for m in mentors]
    assert score_matrix(mentees, mentors, weights).ravel().tolist() == pytest.approx(expected)
