"""Sections other capabilities add to the public pages (best practices, collections).

A provider takes the place (a school, a municipality or a region) and returns its public
entries; each is shown in its own section of the page and goes into the page's feed. A
provider answers for what it returns: published things only, and a person's name only
with the consent «публикация» in force (``consent.publishable_name``).

    from nastavnik.tenants.publications.sections import add_public_section
    add_public_section("Лучшие практики", public_practices)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from nastavnik.platform.models import Municipality, Region, School

Place = School | Municipality | Region


@dataclass(frozen=True)
class PublicEntry:
    title: str
    summary: str
    url: str  # absolute, or a path on this site
    updated: dt.datetime  # aware


@dataclass(frozen=True)
class PublicSection:
    title: str
    entries: Callable[[Place], list[PublicEntry]]


_sections: list[PublicSection] = []


def add_public_section(title: str, entries: Callable[[Place], list[PublicEntry]]) -> None:
    _sections.append(PublicSection(title, entries))


def public_sections(place: Place) -> list[tuple[str, list[PublicEntry]]]:
    return [(section.title, section.entries(place)) for section in _sections]
