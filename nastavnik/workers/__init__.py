"""Background work on RQ: queues, jobs, schedules, and the projections of the event log."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Add the command-line groups and nudge projections after every commit with events."""
    from nastavnik.platform.events import cli as events_cli
    from nastavnik.platform.events import events_committed
    from nastavnik.workers import cli, jobs, reports

    app.cli.add_command(cli.group)
    app.cli.add_command(cli.workers)
    app.cli.add_command(events_cli.group)
    events_committed.connect(jobs.nudge)
    reports.init_app(app)
