"""The per-school seal chain: proof that a school's log was not rewritten.

Each event of a school is sealed with ``sha256(previous seal | the event's content)``, in
position order, starting from ``GENESIS``. Recomputing the chain from the log and
comparing it with the stored seals finds the first event whose content changed after it
was sealed; a municipality that keeps a school's latest seal can check the whole history
against it. Seals are made by a projection (``nastavnik.workers.projections.seals``)
seconds after commit, so the append path pays nothing for them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import json.scanner
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.aggregates import EventSeal
from nastavnik.platform.events.models import Event

GENESIS = "0" * 64
SEALED_COLUMNS = ("position", "event_id", "school_id", "type", "version", "payload",
                  "occurred_at")


# One encoder for every seal (``json.dumps`` would build one per call); no circularity
# check, as a payload read back from the log cannot refer to itself. The bytes are those
# of ``json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``.
canonical_payload = json.JSONEncoder(sort_keys=True, ensure_ascii=False, check_circular=False,
                                     separators=(",", ":")).encode


def _json_reader() -> Callable[[str], object]:
    """``json.loads`` for the log's own JSON text, minus its Python layers: the C scanner
    called directly (twice as fast per payload; the seal chain reads every payload)."""
    scan = getattr(json.scanner, "c_make_scanner", None)
    if scan is None:
        return json.loads
    scan = scan(json.JSONDecoder())
    return lambda text: scan(text, 0)[0]


read_json = _json_reader()


def seal(previous: str, event) -> str:
    """The seal of ``event`` (anything with ``SEALED_COLUMNS``) after ``previous``."""
    occurred = event.occurred_at
    if occurred.tzinfo is None:  # SQLite returns the stored UTC time without its offset
        occurred = occurred.replace(tzinfo=dt.UTC)
    content = "|".join((
        previous, str(event.event_id), str(event.school_id), event.type, str(event.version),
        occurred.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        canonical_payload(event.payload),
    ))
    return hashlib.sha256(content.encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    sealed: int  # events checked against their seals
    unsealed: int  # events not sealed yet (the projection is behind)
    broken_at: int | None  # position of the first event whose content changed
    last_seal: str | None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(school_id: int) -> Verdict:
    """Recompute the school's chain from its log and compare it with the stored seals."""
    events = db.session.execute(
        select(*(Event.__table__.c[c] for c in SEALED_COLUMNS))
        .where(Event.school_id == school_id).order_by(Event.position)
        .execution_options(yield_per=5000))
    seals = dict(db.session.execute(
        select(EventSeal.position, EventSeal.seal).where(EventSeal.school_id == school_id)
    ).all())
    return _compare(events, seals)


def _compare(events: Iterable, seals: dict[int, str]) -> Verdict:
    previous, sealed, unsealed, last = GENESIS, 0, 0, None
    for event in events:
        previous = seal(previous, event)
        stored = seals.get(event.position)
        if stored is None:
            unsealed += 1
        elif stored != previous:
            return Verdict(sealed, unsealed, event.position, last)
        else:
            sealed, last = sealed + 1, stored
    return Verdict(sealed, unsealed, None, last)
