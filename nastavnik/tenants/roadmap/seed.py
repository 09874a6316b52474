"""The shipped seed: the 2025/2026 roadmap as data (``seed/roadmap-2025-2026.json``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SEED_FILE = Path(__file__).parent / "seed" / "roadmap-2025-2026.json"


@cache
def completing_event_types() -> frozenset[str]:
    """Every event type a rule can name. Rules come only from the seed (templates copy them
    and methodologists edit titles and dates), so other events need no database look-up."""
    return frozenset(item["auto_complete"]["event"] for item in seed()["activities"]
                     if item.get("auto_complete"))


@cache
def seed() -> dict:
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def stage_titles() -> dict[int, str]:
    """The seven stages of the target model, by number."""
    return {stage["number"]: stage["title"] for stage in seed()["stages"]}
