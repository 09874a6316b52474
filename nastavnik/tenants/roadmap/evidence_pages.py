"""Pages of other capabilities that show an activity's evidence, found by the event type
that completes it («Результаты подбора наставников» for 4.1): the roadmap links to them
without importing those capabilities."""

from __future__ import annotations

from typing import NamedTuple

from nastavnik.platform.permissions import can
from nastavnik.tenants.roadmap.models import RoadmapActivity


class EvidencePage(NamedTuple):
    label: str
    endpoint: str
    permission: str


_PAGES: dict[str, EvidencePage] = {}


def add_evidence_page(event_type: str, label: str, endpoint: str, permission: str) -> None:
    _PAGES[event_type] = EvidencePage(label, endpoint, permission)


def evidence_page(activity: RoadmapActivity) -> EvidencePage | None:
    """The page holding ``activity``'s evidence, if the reader may open it."""
    page = _PAGES.get((activity.auto_complete or {}).get("event", ""))
    return page if page is not None and can(page.permission) else None
