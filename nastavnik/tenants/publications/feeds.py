"""The Atom feed (RFC 4287) of a public page, built with ``feedgen``: the place's
published news and the entries of the public sections, dates in RFC 3339."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from nastavnik.platform import clock
from nastavnik.tenants.publications.sections import PublicEntry


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive times; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def atom_feed(*, title: str, subtitle: str, page_url: str, feed_url: str, author: str,
              entries: list[PublicEntry]) -> bytes:
    feed = FeedGenerator()
    feed.id(page_url)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.author({"name": author})
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.language("ru")
    feed.generator("Наставник")
    ordered = sorted(entries, key=lambda entry: aware(entry.updated), reverse=True)
    feed.updated(aware(ordered[0].updated) if ordered else clock.now())
    for entry in reversed(ordered):  # feedgen puts each new entry first
        item = feed.add_entry()
        item.id(entry.url)
        item.title(entry.title)
        item.link(href=entry.url, rel="alternate", type="text/html")
        item.summary(entry.summary or entry.title)
        item.updated(aware(entry.updated))
    return feed.atom_str(pretty=True)
