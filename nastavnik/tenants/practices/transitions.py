"""The one table of a practice's path: from which status to which, by which permission.

Everything else asks this table: the service refuses any other step (or a role without
the step's permission) with a Russian message, and the pages show a button for each step
the reader may take from the practice's current status.
"""

from __future__ import annotations

from dataclasses import dataclass

from nastavnik.tenants.practices.models import PracticeStatus as S
from nastavnik.tenants.practices.permissions import PRACTICES


@dataclass(frozen=True)
class Step:
    source: S
    target: S
    permission: str
    button: str  # Russian: the button that takes the step
    done: str  # Russian: what the person is told afterwards


STEPS = (
    Step(S.SUBMITTED, S.SCHOOL_BEST, PRACTICES.mark_best, "Отметить как лучшую в школе",
         "Практика отмечена как лучшая в школе."),
    Step(S.SCHOOL_BEST, S.SUBMITTED, PRACTICES.mark_best, "Снять отметку «лучшая»",
         "Отметка «лучшая практика школы» снята."),
    Step(S.SCHOOL_BEST, S.PROPOSED_MUNICIPALITY, PRACTICES.propose_municipality,
         "Предложить муниципалитету", "Практика предложена муниципалитету."),
    Step(S.PROPOSED_MUNICIPALITY, S.CHOSEN_MUNICIPALITY, PRACTICES.choose_municipality,
         "Отобрать в муниципальный сборник", "Практика отобрана в муниципальный сборник."),
    Step(S.PROPOSED_MUNICIPALITY, S.SCHOOL_BEST, PRACTICES.choose_municipality,
         "Отклонить (вернуть школе)", "Практика отклонена и возвращена школе."),
    Step(S.CHOSEN_MUNICIPALITY, S.PROPOSED_REGION, PRACTICES.propose_region,
         "Предложить региону", "Практика предложена региону."),
    Step(S.PROPOSED_REGION, S.CHOSEN_REGION, PRACTICES.choose_region,
         "Отобрать в региональный сборник", "Практика отобрана в региональный сборник."),
    Step(S.PROPOSED_REGION, S.CHOSEN_MUNICIPALITY, PRACTICES.choose_region,
         "Отклонить (вернуть муниципалитету)",
         "Практика отклонена и возвращена в муниципальный сборник."),
)
_BY_PAIR = {(step.source, step.target): step for step in STEPS}


def step_between(source: S | str, target: S | str) -> Step | None:
    return _BY_PAIR.get((S(source), S(target)))


def steps_from(source: S | str) -> list[Step]:
    return [step for step in STEPS if step.source == S(source)]
