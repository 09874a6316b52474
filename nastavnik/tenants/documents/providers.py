"""Where the road map and the pair order get their rows from.

Both belong to other capabilities (roadmap, pairs). Documents must not import their
internals, so each registers a provider here when the app is assembled
(``nastavnik/tenants/__init__.py``); until then both tables are empty.
"""

from __future__ import annotations

from collections.abc import Callable

from nastavnik.platform.models import School

# roadmap: (school, academic start year) -> [{stage, activities, dates, responsible, result}]
RoadmapRows = Callable[[School, int], list[dict]]
# pairs: (school, academic start year) -> [{mentor, mentees: [names], form, starts_on, ends_on}]
PairRows = Callable[[School, int], list[dict]]


_providers: dict[str, Callable] = {"roadmap": lambda _school, _year: [],
                                   "pairs": lambda _school, _year: []}


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
