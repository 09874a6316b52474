"""On a 375 px wide phone no page scrolls sideways as a whole.

Every role of the demo logs in and walks its pages (each link of the pages it reaches, one
page per kind of address: one activity's edit page stands for all of them). On each the
document is no wider than the screen: a wide table scrolls inside its own box.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from nastavnik.cli import demo

pytestmark = pytest.mark.browser

WIDTH = 375
DEMO_PASSWORD = "nastavnik-2026"
ACCOUNTS = ["kurator", "direktor", "nastavnik", "molodoy", "metodist", "region", "admin"]
# Files, not pages: PDFs, DOCX, XLSX, scans, uploaded files and printable forms.
FILES = re.compile(r"/(docx|pdf|scan|file)$|/files/\d+$|\.(xlsx|pdf|docx|csv)$|/form\.\w+$"
                   r"|/logout$")
MOST_PAGES = 60


def kind_of(path: str) -> str:
    """One page per kind of address: ``/s/x/roadmap/17/edit`` and ``/s/y/roadmap/18/edit``
    are one."""
    return re.sub(r"\d+", "N", re.sub(r"^/([smr])/[^/?]+", r"/\1/X", path))


def log_in(page: Page, base: str, who: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Электронная почта").fill(f"{who}@nastavnik.example")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.locator("form[action='/logout']")).to_be_attached(timeout=20_000)


def links_on(page: Page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == base and not FILES.search(parts.path) \
                and not parts.path.startswith(("/static/", "/bootstrap/")):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def too_wide_pages(page: Page, base: str) -> tuple[dict[str, int], int]:
    """Walk the pages reachable from the landing page; the width of each too wide."""
    start = urlsplit(page.url).path
    queue, seen, wide, visited = [start], {kind_of(start)}, {}, 0
    while queue and visited < MOST_PAGES:
        path = queue.pop(0)
        response = page.goto(base + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > WIDTH:
            wide[path] = width
        for link in links_on(page, base):
            if kind_of(link) not in seen:
                seen.add(kind_of(link))
                queue.append(link)
    return wide, visited


@pytest.fixture
def demo_region(app, autumn_2026):
    """The demo seen in late autumn, when every school's work is under way."""
    result = app.test_cli_runner().invoke(demo, ["seed"])
    assert result.exit_code == 0, result.output


def test_no_page_scrolls_sideways_on_a_phone(demo_region, browser: Browser, live_server):
    too_wide, reached = {}, {}
    for who in ACCOUNTS:  # one demo for all: seeding it takes a while
        context = browser.new_context(viewport={"width": WIDTH, "height": 812})
        page = context.new_page()
        try:
            log_in(page, live_server, who)
            wide, reached[who] = too_wide_pages(page, live_server)
        finally:
            context.close()
        too_wide.update({f"{who} {path}": width for path, width in wide.items()})
    assert min(reached.values()) >= 2, reached
    assert too_wide == {}, f"pages wider than {WIDTH} px: {too_wide}"

