"""The public «Наставничество» pages: open without a login, never a draft, never a name of
a person who did not consent, permanent document links, the Atom feed valid by RFC 4287,
the embeddable snippet the only framable page, Open Graph tags, hostile strings escaped."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from bank_helpers import consented, in_mentee_bank, in_mentor_bank, teacher
from lxml import etree
from publication_helpers import approved, made_public, news, png_bytes
from pypdf import PdfReader
from training_helpers import HOSTILE

from nastavnik.extensions import db
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.consents.services import withdraw_consent
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.services import approve_document, create_document, save_texts
from nastavnik.tenants.pairs.services import form_pair
from nastavnik.tenants.publications import sections
from nastavnik.tenants.publications.consent import publishable_name
from nastavnik.tenants.publications.public_documents import show_document
from nastavnik.tenants.publications.sections import PublicEntry, add_public_section
from nastavnik.tenants.publications.services import publish, save_news

pytestmark = pytest.mark.usefixtures("autumn_2026")
ATOM = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def region(make_region):
    return make_region("reg")


@pytest.fixture
def municipality(make_municipality, region):
    return make_municipality("mun", region=region)


@pytest.fixture
def school(make_school, municipality):
    return make_school("sch-1", municipality=municipality)


@pytest.fixture
def director(make_user, school):
    return make_user(Role.DIRECTOR, school, email="director@example.org")


def public_urls(school, items) -> list[str]:
    return (["/p/sch-1/", "/p/sch-1/feed.atom", "/p/sch-1/embed", "/p/m/mun/",
             "/p/m/mun/feed.atom", "/p/r/reg/", "/p/r/reg/feed.atom"]
            + [f"/p/sch-1/news/{item.id}" for item in items])


def text_of(response) -> str:
    if response.mimetype == "application/pdf":
        return " ".join(page.extract_text() for page in PdfReader(
            io.BytesIO(response.data)).pages)
    return response.get_data(as_text=True)


def crawl(client, urls: list[str]) -> str:
    """Every public page, feed and document a visitor reaches, as text."""
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append(text_of(response))
        for link in re.findall(r'href="(/p/sch-1/documents/[^"]+)"', seen[-1]):
            seen.append(text_of(client.get(link)))
    return "\n".join(seen)


# No login, never a draft, never a name without consent ---------------------------------

def test_the_public_pages_open_without_a_login(client, school):
    for url in public_urls(school, []):
        assert client.get(url).status_code == 200, url
    assert client.get("/p/no-such-school/").status_code == 404
    assert client.get("/p/m/no-such/").status_code == 404


def test_a_draft_news_item_or_document_is_never_shown(client, school, director):
    shown = news(school, "Открытая новость")
    hidden = news(school, "Черновик новости", published=False)
    approved(school, director, DocumentKind.ROADMAP)
    page = crawl(client, public_urls(school, [shown]))
    assert "Открытая новость" in page and "Черновик новости" not in page
    assert client.get(f"/p/sch-1/news/{hidden.id}").status_code == 404
    assert client.get(f"/p/sch-1/news/{hidden.id}/image").status_code == 404
    # approved but not made public: no link, and the permanent address answers 404
    assert "/documents/roadmap/" not in page
    assert client.get("/p/sch-1/documents/roadmap/2026.pdf").status_code == 404


def test_only_an_approved_document_of_a_public_kind_may_be_shown(school, director):
    create_document(school, DocumentKind.REGULATION, 2026, "", dt.date(2026, 9, 3))
    with pytest.raises(Rejected, match="только утверждённый"):
        show_document(school, "regulation", 2026)
    approved(school, director, DocumentKind.PAIR_ORDER)
    with pytest.raises(Rejected, match="персональные данные"):
        show_document(school, "pair_order", 2026)


def test_no_seeded_name_appears_on_any_public_page_without_consent(client, school, director):
    mentor = in_mentor_bank(school, "Загадкина")
    mentee = in_mentee_bank(school, "Потайнова")
    form_pair(school, mentor, [mentee], "traditional", dt.date(2026, 10, 1), dt.date(2027, 5, 31))
    staff = teacher(school, "Скрытникова")
    db.session.commit()
    for kind in (DocumentKind.REGULATION, DocumentKind.ROADMAP, DocumentKind.PROGRAM_TEMPLATE):
        made_public(school, director, kind)
    items = [news(school, "Наставники провели открытые уроки")]
    page = crawl(client, public_urls(school, items))
    assert "Наставников в банке: 1" in page and "Наставнических пар и групп: 1" in page
    for person in (mentor, mentee, staff):
        for word in (person.last_name, person.full_name):
            assert word not in page, f"{word} on a public page"


def test_a_name_is_publishable_only_with_the_consent_in_force(school):
    person = teacher(school, "Открытова")
    assert publishable_name(person) is None
    consented(person, "publication")
    assert publishable_name(person) == "Открытова Анна Игоревна"
    withdraw_consent(person, "publication")
    db.session.commit()
    assert publishable_name(person) is None


def test_the_municipality_and_region_pages_sum_their_schools(client, school, make_school,
                                                             municipality, director):
    other = make_school("sch-2", municipality=municipality)
    in_mentor_bank(school, "Первая")
    in_mentor_bank(other, "Вторая")
    made_public(school, director)
    news(other, "Новость второй школы")
    for url in ("/p/m/mun/", "/p/r/reg/"):
        page = client.get(url).get_data(as_text=True)
        assert "Наставников в банке: 2" in page
        assert "Школ: 2, с открытым разделом: 1" in page
        assert 'href="/p/sch-1/"' in page and 'href="/p/sch-2/"' not in page
        assert "Новость второй школы" in page


# Permanent document links ------------------------------------------------------------

def test_the_permanent_link_serves_the_current_approved_edition(client, school, director):
    first = made_public(school, director, DocumentKind.REGULATION)
    link = "/p/sch-1/documents/regulation/2026.pdf"
    assert f'href="{link}"' in client.get("/p/sch-1/").get_data(as_text=True)
    before = client.get(link)
    assert before.status_code == 200 and before.mimetype == "application/pdf"
    assert "Редакция вторая" not in text_of(before)
    [second] = save_texts(school, DocumentKind.REGULATION, "Положение. Редакция вторая", {})
    db.session.commit()
    assert "Редакция вторая" not in text_of(client.get(link))  # the new edition is a draft
    approve_document(second, director)
    db.session.commit()
    after = client.get(link)
    assert after.status_code == 200 and "Редакция вторая" in text_of(after)
    assert (first.version, second.version) == (1, 2)


# The Atom feed -----------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/p/sch-1/feed.atom", "/p/m/mun/feed.atom", "/p/r/reg/feed.atom"])
def test_the_feed_is_valid_atom_with_rfc3339_dates(client, school, url):
    news(school, "Первая новость", dated=dt.date(2026, 11, 1))
    news(school, HOSTILE, dated=dt.date(2026, 11, 2))
    response = client.get(url)
    assert response.mimetype == "application/atom+xml"
    feed = etree.fromstring(response.data)
    assert ATOM.validate(feed), ATOM.error_log
    dates = [e.text for e in feed.iter(f"{A}updated", f"{A}published")]
    assert dates and all(RFC3339.match(d) for d in dates), dates
    titles = [e.text for e in feed.iter(f"{A}title")]
    assert "Первая новость" in titles and HOSTILE in titles  # XML-escaped, read back whole


def test_an_empty_feed_is_valid_too(client, school):
    assert ATOM.validate(etree.fromstring(client.get("/p/sch-1/feed.atom").data))


# Frames, Open Graph, hostile strings -------------------------------------------------

def test_only_the_embed_page_may_be_framed(client, school):
    news(school)
    embed = client.get("/p/sch-1/embed")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    for url in ("/p/sch-1/", "/p/m/mun/", "/p/sch-1/feed.atom"):
        headers = client.get(url).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"


def test_public_pages_carry_open_graph_tags(client, school):
    item = save_news(school, None, None, title="С картинкой", text="Текст новости.",
                     dated=dt.date(2026, 11, 20), links={}, image=png_bytes(),
                     image_type="image/png")
    publish(school, item)
    db.session.commit()
    for url in ("/p/sch-1/", "/p/m/mun/", "/p/r/reg/", f"/p/sch-1/news/{item.id}"):
        page = client.get(url).get_data(as_text=True)
        for tag in ("og:title", "og:description", "og:image", "og:url"):
            assert re.search(rf'<meta property="{tag}" content="[^"]+">', page), (url, tag)
    page = client.get(f"/p/sch-1/news/{item.id}").get_data(as_text=True)
    assert f'content="http://localhost/p/sch-1/news/{item.id}/image"' in page
    image = client.get(f"/p/sch-1/news/{item.id}/image")
    assert image.status_code == 200 and image.mimetype == "image/png"


def test_hostile_strings_are_escaped_everywhere(client, school):
    item = news(school, HOSTILE, text=HOSTILE, site_url="https://school.ru/?a=<b>&c=\"x\"")
    for url in public_urls(school, [item]):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body and "<b>жирный</b>" not in body, url


# The hook for other capabilities -----------------------------------------------------

def test_a_public_section_of_another_capability_shows_and_feeds(client, school, monkeypatch):
    monkeypatch.setattr(sections, "_sections", [])
    entry = PublicEntry("Лучшая практика года", "Аннотация практики",
                        "http://localhost/p/sch-1/", dt.datetime(2026, 11, 5, tzinfo=dt.UTC))
    add_public_section("Лучшие практики", lambda place: [entry])
    assert "Лучшая практика года" in client.get("/p/sch-1/").get_data(as_text=True)
    feed = etree.fromstring(client.get("/p/sch-1/feed.atom").data)
    assert ATOM.validate(feed), ATOM.error_log
    assert "Лучшая практика года" in [e.text for e in feed.iter(f"{A}title")]


def test_a_practice_marked_best_appears_on_the_public_page_and_in_its_feed(client, school,
                                                                            director):
    from nastavnik.tenants.practices.models import CATEGORIES, PracticeStatus
    from nastavnik.tenants.practices.services import move, submit

    category = next(iter(CATEGORIES))
    best = submit(school, title="Наставник рядом: сопровождение на уроке",
                  annotation="Как молодой учитель учится на уроках наставника.",
                  category=category, roles={Role.CURATOR}, by=None)
    submit(school, title="Черновая идея", annotation="Только подана.", category=category,
           roles={Role.CURATOR}, by=None)
    move(best, PracticeStatus.SCHOOL_BEST, roles={Role.DIRECTOR}, by=director)
    db.session.commit()
    page = client.get("/p/sch-1/").get_data(as_text=True)
    feed = client.get("/p/sch-1/feed.atom").get_data(as_text=True)
    for shown in (page, feed):
        assert "Наставник рядом: сопровождение на уроке" in shown
        assert "Черновая идея" not in shown
