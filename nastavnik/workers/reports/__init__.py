"""Report jobs on the ``reports`` queue and the builders of their PDF and XLSX files."""

from flask import Flask


def init_app(_app: Flask) -> None:
    """Enqueue a report's job once the request that ordered it has committed."""
    from nastavnik.platform.oversight.reports import install, reports_committed
    from nastavnik.workers.reports.jobs import on_commit

    install()
    reports_committed.connect(on_commit)
