"""Matching a bank: the exact best distribution against a greedy baseline.

A school of 150 mentees and 60 mentors (target under 1 s) and a municipality-wide network
match of 3,000 mentees and 1,200 mentors (under 10 s), each timed from the people to the
pairs (scoring every pair and solving), in ``BENCH_ROUNDS`` interleaved rounds (min /
median / max), with each method's total fit: greedy is quicker, and gives less.
About one pair in five is not allowed (no consent to network mentoring, say).
"""

from __future__ import annotations

import os
import random
import statistics
import time

import numpy as np

from nastavnik.tenants.matching.assignment import assign, assign_greedily
from nastavnik.tenants.matching.scoring import Mentee, Mentor, score_matrix

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
CASES = (("school", 150, 60, 1.0), ("municipality (network)", 3000, 1200, 10.0))
REQUESTS = [f"request-{n}" for n in range(24)]
SUBJECTS = [f"subject-{n}" for n in range(12)]
BANDS = ("0_3", "4_10", "11_20", "21_plus")
FORMS = ("online", "offline", "group")


def bank(mentees: int, mentors: int, seed: int = 1) -> tuple[list[Mentee], list[Mentor],
                                                              np.ndarray]:
    rng = random.Random(seed)
    people = [Mentee(i, frozenset(rng.sample(REQUESTS, rng.randint(1, 4))),
                     frozenset(rng.sample(SUBJECTS, 1)), rng.choice(BANDS[:2]),
                     frozenset(rng.sample(FORMS, rng.randint(1, 2)))) for i in range(mentees)]
    guides = [Mentor(i, frozenset(rng.sample(REQUESTS, rng.randint(2, 8))),
                     frozenset(rng.sample(SUBJECTS, rng.randint(1, 2))), rng.choice(BANDS[1:]),
                     rng.choice(("none", "first", "highest", "mentor")),
                     capacity := rng.randint(1, 4), rng.randint(0, capacity - 1),
                     frozenset(rng.sample(FORMS, rng.randint(1, 2)))) for i in range(mentors)]
    forbidden = np.random.default_rng(seed).random((mentees, mentors)) < 0.2
    return people, guides, forbidden


def run(method, people, guides, forbidden) -> tuple[float, float]:
    """Seconds from the people to the pairs, and the pairs' total fit."""
    started = time.perf_counter()
    gains = score_matrix(people, guides)
    gains[forbidden] = np.nan
    pairs = method(gains, [g.places_left for g in guides])
    spent = time.perf_counter() - started
    return spent, round(float(sum(gains[i, j] for i, j in pairs)), 3)


def main() -> None:
    print(f"Matching: the exact best distribution against greedy, {ROUNDS} interleaved rounds")
    print(f"{'bank':<24} {'mentees':>8} {'mentors':>8} {'method':>8} {'s: min':>8} "
          f"{'median':>8} {'max':>8} {'total fit':>10}  target")
    print("-" * 100)
    for name, mentees, mentors, target in CASES:
        people, guides, forbidden = bank(mentees, mentors)
        times = {"optimal": [], "greedy": []}
        fits = {}
        for round_ in range(ROUNDS):
            order = ("optimal", "greedy") if round_ % 2 == 0 else ("greedy", "optimal")
            for method in order:
                spent, fits[method] = run(assign if method == "optimal" else assign_greedily,
                                          people, guides, forbidden)
                times[method].append(spent)
        for method in ("optimal", "greedy"):
            spent = times[method]
            verdict = (f"< {target:g} s: {'yes' if statistics.median(spent) < target else 'NO'}"
                       if method == "optimal" else
                       f"{100 * fits['greedy'] / fits['optimal']:.2f} % of the optimum")
            print(f"{name:<24} {mentees:>8,} {mentors:>8,} {method:>8} {min(spent):>8.3f} "
                  f"{statistics.median(spent):>8.3f} {max(spent):>8.3f} {fits[method]:>10,.1f}"
                  f"  {verdict}", flush=True)
        ratios = [o / g for o, g in zip(times["optimal"], times["greedy"], strict=True)]
        print(f"{name:<24} {'optimal ÷ greedy, time of each round':>44} {min(ratios):>8.2f} "
              f"{statistics.median(ratios):>8.2f} {max(ratios):>8.2f}", flush=True)
