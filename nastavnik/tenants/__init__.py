"""One school's work, a package per capability. Each registers itself here."""

from flask import Flask


def init_app(app: Flask) -> None:
    from nastavnik.tenants import documents, teachers

    teachers.init_app(app)
    documents.init_app(app)
