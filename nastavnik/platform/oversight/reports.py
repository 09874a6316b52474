"""Reports a place orders: the municipal and regional reports, the school's monitoring card.

A ``Report`` row is the order and its life: queued → running (with a progress in per
cent) → done (the file) or failed (a Russian reason, and a retry). The file is built by an
RQ job on the ``reports`` queue (``nastavnik/workers/reports``), never in a web request;
the job is enqueued only after the ordering request has committed (``reports_committed``),
so a worker never looks for a row that is not there yet.

The file lives in the row (``bytea``, loaded only when downloaded): it commits with its
«done» in one transaction, it is backed up with the database, and the web and the worker
need no shared disk. Reports are a few megabytes at most.

Ordering twice is one effect: the place's row is locked while the order checks for the
same report (place, kind, format, year, date) already queued or running, and a unique
partial index makes a second active one impossible whatever the code does.
"""

from __future__ import annotations

import datetime as dt
import enum

from blinker import signal
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    event,
    select,
    text,
)
from sqlalchemy.orm import (
    Mapped,
    Session,
    deferred,
    mapped_column,
    relationship,
    selectinload,
)

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.aggregates import Position
from nastavnik.platform.locks import locked
from nastavnik.platform.models import Municipality, Region, School, User
from nastavnik.platform.oversight.figures import Place, log_position


class Kind(enum.StrEnum):
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    SCHOOL_CARD = "school_card"


class Format(enum.StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"


class Status(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


KIND_LABEL = {Kind.MUNICIPAL: "Муниципальный отчёт", Kind.REGIONAL: "Региональный отчёт",
              Kind.SCHOOL_CARD: "Карта мониторинга школы"}
FORMAT_LABEL = {Format.PDF: "PDF", Format.XLSX: "XLSX (Excel)"}
STATUS_LABEL = {Status.QUEUED: "в очереди", Status.RUNNING: "строится",
                Status.DONE: "готов", Status.FAILED: "ошибка"}
KIND_OF_PLACE = {Region: Kind.REGIONAL, Municipality: Kind.MUNICIPAL, School: Kind.SCHOOL_CARD}
PLACE_OF_KIND = {kind: model for model, kind in KIND_OF_PLACE.items()}
ACTIVE = (Status.QUEUED.value, Status.RUNNING.value)
# A queued or running report not touched this long has lost its worker (killed, Redis
# restarted empty): the user may start it again.
STALE_AFTER = dt.timedelta(minutes=15)


class Report(db.Model):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(8))
    place_id: Mapped[int]  # the region, municipality or school, by ``kind``
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    academic_year: Mapped[int]
    as_of: Mapped[dt.date] = mapped_column(Date)  # «по состоянию на»
    position: Mapped[int] = mapped_column(Position)  # the log position it is built from
    status: Mapped[str] = mapped_column(String(16), default=Status.QUEUED.value)
    progress: Mapped[int] = mapped_column(default=0)
    failure: Mapped[str | None] = mapped_column(Text)  # Russian, shown to the user
    attempts: Mapped[int] = mapped_column(default=1)
    ordered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    ordered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    touched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    # Where the site is reached: the card links each document by its absolute address.
    base_url: Mapped[str] = mapped_column(String(255), default="")
    filename: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None]
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    ordered_by: Mapped[User | None] = relationship()

    __table_args__ = (
        # The same report may not be queued or running twice (the double submit's last word).
        Index("uq_reports_active", "kind", "format", "place_id", "academic_year", "as_of",
              unique=True, postgresql_where=text(f"status IN {ACTIVE}"),
              sqlite_where=text(f"status IN {ACTIVE}")),
        Index("ix_reports_place", "kind", "place_id", "ordered_at"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        CheckConstraint("kind IN ('municipal', 'regional', 'school_card')", name="kind"),
        CheckConstraint("format IN ('pdf', 'xlsx')", name="format"),
    )

    @property
    def kind_label(self) -> str:
        return KIND_LABEL[Kind(self.kind)]

    @property
    def format_label(self) -> str:
        return FORMAT_LABEL[Format(self.format)]

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[Status(self.status)]

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def stale(self) -> bool:
        touched = self.touched_at if self.touched_at.tzinfo else \
            self.touched_at.replace(tzinfo=dt.UTC)
        return self.active and clock.now() - touched > STALE_AFTER

    @property
    def retryable(self) -> bool:
        return self.status == Status.FAILED or self.stale

    def place(self) -> Place:
        return db.session.get(PLACE_OF_KIND[Kind(self.kind)], self.place_id)


# Sent after a commit with ``reports=[(id, attempt)]``: the workers enqueue their jobs then.
reports_committed = signal("reports-committed")
_PENDING = "reports_to_enqueue"


def _announce(session: Session) -> None:
    ids = session.info.pop(_PENDING, None)
    if ids:
        reports_committed.send(session, reports=ids)


def _forget(session: Session, _transaction=None) -> None:
    session.info.pop(_PENDING, None)


def install() -> None:
    for name, listener in (("after_commit", _announce), ("after_soft_rollback", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def enqueue_after_commit(report: Report) -> None:
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append((report.id, report.attempts))


def active_twin(place: Place, kind: Kind, fmt: Format, year: int,
                as_of: dt.date) -> Report | None:
    return db.session.scalar(select(Report).where(
        Report.kind == kind.value, Report.format == fmt.value, Report.place_id == place.id,
        Report.academic_year == year, Report.as_of == as_of, Report.status.in_(ACTIVE)))


def order_report(place: Place, fmt: Format, year: int, as_of: dt.date, user: User | None,
                 base_url: str = "") -> tuple[Report, bool]:
    """The report ordered (and True), or the same one already queued or running (False)."""
    kind = KIND_OF_PLACE[type(place)]
    place = locked(place)  # a second click waits here, then finds the first one's order
    twin = active_twin(place, kind, fmt, year, as_of)
    if twin is not None:
        return twin, False
    region_id = place.id if isinstance(place, Region) else place.region_id
    report = Report(kind=kind.value, format=fmt.value, place_id=place.id, region_id=region_id,
                    academic_year=year, as_of=as_of, position=log_position(),
                    ordered_by=user, ordered_at=clock.now(), touched_at=clock.now(),
                    base_url=base_url.rstrip("/"))
    db.session.add(report)
    enqueue_after_commit(report)
    return report, True


def retry_report(report: Report) -> Report:
    """Queue a failed (or abandoned) report again, at its own position: same numbers."""
    report = locked(report)
    if not report.retryable:
        return report
    twin = active_twin(report.place(), Kind(report.kind), Format(report.format),
                       report.academic_year, report.as_of)
    if twin is not None and twin.id != report.id:
        return twin
    report.status, report.progress, report.failure = Status.QUEUED.value, 0, None
    report.started_at = report.finished_at = None
    report.attempts += 1
    report.touched_at = clock.now()
    enqueue_after_commit(report)
    return report


def reports_of(place: Place, limit: int = 50) -> list[Report]:
    return list(db.session.scalars(
        select(Report).options(selectinload(Report.ordered_by))
        .where(Report.kind == KIND_OF_PLACE[type(place)].value, Report.place_id == place.id)
        .order_by(Report.ordered_at.desc(), Report.id.desc()).limit(limit)))


def report_of(place: Place, report_id: int) -> Report | None:
    """``place``'s report ``report_id``; another place's report is not found."""
    return db.session.scalar(select(Report).where(
        Report.id == report_id, Report.kind == KIND_OF_PLACE[type(place)].value,
        Report.place_id == place.id))
