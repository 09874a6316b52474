"""The report job on the ``reports`` queue: queued → running (progress) → done | failed.

Each state change commits at once, so the status page the user watches (another
process) sees it. A failure is recorded with a Russian reason and logged with its
traceback; the user retries from the page. The job is enqueued only after the ordering
request committed (``reports_committed``), and runs only a report still queued, so a job
enqueued twice (a retry racing a slow worker) builds the file once.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from flask import url_for
from redis.exceptions import RedisError
from rq.exceptions import DuplicateJobError
from rq.timeouts import JobTimeoutException
from sqlalchemy import update

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.oversight.figures import Snapshot
from nastavnik.platform.oversight.reports import Format, Kind, Report, Status
from nastavnik.platform.spreadsheets import XLSX_MIMETYPE
from nastavnik.workers.jobs import FAILURE_TTL, app_context
from nastavnik.workers.queues import REPORTS, get_queue
from nastavnik.workers.reports import content, pdf, xlsx

logger = logging.getLogger(__name__)
PDF_MIMETYPE = "application/pdf"
TIMEOUT = 30 * 60  # a region of 4,000 schools builds in seconds; a stuck build ends here


class ReportFailed(Exception):
    """A failure the user can understand: its message is Russian and shown as is."""


def job_id(report_id: int, attempt: int) -> str:
    # One id per attempt: a job RQ keeps as failed (killed, timed out) for a week must not
    # turn the user's retry into a duplicate that is silently dropped.
    return f"report-{report_id}-{attempt}"


def enqueue(reports: list[tuple[int, int]]) -> None:
    """Put each report's job (id, attempt) on the queue; Redis being away leaves them
    queued, and the page offers to start them again once they are stale."""
    try:
        queue = get_queue(REPORTS)
        for report_id, attempt in reports:
            # A duplicate is already waiting: it will build this report.
            with suppress(DuplicateJobError):
                queue.enqueue(build_report, report_id, job_id=job_id(report_id, attempt),
                              unique=True, result_ttl=0, failure_ttl=FAILURE_TTL,
                              job_timeout=TIMEOUT)
    except RedisError as error:
        logger.warning("Redis unavailable, reports %s not enqueued: %s", reports, error)


def on_commit(_sender=None, reports: list[tuple[int, int]] | None = None, **_extra) -> None:
    """``reports_committed`` receiver."""
    enqueue(reports or [])


def _set(report_id: int, **values) -> None:
    """Write the report's state in its own transaction: the status page sees it at once."""
    db.session.execute(update(Report).where(Report.id == report_id)
                       .values(touched_at=clock.now(), **values))
    db.session.commit()


def progress_of(report_id: int):
    """Record the progress when it moves (not once per municipality at the same per cent)."""
    shown = [0]

    def progress(pct: int) -> None:
        if pct > shown[0]:
            shown[0] = pct
            _set(report_id, progress=pct)
    return progress


def build_report(report_id: int) -> str:
    """Job: build report ``report_id`` and store its file, or record why it failed."""
    with app_context():
        claimed = db.session.execute(
            update(Report).where(Report.id == report_id, Report.status == Status.QUEUED.value)
            .values(status=Status.RUNNING.value, progress=0, started_at=clock.now(),
                    touched_at=clock.now()))
        db.session.commit()
        if not claimed.rowcount:
            return "not queued"  # done, failed or taken by another job meanwhile
        try:
            data, filename, mimetype = build(db.session.get(Report, report_id),
                                             progress_of(report_id))
        except Exception as error:  # every failure is the user's to see, with a reason
            db.session.rollback()
            logger.exception("report %s failed", report_id)
            reason = failure_reason(error)
            _set(report_id, status=Status.FAILED.value, failure=reason, finished_at=clock.now())
            return "failed"
        _set(report_id, status=Status.DONE.value, progress=100, content=data, size=len(data),
             filename=filename, content_type=mimetype, finished_at=clock.now())
        return "done"


def failure_reason(error: Exception) -> str:
    """What the user reads on the report's page (Russian; no traceback, no internals)."""
    if isinstance(error, ReportFailed):
        return str(error)
    if isinstance(error, JobTimeoutException):
        return (f"Отчёт строился дольше {TIMEOUT // 60} минут и был остановлен. Попробуйте "
                "ещё раз позже; если повторится, сообщите администратору.")
    return (f"Внутренняя ошибка при построении отчёта ({type(error).__name__}). "
            "Попробуйте ещё раз; если ошибка повторится, сообщите администратору.")


def snapshot_of(report: Report) -> Snapshot:
    return Snapshot(report.academic_year, report.as_of, report.position)


def document_link(report: Report, school: School):
    """The absolute address of a document's page in the school (for the card)."""
    from flask import current_app

    def link(document_id: int) -> str:
        with current_app.test_request_context(base_url=report.base_url or "http://localhost"):
            return url_for("documents.show", school_slug=school.slug, document_id=document_id,
                           _external=True)
    return link


def build(report: Report, progress) -> tuple[bytes, str, str]:
    """The file, its download name and its content type."""
    place = report.place()
    if place is None:
        raise ReportFailed("Организация, для которой заказан отчёт, удалена.")
    built_at = clock.now()
    shot = snapshot_of(report)
    if report.kind == Kind.SCHOOL_CARD:
        made = content.school_card(place, shot, built_at, document_link(report, place),
                                   progress)
    else:
        made = content.place_report(place, shot, built_at, progress)
    progress(95)
    if report.format == Format.PDF:
        return pdf.render(made), filename(report, place.slug, "pdf"), PDF_MIMETYPE
    return xlsx.render(made), filename(report, place.slug, "xlsx"), XLSX_MIMETYPE


def filename(report: Report, slug: str, extension: str) -> str:
    """ASCII, with the place's slug: a regional operator downloads many of them."""
    stem = {Kind.MUNICIPAL: "municipalnyi-otchet", Kind.REGIONAL: "regionalnyi-otchet",
            Kind.SCHOOL_CARD: "karta-monitoringa"}[Kind(report.kind)]
    return f"{stem}-{slug}-{report.academic_year}-{report.as_of.isoformat()}-{report.id}" \
        f".{extension}"
