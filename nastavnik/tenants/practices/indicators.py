"""Indicators of the methodical bank: the practices submitted in the academic year, and
of them those best in the school, chosen by the municipality, chosen by the region (as
they stand on the snapshot's position)."""

from __future__ import annotations

from collections.abc import Collection

from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
)
from nastavnik.platform.oversight.state import PracticeState
from nastavnik.tenants.practices.models import (
    BEST_OR_HIGHER,
    CHOSEN_BY_MUNICIPALITY,
    PracticeStatus,
)

practices = PracticeState.__table__
SECTION = "Методическая копилка"


def submitted_in_year(s: Slice, statuses: Collection[str] | None = None) -> dict[int, Value]:
    """Per school: the practices submitted from 1 September to the snapshot day (with one
    of ``statuses`` now, if given); zero for a school without one."""
    where = [practices.c.submitted_on >= s.year_starts, practices.c.submitted_on <= s.as_of]
    if statuses is not None:
        where.append(practices.c.status.in_([str(status) for status in statuses]))
    found = count_by_school(practices, s.of(practices), *where)
    return {school: found.get(school, ZERO) for school in s.schools()}


declare(Indicator(
    "practices_submitted", "Практики, поданные в методическую копилку", "шт.",
    "практики, поданные в копилку школы с 1 сентября по дату", Rollup.SUM,
    submitted_in_year, SECTION, order=91, higher_is_better=True))
declare(Indicator(
    "practices_school_best", "из них лучшие практики школы", "шт.",
    "поданные с 1 сентября практики, отмеченные руководителем как лучшие в школе (в том "
    "числе предложенные и отобранные выше)", Rollup.SUM,
    lambda s: submitted_in_year(s, BEST_OR_HIGHER), SECTION, order=92))
declare(Indicator(
    "practices_chosen_municipality", "из них отобраны муниципалитетом", "шт.",
    "поданные с 1 сентября практики, отобранные в муниципальный сборник (в том числе "
    "предложенные и отобранные регионом)", Rollup.SUM,
    lambda s: submitted_in_year(s, CHOSEN_BY_MUNICIPALITY), SECTION, order=93))
declare(Indicator(
    "practices_chosen_region", "из них отобраны регионом", "шт.",
    "поданные с 1 сентября практики, отобранные в региональный сборник", Rollup.SUM,
    lambda s: submitted_in_year(s, {PracticeStatus.CHOSEN_REGION}), SECTION, order=94))
