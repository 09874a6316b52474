"""Generated event logs: schools of a region, and event rows shaped for ``append_batch``.

Payloads are made from each type's registered schema (a random valid value per field),
so the generator follows the catalog as types are added, and the log holds no personal
data by construction.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from marshmallow import fields
from marshmallow.validate import OneOf
from sqlalchemy.orm import Session

from nastavnik.platform import clock
from nastavnik.platform.events.registry import Code, catalog, lookup
from nastavnik.platform.models import Municipality, Region, School

FIRST_DAY = dt.datetime(2025, 9, 1, 8, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Place:
    school_id: int
    municipality_id: int
    region_id: int


def make_schools(session: Session, schools: int = 200, municipalities: int = 10,
                 prefix: str = "gen") -> list[Place]:
    """A region with ``municipalities`` and ``schools`` spread over them (committed)."""
    region = Region(slug=f"{prefix}-region", name="Генерируемая область", code=f"{prefix}-r")
    session.add(region)
    towns = [Municipality(slug=f"{prefix}-m{i}", name=f"Округ {i}", code=f"{prefix}-m{i}",
                          region=region) for i in range(municipalities)]
    session.add_all(towns)
    made = [School(slug=f"{prefix}-s{i}", name=f"Школа № {i}", short_name=f"Школа {i}",
                   code=f"{prefix}-s{i}", municipality=towns[i % municipalities], region=region)
            for i in range(schools)]
    session.add_all(made)
    session.commit()
    return [Place(s.id, s.municipality_id, s.region_id) for s in made]


def random_value(field: fields.Field, rng: random.Random, length: int = 2):
    if isinstance(field, fields.List):
        return [random_value(field.inner, rng) for _ in range(length)]
    choices = [v.choices for v in field.validators if isinstance(v, OneOf)]
    if choices:
        return rng.choice(list(choices[0]))
    if isinstance(field, Code):
        return f"code-{rng.randint(1, 20)}"
    if isinstance(field, fields.UUID):
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if isinstance(field, fields.Boolean):
        return rng.random() < 0.5
    if isinstance(field, fields.DateTime):
        return (FIRST_DAY + dt.timedelta(days=rng.randint(0, 700))).isoformat()
    if isinstance(field, fields.Date):
        return (FIRST_DAY.date() + dt.timedelta(days=rng.randint(0, 700))).isoformat()
    return rng.randint(0, 100)


def event_rows(places: Sequence[Place], count: int, types: Sequence[str] | None = None,
               seed: int = 1) -> Iterator[dict]:
    """``count`` event rows over two academic years, random schools and types."""
    rng = random.Random(seed)
    kinds = [lookup(name) for name in types] if types else catalog()
    schemas = {kind.name: (kind.version, kind.schema().fields) for kind in kinds}
    names = list(schemas)
    for _ in range(count):
        place = rng.choice(places)
        name = rng.choice(names)
        version, schema_fields = schemas[name]
        # One length for every list of a payload: a schema's lists run in parallel
        # (``roadmap.created`` lists codes and their windows in one order).
        length = rng.randint(0, 3)
        occurred_at = FIRST_DAY + dt.timedelta(seconds=rng.randint(0, 700 * 86400))
        yield {
            "event_id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "school_id": place.school_id, "municipality_id": place.municipality_id,
            "region_id": place.region_id,
            "academic_year": clock.academic_year_of(clock.local_date(occurred_at)),
            "stream": f"school:{place.school_id}", "type": name, "version": version,
            "payload": {key: random_value(field, rng, length)
                        for key, field in schema_fields.items()},
            "actor_id": None, "occurred_at": occurred_at,
        }


def chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
