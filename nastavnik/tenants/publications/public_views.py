"""The public «Наставничество» pages, open without a login (standing ``PUBLIC``):
``/p/<school>/``, ``/p/m/<municipality>/``, ``/p/r/<region>/``, their Atom feeds, a
school's permanent document links and the snippet other sites may frame (``/embed``).

A page enters its place's scope with no roles, so the tenant filter still confines every
query to that place. What is shown: published news, the documents the curator made public
(their current approved edition), counts, and the public sections of other capabilities.
Never a draft; never a person's name unless the consent «публикация» is in force.
"""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, render_template, send_file, url_for
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.headers import embeddable
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.pipeline import Standing, blueprint_stands_in
from nastavnik.platform.tenancy import enter_scope
from nastavnik.tenants.documents.pdf_file import render_pdf
from nastavnik.tenants.publications import public_documents
from nastavnik.tenants.publications.feeds import atom_feed
from nastavnik.tenants.publications.figures import figures, schools_of
from nastavnik.tenants.publications.models import Publication, PublicationStatus
from nastavnik.tenants.publications.sections import Place, PublicEntry, public_sections
from nastavnik.tenants.publications.views import send_image

bp = blueprint_stands_in(Blueprint("public", __name__, url_prefix="/p",
                                   template_folder="templates"), Standing.PUBLIC)
NEWS_ON_PAGE = 20
SUMMARY_LENGTH = 300


def _entered(model: type, slug: str):
    place = db.session.scalar(select(model).where(model.slug == slug)) or abort(404)
    enter_scope(place, roles=set())
    return place


def published_news(schools: list[School], limit: int = NEWS_ON_PAGE) -> list[Publication]:
    return list(db.session.scalars(
        select(Publication).where(Publication.school_id.in_([s.id for s in schools]),
                                  Publication.status == PublicationStatus.PUBLISHED)
        .order_by(Publication.dated.desc(), Publication.id.desc()).limit(limit)))


def summary(news: Publication) -> str:
    text = " ".join(news.text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH].rstrip() + "…"


def _news_url(news: Publication, schools: dict[int, School]) -> str:
    return url_for("public.news_item", school=schools[news.school_id].slug, news_id=news.id,
                   _external=True)


def _entries(place: Place, schools: list[School]) -> list[PublicEntry]:
    by_id = {school.id: school for school in schools}
    news = [PublicEntry(item.title, summary(item), _news_url(item, by_id),
                        item.published_at or item.updated_at)
            for item in published_news(schools)]
    return news + [entry for _title, entries in public_sections(place) for entry in entries]


def _page(place: Place, kind: str, feed_url: str):
    schools = schools_of(place)
    by_id = {school.id: school for school in schools}
    documents = public_documents.public_documents(place) if kind == "school" else []
    return render_template(
        "public/place.html", place=place, kind=kind, schools=by_id, documents=documents,
        news=published_news(schools), figures=figures(schools), summary=summary,
        sections=public_sections(place), feed_url=feed_url,
        public_schools=[] if kind == "school" else public_documents.with_public_section(
            schools))


def _feed(place: Place, page_url: str, feed_url: str) -> Response:
    body = atom_feed(title=f"Наставничество: {place.name}",
                     subtitle="Новости и документы системы наставничества",
                     page_url=page_url, feed_url=feed_url, author=place.name,
                     entries=_entries(place, schools_of(place)))
    return Response(body, mimetype="application/atom+xml")


# A school ---------------------------------------------------------------------------

@bp.get("/<school>/")
def school(school: str):
    place = _entered(School, school)
    return _page(place, "school", url_for("public.school_feed", school=school))


@bp.get("/<school>/feed.atom")
def school_feed(school: str):
    place = _entered(School, school)
    return _feed(place, url_for("public.school", school=school, _external=True),
                 url_for("public.school_feed", school=school, _external=True))


@bp.get("/<school>/embed")
@embeddable
def embed(school: str):
    place = _entered(School, school)
    return render_template("public/embed.html", place=place, news=published_news([place], 5),
                           summary=summary)


def _published(school: School, news_id: int) -> Publication:
    return db.session.scalar(select(Publication).where(
        Publication.school_id == school.id, Publication.id == news_id,
        Publication.status == PublicationStatus.PUBLISHED)) or abort(404)


@bp.get("/<school>/news/<int:news_id>")
def news_item(school: str, news_id: int):
    place = _entered(School, school)
    return render_template("public/news.html", place=place, news=_published(place, news_id),
                           summary=summary)


@bp.get("/<school>/news/<int:news_id>/image")
def news_image(school: str, news_id: int):
    return send_image(_published(_entered(School, school), news_id))


@bp.get("/<school>/documents/<kind>/<int:year>.pdf")
def document(school: str, kind: str, year: int):
    """The permanent link: the current approved edition of a document made public."""
    place = _entered(School, school)
    if (kind, year) not in public_documents.shown(place):
        abort(404)
    edition = public_documents.current_edition(place, kind, year) or abort(404)
    return send_file(io.BytesIO(render_pdf(edition)), mimetype="application/pdf",
                     download_name=f"{kind}-{year}.pdf", max_age=0)


# A municipality and a region --------------------------------------------------------

@bp.get("/m/<municipality>/")
def municipality(municipality: str):
    place = _entered(Municipality, municipality)
    return _page(place, "municipality",
                 url_for("public.municipality_feed", municipality=municipality))


@bp.get("/m/<municipality>/feed.atom")
def municipality_feed(municipality: str):
    place = _entered(Municipality, municipality)
    return _feed(place, url_for("public.municipality", municipality=municipality,
                                _external=True),
                 url_for("public.municipality_feed", municipality=municipality,
                         _external=True))


@bp.get("/r/<region>/")
def region(region: str):
    place = _entered(Region, region)
    return _page(place, "region", url_for("public.region_feed", region=region))


@bp.get("/r/<region>/feed.atom")
def region_feed(region: str):
    place = _entered(Region, region)
    return _feed(place, url_for("public.region", region=region, _external=True),
                 url_for("public.region_feed", region=region, _external=True))

