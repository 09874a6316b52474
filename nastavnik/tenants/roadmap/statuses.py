"""Statuses of a roadmap activity and their Russian wording: the one place for both."""

import enum


class Status(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def badge(self) -> str:
        """Bootstrap colour of the status badge."""
        return _BADGES[self]


_LABELS = {
    Status.PLANNED: "Запланировано",
    Status.IN_PROGRESS: "Выполняется",
    Status.DONE: "Выполнено",
    Status.NOT_APPLICABLE: "Не требуется",
}
_BADGES = {
    Status.PLANNED: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.DONE: "success",
    Status.NOT_APPLICABLE: "light",
}

# An activity in one of these needs nothing more: it is never overdue.
CLOSED = frozenset({Status.DONE, Status.NOT_APPLICABLE})
