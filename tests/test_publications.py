"""The school's news (roadmap 7.1): drafts and publishing, the picture checked by its
bytes, links to where the news was also posted, events without words, 7.1 completing."""

import datetime as dt

import pytest
from bank_helpers import events_of
from conftest import csrf_token
from publication_helpers import approved, news, png_bytes
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.publications.models import Publication
from nastavnik.tenants.publications.services import publish, save_news, withdraw
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.services import ensure_school_roadmap, update_activity

pytestmark = pytest.mark.usefixtures("autumn_2026")


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@pytest.fixture
def curator(make_user, school):
    return make_user(Role.CURATOR, school)


def post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/s/sch-1/publications/"),
                                   **data})


def activity_71(school) -> RoadmapActivity:
    return db.session.scalar(select(RoadmapActivity).where(
        RoadmapActivity.school_id == school.id, RoadmapActivity.code == "7.1"))


def test_the_curator_writes_a_draft_and_publishes_it(school, curator, logged_in):
    client = logged_in(curator)
    assert client.get("/s/sch-1/publications/new").status_code == 200
    response = post(client, "/s/sch-1/publications/new", title="  День наставника  ",
                    dated="2026-11-20", text="Наставники школы провели открытые уроки.",
                    vk_url="https://vk.com/wall-1_2")
    assert response.status_code == 303
    item = db.session.scalar(select(Publication))
    assert (item.title, item.status, item.links()) == (
        "День наставника", "draft", [("ВКонтакте", "https://vk.com/wall-1_2")])
    assert events_of("publication.published") == []
    assert post(client, f"/s/sch-1/publications/{item.id}/publish").status_code == 303
    assert post(client, f"/s/sch-1/publications/{item.id}/publish").status_code == 303
    db.session.expire_all()
    assert db.session.get(Publication, item.id).published
    assert [e.payload for e in events_of("publication.published")] == [
        {"publication": item.id, "dated": "2026-11-20", "image": False, "links": 1}]
    page = client.get("/s/sch-1/publications/").get_data(as_text=True)
    assert "День наставника" in page and "Опубликована" in page


def test_a_double_submitted_news_is_saved_once(school, curator, logged_in):
    client = logged_in(curator)
    data = {"title": "Новость", "dated": "2026-11-20", "text": "Текст."}
    assert post(client, "/s/sch-1/publications/new", **data).status_code == 303
    second = post(client, "/s/sch-1/publications/new", **data)
    assert second.status_code == 400
    assert "уже есть" in second.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Publication)) == 1


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.org/x",
                                  "vk.com/wall", "https://exa mple.org"])
def test_a_link_elsewhere_is_http_or_https_only(school, curator, logged_in, link):
    client = logged_in(curator)
    response = post(client, "/s/sch-1/publications/new", title="Новость", dated="2026-11-20",
                    text="Текст.", telegram_url=link)
    assert response.status_code == 400
    assert "http://" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Publication)) == 0


def test_the_picture_is_checked_by_its_bytes(school):
    item = save_news(school, None, None, title="С картинкой", text="Текст.",
                     dated=dt.date(2026, 11, 20), links={}, image=png_bytes(),
                     image_type="image/png")
    assert item.image_type == "image/png"
    for data, declared in [(b"MZ\x90\x00 not a picture", "image/png"),
                           (png_bytes()[:40], "image/png"),
                           (b"%PDF-1.4 whatever", "application/pdf")]:
        with pytest.raises(Rejected) as refusal:
            save_news(school, None, None, title="Другая", text="Текст.",
                      dated=dt.date(2026, 11, 21), links={}, image=data, image_type=declared)
        assert list(refusal.value.messages) == ["image"]


def test_an_empty_title_or_text_is_refused_in_russian(school):
    with pytest.raises(Rejected) as refusal:
        save_news(school, None, None, title="  ", text="", dated=dt.date(2026, 11, 20),
                  links={})
    assert refusal.value.messages == {"title": ["Укажите заголовок новости."]}


def test_withdrawing_makes_it_a_draft_again_and_says_so(school):
    item = news(school)
    withdraw(school, item)
    db.session.commit()
    assert not item.published
    assert [e.payload for e in events_of("publication.withdrawn")] == [{"publication": item.id}]


def test_the_event_carries_no_words_of_the_news(school):
    news(school, "Секретный заголовок", text="Секретный текст")
    payload = str(events_of("publication.published")[0].payload)
    assert "Секретный" not in payload


def test_a_published_news_item_completes_roadmap_7_1(school):
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    item = news(school, published=False)
    assert activity_71(school).status == "planned"
    publish(school, item)
    db.session.commit()
    done = activity_71(school)
    assert (done.status, done.completed_automatically) == ("done", True)


def test_7_1_is_no_longer_ticked_by_hand(school):
    ensure_school_roadmap(school, 2026)
    with pytest.raises(Rejected):
        update_activity(school, activity_71(school),
                        {"status": "done", "evidence_note": "Новость на сайте."})


def test_a_mentor_does_not_reach_the_news_pages(school, make_user, logged_in):
    client = logged_in(make_user(Role.MENTOR, school))
    assert client.get("/s/sch-1/publications/").status_code in (403, 404)


def test_the_curator_opens_and_hides_an_approved_document(school, curator, make_user,
                                                          logged_in):
    director = make_user(Role.DIRECTOR, school, email="director@example.org")
    approved(school, director, DocumentKind.REGULATION)
    approved(school, director, DocumentKind.PAIR_ORDER)
    client = logged_in(curator)
    page = client.get("/s/sch-1/publications/").get_data(as_text=True)
    assert "Положение о системе наставничества, 2026/2027" in page
    assert "Приказ о закреплении" not in page  # names people: never offered
    assert post(client, "/s/sch-1/publications/documents/regulation/2026/show").status_code == 303
    assert post(client, "/s/sch-1/publications/documents/regulation/2026/show").status_code == 303
    assert 'href="/p/sch-1/documents/regulation/2026.pdf"' in client.get(
        "/s/sch-1/publications/").get_data(as_text=True)
    refused = post(client, "/s/sch-1/publications/documents/pair_order/2026/show")
    assert "персональные данные" in client.get(refused.location).get_data(as_text=True)
    assert post(client, "/s/sch-1/publications/documents/regulation/2026/hide").status_code == 303
    assert [e.type for e in events_of("publication.document_shown")
            + events_of("publication.document_hidden")] == [
        "publication.document_shown", "publication.document_hidden"]
