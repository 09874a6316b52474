"""The seal chain: each school's log can be checked for rewrites after it was sealed."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from bench.generate import event_rows, make_schools
from nastavnik.extensions import db
from nastavnik.platform.aggregates import EventSeal, SchoolChainHead
from nastavnik.platform.events import Event, append_batch
from nastavnik.platform.events.chain import verify
from nastavnik.workers.projections import advance, find, rebuild

SEALS = find("event_seals")


def logged(places, count: int, seed: int = 1) -> None:
    with Session(db.engine) as session:
        append_batch(session, event_rows(places, count, ["teacher.added"], seed=seed))
        session.commit()


def chain_state() -> tuple[list, list]:
    return (db.session.execute(select(EventSeal.position, EventSeal.seal)
                               .order_by(EventSeal.position)).all(),
            db.session.execute(select(SchoolChainHead.school_id, SchoolChainHead.seal)
                               .order_by(SchoolChainHead.school_id)).all())


def test_an_untouched_log_verifies_and_a_rewritten_event_is_found():
    places = make_schools(db.session, schools=3, municipalities=1)
    logged(places, 600)
    advance(SEALS, batch_size=250)
    school = places[0].school_id
    verdict = verify(school)
    ours = db.session.scalars(select(Event.position).where(Event.school_id == school)
                              .order_by(Event.position)).all()
    assert verdict.intact and verdict.sealed == len(ours) and verdict.unsealed == 0

    victim = ours[len(ours) // 2]
    db.session.execute(update(Event).where(Event.position == victim)
                       .values(payload={"teacher": "00000000-0000-0000-0000-000000000000",
                                        "young_specialist": False}))
    db.session.commit()
    assert verify(school).broken_at == victim
    assert verify(places[1].school_id).intact  # other schools' chains are their own


def test_events_after_the_last_seal_are_reported_as_unsealed():
    places = make_schools(db.session, schools=1, municipalities=1)
    logged(places, 10)
    advance(SEALS)
    logged(places, 5, seed=2)
    verdict = verify(places[0].school_id)
    assert (verdict.sealed, verdict.unsealed, verdict.intact) == (10, 5, True)


def test_rebuilt_seals_equal_the_incremental_ones():
    places = make_schools(db.session, schools=5, municipalities=2)
    logged(places, 3000)
    for _ in range(3):
        advance(SEALS, batch_size=700)
    incremental = chain_state()
    rebuild(SEALS)
    assert chain_state() == incremental and len(incremental[0]) == 3000


def filenode() -> int:
    """The file of the seal table: TRUNCATE gives it a new one, DELETE keeps it."""
    with db.engine.connect() as connection:
        return connection.scalar(text("SELECT pg_relation_filenode('event_seals')"))


def test_rebuild_truncates_unless_a_reader_holds_the_table():
    places = make_schools(db.session, schools=2, municipalities=1)
    logged(places, 50)
    advance(SEALS)
    incremental = chain_state()
    db.session.commit()  # the test's own reads end here
    before = filenode()
    assert rebuild(SEALS) == 50
    assert filenode() != before and chain_state() == incremental
    db.session.commit()

    with db.engine.connect() as reader:  # a transaction left open on the seals
        reader.execute(text("SELECT count(*) FROM event_seals"))
        before = filenode()
        assert rebuild(SEALS) == 50  # waits briefly, then deletes instead of hanging
        assert filenode() == before
    assert chain_state() == incremental


def test_verify_command_speaks_russian(app):
    places = make_schools(db.session, schools=1, municipalities=1)
    logged(places, 4)
    advance(SEALS)
    slug = db.session.execute(text("SELECT slug FROM schools")).scalar()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["events", "verify", slug])
    assert result.exit_code == 0 and "журнал не изменялся" in result.output
    assert "Проверено событий: 4" in result.output
    db.session.execute(text("UPDATE events SET type = 'teacher.removed' "
                            "WHERE position = (SELECT min(position) FROM events)"))
    db.session.commit()
    result = runner.invoke(args=["events", "verify", slug])
    assert result.exit_code == 1 and "изменено после того, как было запечатано" in result.output
    assert runner.invoke(args=["events", "verify", "no-such-school"]).exit_code == 2


# Seals computed by the first, row-by-row implementation: any faster one must give the
# same bytes, or every chain sealed before it would stop verifying.
PINNED_EVENTS = [
    ("6f1c7a52-3c5e-4f0e-9a43-1f4e2b9d8c01", 0, "2025-09-01T08:00:00.000001+00:00",
     {"b": "Школа № 5 «Берёзка»", "a": [1, 2.5, True, None], "Ab": {"z": 1, "y": "x\"y"},
      "é": "\u2028", "ключ": -0.1}),
    ("6f1c7a52-3c5e-4f0e-9a43-1f4e2b9d8c02", 1, "2026-03-08T21:30:15+03:00",
     {"teacher": "00000000-0000-0000-0000-000000000001", "young_specialist": False}),
    ("6f1c7a52-3c5e-4f0e-9a43-1f4e2b9d8c03", 0, "2026-12-31T23:59:59.999999+00:00",
     {"nested": [{"k": [], "j": {}}], "big": 12345678901234567890, "tiny": 1e-07}),
]
PINNED_SEALS = ["dba35faf4fc26f930bf6c05ef2e13dc321ec46801b4f9f34b436330686cfee03",
                "488e725ef61ebb1e63e7c2433c57e7adb557c99f6d8184a904f637e27ed24eff",
                "be7852fa06ebb84c4d49ef53b4de1262bae06a0e38a58949842f029514112821"]


def test_seal_values_are_pinned():
    places = make_schools(db.session, schools=2, municipalities=1)
    rows = [{"event_id": uuid.UUID(event_id), "school_id": places[n].school_id,
             "municipality_id": places[n].municipality_id, "region_id": places[n].region_id,
             "academic_year": 2025, "stream": "pinned", "type": "teacher.added", "version": 1,
             "payload": payload, "actor_id": None,
             "occurred_at": dt.datetime.fromisoformat(occurred)}
            for event_id, n, occurred, payload in PINNED_EVENTS]
    with Session(db.engine) as session:
        append_batch(session, rows)
        session.commit()
    advance(SEALS)
    # school_id enters the seal: the generated schools are the first two of a clean database
    assert [p.school_id for p in places] == [1, 2]
    assert [s for _, s in chain_state()[0]] == PINNED_SEALS
