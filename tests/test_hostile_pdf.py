"""Names that are platypus markup print as typed in every PDF: no file, no link, no 500."""

from __future__ import annotations

import io
import subprocess

import pytest
from bank_helpers import teacher
from conftest import csrf_token
from pypdf import PdfReader

from nastavnik.platform.roles import Role
from nastavnik.tenants.documents.kinds import DocumentKind

HOSTILE_NAMES = [
    '<img src="/etc/passwd"/>',
    '<img src="/usr/share/pixmaps/debian-logo.png" width="300" height="300"/>',
    '<link href="http://evil.example">x</link>',
    '<a href="http://evil.example">жми</a>',
    "a < b & c",
    "</para>",
    "&nbsp;&#x41;&lt;",
]


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


def assert_inert(data: bytes) -> None:
    """No page carries a link annotation or an image taken from the markup."""
    for page in PdfReader(io.BytesIO(data)).pages:
        assert "/Annots" not in page, "a clickable link was added"
        assert list(page.images) == [], "an image was embedded"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_teacher_named_in_markup_gets_a_consent_form_with_the_name_as_typed(
        make_school, make_user, logged_in, tmp_path, name):
    school = make_school()
    person = teacher(school, name, "Анна", middle_name="")
    client = logged_in(make_user(Role.DIRECTOR, school))

    response = client.get(f"/s/{school.slug}/consents/{person.id}/mentee_bank/form.pdf")

    assert response.status_code == 200
    assert f"Я, {name} Анна," in pdf_text(response.data, tmp_path)
    assert_inert(response.data)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_curator_named_in_markup_gets_an_order_with_the_name_as_typed(
        autumn_2026, make_school, make_user, logged_in, tmp_path, name):
    # The order is dated in the 2026/2027 school year: today is set inside it, first.
    school = make_school("school-7")
    client = logged_in(make_user(Role.CURATOR, school, full_name=f"{name} Анна Сергеевна"))
    created = client.post("/s/school-7/documents/", data={
        "kind": DocumentKind.REGULATION_ORDER.value, "number": "45-од", "date": "2026-10-01",
        "academic_year": 2026, "csrf_token": csrf_token(client, "/s/school-7/documents/")})
    assert created.status_code == 303, created.get_data(as_text=True)

    response = client.get(created.headers["Location"].rstrip("/") + "/pdf")

    assert response.status_code == 200
    assert f"{name} Анна Сергеевна" in pdf_text(response.data, tmp_path)
    assert_inert(response.data)
