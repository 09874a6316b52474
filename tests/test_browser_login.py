"""A person logs in through a real browser and lands on their school."""

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from nastavnik.extensions import db
from nastavnik.platform.roles import Role
from nastavnik.tenants.roadmap.services import open_current_roadmaps

pytestmark = pytest.mark.browser


def test_curator_logs_in_and_opens_the_school(page, live_server, make_school, make_user,
                                              csp_violations):
    school = make_school("sch", name="МБОУ «Школа № 5»")
    make_user(Role.CURATOR, school, email="kurator@example.org")
    open_current_roadmaps()  # what the daily job does for every school
    db.session.commit()
    page.goto(f"{live_server}/login")
    page.get_by_label("Электронная почта").fill("kurator@example.org")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    # One place: login lands on the school's page, not on a list of roles.
    expect(page.get_by_role("heading", name="МБОУ «Школа № 5»")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Этап 1: выполнено 0 из 5")).to_be_visible()
    assert csp_violations == []


def test_the_policy_blocks_an_injected_inline_script(page, live_server, csp_violations):
    """The check above can fail: an inline script slipped into a page is refused and seen."""
    page.goto(f"{live_server}/login")
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.appendChild(script);
    }""")
    expect(page.get_by_role("button", name="Войти")).to_be_visible()
    assert page.evaluate("() => window.injected") is None
    page.wait_for_timeout(200)  # console messages arrive asynchronously
    assert any("script-src" in violation for violation in csp_violations), csp_violations
