"""Where the road map and the pair order get their rows from.

Both belong to other capabilities (roadmap, pairs). Documents must not import their
internals, so each registers a provider here when the app is assembled; until then the
road map shows the seven seed stages and the pair order says no pairs are formed yet.
"""

from __future__ import annotations

from collections.abc import Callable

from nastavnik.platform.models import School
from nastavnik.tenants.documents.texts import seed_roadmap_stages

# roadmap: (school, academic start year) -> [{stage, activities, dates, responsible, result}]
RoadmapRows = Callable[[School, int], list[dict]]
# pairs: (school) -> [{mentor, mentees: [names], form, starts_on, ends_on}]
PairRows = Callable[[School], list[dict]]


def _seed_roadmap(_school: School, start_year: int) -> list[dict]:
    years = {"start_year": start_year, "end_year": start_year + 1}
    return [{**stage, "dates": stage["dates"].format_map(years)}
            for stage in seed_roadmap_stages()]


def _no_pairs(_school: School) -> list[dict]:
    return []


_providers: dict[str, Callable] = {"roadmap": _seed_roadmap, "pairs": _no_pairs}


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


def pair_rows(school: School) -> list[dict]:
    return _providers["pairs"](school)
