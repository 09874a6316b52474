"""Reference data every deployment needs — the forms of mentoring, the shipped
questionnaires, the default roadmap template — seeded by ``flask reference seed``
(and by ``make run``, the demo and the tests), never by a page that merely looks.

Each capability registers its seeder; seeders are idempotent and leave rows that were
edited later alone.
"""

from __future__ import annotations

from collections.abc import Callable

_seeders: list[Callable[[], object]] = []


def add_seeder(seeder: Callable[[], object]) -> None:
    if seeder not in _seeders:
        _seeders.append(seeder)


def seed_reference() -> None:
    """Run every seeder in the caller's transaction (the caller commits)."""
    for seeder in _seeders:
        seeder()


