"""One log record, one line: a value a user typed cannot forge a line of its own.

Installed as the record factory, so it covers every logger (Flask's, werkzeug's,
gunicorn's, ours) and every handler, whoever configured them: a filter would only see
the records of the logger or handler it is attached to. The message is formatted once,
here, and every character a log reader takes for a line break is written as its escape;
tracebacks are added later by the formatter and keep their lines.
"""

from __future__ import annotations

import logging

# What str.splitlines() breaks on: the CR/LF of a forged line, and their lookalikes.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ESCAPES = str.maketrans({c: c.encode("unicode_escape").decode() for c in LINE_BREAKS})


def one_line(text: str) -> str:
    return text.translate(_ESCAPES)


def install() -> None:
    """Wrap the current record factory once per process (create_app runs in tests often)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "one_line", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return record  # a broken format string: logging's own error handling reports it
        record.msg, record.args = one_line(message), None
        return record

    factory.one_line = True
    logging.setLogRecordFactory(factory)
