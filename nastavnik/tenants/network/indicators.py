"""Indicators of network mentoring: schools in the network, mentors offered to it, the
cross-school pairs proposed and agreed (the network pairs themselves are counted with
the pairs: ``network_pairs``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
)
from nastavnik.platform.oversight.state import NetworkState

network = NetworkState.__table__
SECTION = "Сетевое наставничество"


def standing(s: Slice, kind: str, *where: ColumnElement[bool]) -> dict[int, Value]:
    """Per school: the ``kind`` rows as they stood on the snapshot day; zero for every
    school of the place without one (few schools have joined the network: a zero is a
    figure, not a gap, in the totals)."""
    found = count_by_school(network, s.of(network), network.c.kind == kind,
                            network.c.since <= s.as_of, *where)
    return {school: found.get(school, ZERO) for school in s.schools()}


def proposed_in_year(s: Slice, *where: ColumnElement[bool]) -> dict[int, Value]:
    return standing(s, "proposal", network.c.since >= s.year_starts, *where)


declare(Indicator(
    "network_schools", "Школы, участвующие в сетевом наставничестве", "шт.",
    "школы, вступившие в сетевое наставничество муниципалитета и не вышедшие из него к дате",
    Rollup.SUM, lambda s: standing(s, "school"), SECTION, order=31, higher_is_better=None))
declare(Indicator(
    "network_mentors", "Наставники, согласившиеся на сетевое наставничество", "чел.",
    "наставники с действующим согласием на сетевое наставничество на дату", Rollup.SUM,
    lambda s: standing(s, "mentor"), SECTION, order=32, higher_is_better=None))
declare(Indicator(
    "network_proposals", "Предложено сетевых пар в учебном году", "шт.",
    "сетевые пары, предложенные муниципальным координатором с 1 сентября по дату "
    "(по школе наставляемого)", Rollup.SUM, proposed_in_year, SECTION, order=33,
    higher_is_better=None))
declare(Indicator(
    "network_proposals_agreed", "из них согласовано обеими школами", "шт.",
    "предложенные с 1 сентября сетевые пары, на которые согласились обе школы (пара "
    "сформирована)", Rollup.SUM,
    lambda s: proposed_in_year(s, network.c.status == "agreed"), SECTION, order=34,
    higher_is_better=None))
