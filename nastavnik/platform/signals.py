"""Signals the platform sends for capabilities to react to, without importing them."""

from blinker import signal

# Sent with ``school=`` after a school is added, inside the adding transaction.
school_created = signal("school-created")

# Sent with ``user=`` and ``school=`` after the administrator gives an account the mentor
# or mentee role in a school; a receiver returns True if it tied the account to a teacher.
programme_role_granted = signal("programme-role-granted")

# Sent with ``teacher=`` and ``school=`` before a teacher is marked as having left the
# school; a receiver raises ``Rejected`` for what must be settled first.
teacher_leaving = signal("teacher-leaving")
