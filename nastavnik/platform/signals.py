"""Signals the platform sends for capabilities to react to, without importing them."""

from blinker import signal

# Sent with ``school=`` after a school is added, inside the adding transaction.
school_created = signal("school-created")
