"""Security headers on every response, and templates that a strict CSP does not break."""

import re
from pathlib import Path

import pytest
from conftest import csrf_token, make_test_app

from nastavnik.platform.headers import embeddable
from nastavnik.platform.pipeline import Standing, stands_in
from nastavnik.platform.roles import Role

ROOT = Path(__file__).resolve().parent.parent / "nastavnik"


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def assert_secured(response) -> None:
    csp = directives(response)
    assert csp["script-src"] == "'self'" and "unsafe" not in response.headers[
        "Content-Security-Policy"]
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'"
    assert csp["form-action"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", [
    "/", "/login", "/no/such/page", "/s/nowhere/teachers/", "/static/nastavnik.css",
    "/bootstrap/static/js/bootstrap.bundle.min.js", "/%00", "/login?next=%0a//evil.example",
])
def test_every_response_is_secured_pages_errors_and_files(client, path):
    assert_secured(client.get(path))


def test_signed_in_pages_and_a_refused_post_are_secured(make_school, make_user, logged_in):
    school = make_school("sch")
    client = logged_in(make_user(Role.CURATOR, school))
    for path in ("/", "/s/sch/", "/s/sch/roadmap/", "/s/sch/teachers/", "/s/sch/documents/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_secured(response)
    assert_secured(client.post("/s/sch/teachers/", data={"csrf_token": "forged"}))
    token = csrf_token(client, "/s/sch/teachers/")
    assert_secured(client.post("/s/sch/teachers/", data={"csrf_token": token}))


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_in_production(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "HSTS_SECONDS", 31536000)
    assert client.get("/login").headers["Strict-Transport-Security"] == \
        "max-age=31536000; includeSubDomains"


def test_a_view_may_set_a_stricter_referrer_policy_itself():
    app = make_test_app()

    @app.route("/private-link")
    @stands_in(Standing.PUBLIC)
    def private_link():
        return "", 200, {"Referrer-Policy": "no-referrer"}

    response = app.test_client().get("/private-link")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert directives(response)["frame-ancestors"] == "'none'"  # the rest is still added


def test_only_an_embeddable_view_may_be_framed():
    app = make_test_app()

    @app.route("/snippet")
    @stands_in(Standing.PUBLIC)
    @embeddable
    def snippet():
        return "виджет"

    @app.route("/not-a-snippet")
    @stands_in(Standing.PUBLIC)
    def not_a_snippet():
        return "страница"

    client = app.test_client()
    framed = client.get("/snippet")
    assert directives(framed)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in framed.headers
    assert directives(framed)["script-src"] == "'self'"  # everything else stays strict
    assert directives(client.get("/not-a-snippet"))["frame-ancestors"] == "'none'"
    # An unknown path next to the snippet is not embeddable.
    assert directives(client.get("/snippet/x"))["frame-ancestors"] == "'none'"


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|javascript:",
                    re.IGNORECASE)


def test_no_template_has_inline_script_handler_or_style():
    """What the CSP would block in a browser is caught here, in every template."""
    offenders = []
    for template in ROOT.rglob("templates/**/*.html"):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
    assert INLINE.search('<button onclick="x()">') and INLINE.search("<script>alert(1)")
    assert INLINE.search('<div style="width: 5%">') and not INLINE.search(
        '<script src="/static/x.js"></script>')
