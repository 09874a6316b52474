"""Where the road map, the pair order and the final event's documents get their rows from.

They belong to other capabilities (roadmap, pairs, final_event). Documents must not import their
internals, so each registers a provider here when the app is assembled
(``nastavnik/tenants/__init__.py``); until then both tables are empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from nastavnik.platform.models import School

if TYPE_CHECKING:
    from nastavnik.tenants.documents.models import SchoolDocument

# roadmap: (school, academic start year) -> [{stage, activities, dates, responsible, result}]
RoadmapRows = Callable[[School, int], list[dict]]
# pairs: (school, academic start year) -> [{mentor, mentees: [names], form, starts_on, ends_on}]
# Rows may also say "mentor_position", "mentee_positions" and the pair's "id".
PairRows = Callable[[School, int], list[dict]]
# the pairs a pair order fixes: (school, the order) -> rows as above, each with its "id"
OrderPairs = Callable[[School, "SchoolDocument"], list[dict]]
# an approved pair order fixes its pairs: (school, pair ids, the order) -> None
FixPairs = Callable[[School, Sequence[int], "SchoolDocument"], list[int]]
# final_event: (school, academic start year) -> {"values": {placeholder: text},
#   "programme": [[time, title]], "nominations": [[title, nominee]]} (names stay in the school)
FinalEventFacts = Callable[[School, int], dict]
# encouragement: (school, academic start year) -> [{mentor, mentor_position, mentees: [],
#   merits: [what for]}], each mentor once
EncouragedMentors = Callable[[School, int], list[dict]]


_providers: dict[str, Callable] = {"roadmap": lambda _school, _year: [],
                                   "final_event": lambda _school, _year: {},
                                   "encouraged": lambda _school, _year: [],
                                   "pairs": lambda _school, _year: [],
                                   "order_pairs": lambda _school, _document: [],
                                   "fix_pairs": lambda _school, _ids, _document: []}


def register_roadmap_rows(provider: RoadmapRows) -> RoadmapRows:
    """Use ``provider`` for the road map's table; return the one it replaces."""
    previous, _providers["roadmap"] = _providers["roadmap"], provider
    return previous


def register_pair_rows(provider: PairRows) -> PairRows:
    """Use ``provider`` for the pair order's table; return the one it replaces."""
    previous, _providers["pairs"] = _providers["pairs"], provider
    return previous


def roadmap_rows(school: School, start_year: int) -> list[dict]:
    return _providers["roadmap"](school, start_year)


def pair_rows(school: School, start_year: int) -> list[dict]:
    return _providers["pairs"](school, start_year)


def register_order_pairs(provider: OrderPairs, fixer: FixPairs) -> tuple[OrderPairs, FixPairs]:
    """Use ``provider`` for the pairs a pair order lists and ``fixer`` to mark them fixed by
    it once approved; return the ones they replace."""
    previous = _providers["order_pairs"], _providers["fix_pairs"]
    _providers["order_pairs"], _providers["fix_pairs"] = provider, fixer
    return previous


def order_pairs(school: School, document: SchoolDocument) -> list[dict]:
    return _providers["order_pairs"](school, document)


def fix_pairs(school: School, pair_ids: Sequence[int], document: SchoolDocument) -> list[int]:
    return _providers["fix_pairs"](school, pair_ids, document)


def register_final_event(provider: FinalEventFacts) -> FinalEventFacts:
    """Use ``provider`` for the final event's facts (the order on it, its protocol, the
    справка); return the one it replaces."""
    previous, _providers["final_event"] = _providers["final_event"], provider
    return previous


def final_event(school: School, start_year: int) -> dict:
    return _providers["final_event"](school, start_year)


def register_encouraged_mentors(provider: EncouragedMentors) -> EncouragedMentors:
    """Use ``provider`` for the mentors the order encouraging mentors names, and what for;
    return the one it replaces."""
    previous, _providers["encouraged"] = _providers["encouraged"], provider
    return previous


def encouraged_mentors(school: School, start_year: int) -> list[dict]:
    return _providers["encouraged"](school, start_year)
