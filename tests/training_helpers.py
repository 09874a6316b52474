"""Builders shared by the training tests: files of each kind, a school in a municipality
and a region, and the people who work on its training page."""

from __future__ import annotations

import io

from docx import Document

from nastavnik.extensions import db
from nastavnik.platform.models import User
from nastavnik.platform.pdf import build_pdf, paragraph
from nastavnik.tenants.training.services import add_material, plan_session

HOSTILE = '<script>alert(1)</script> «Материал» & <b>жирный</b> <font name="x">'


def pdf_bytes(text: str = "Памятка наставника") -> bytes:
    return build_pdf([paragraph(text, "Body")], title=text)


def docx_bytes(text: str = "Методические рекомендации") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def a_user() -> User:
    """The one who adds a material in a service test (any account will do)."""
    user = db.session.query(User).first()
    if user is None:
        user = User(email="author@example.org", full_name="Автор", password_hash="x")
        db.session.add(user)
        db.session.flush()
    return user


def a_link(place, title: str = "Методичка", topic: str = "methods"):
    material = add_material(place, a_user(), title=title, topic=topic,
                            url="https://example.org/metodichka")
    db.session.commit()
    return material


def a_file(place, title: str = "Памятка", data: bytes | None = None,
           filename: str = "pamyatka.pdf"):
    material = add_material(place, a_user(), title=title, topic="normative",
                            data=data or pdf_bytes(), filename=filename)
    db.session.commit()
    return material


def a_session(place, held_on, kind: str = "setup", topic: str = "Установочная сессия"):
    session = plan_session(place, a_user(), held_on=held_on, topic=topic, kind=kind,
                           format="in_person", organiser="куратор наставничества")
    db.session.commit()
    return session
