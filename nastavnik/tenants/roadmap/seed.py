"""The shipped seed: the 2025/2026 roadmap as data (``seed/roadmap-2025-2026.json``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SEED_FILE = Path(__file__).parent / "seed" / "roadmap-2025-2026.json"


@cache
def seed() -> dict:
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def stage_titles() -> dict[int, str]:
    """The seven stages of the target model, by number."""
    return {stage["number"]: stage["title"] for stage in seed()["stages"]}
