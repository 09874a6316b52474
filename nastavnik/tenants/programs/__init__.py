"""Personalized mentoring programs (roadmap 5.2): one per pair or group, worked in by the
mentor and the mentee, overseen and approved by the curator, printed as a document."""

from flask import Flask

from nastavnik.platform.events import event_recorded
from nastavnik.tenants.programs import (
    events,  # noqa: F401 - registers the event types
)


def init_app(app: Flask) -> None:
    from nastavnik.tenants.programs.services import on_event_recorded

    # A formed pair gets its draft program in the same transaction, however it was formed.
    event_recorded.connect(on_event_recorded)
