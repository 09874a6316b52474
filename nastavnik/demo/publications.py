"""The school's news and public section in the story: a school that did last year's
roadmap in full published a news item then (last year's 7.1); this year the schools ahead
publish two and open their Regulation and road map, those on track have a draft."""

from __future__ import annotations

from nastavnik.demo.dates import on, past, workday
from nastavnik.demo.progress import AHEAD, ON_TRACK, Story
from nastavnik.platform.events import occurring_at
from nastavnik.platform.roles import Role
from nastavnik.tenants.documents.content import holder
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.publications.public_documents import current_edition, show_document
from nastavnik.tenants.publications.services import publish, save_news

NEWS = {
    "last_year": ("Итоги года наставничества",
                  "В школе подведены итоги года: наставнические пары завершили программы, "
                  "лучшие практики вошли в методическую копилку."),
    "setup": ("Установочная сессия для наставников",
              "Куратор наставничества провёл установочную сессию: наставники обсудили "
              "роль наставника, этапы работы пары и персонализированные программы."),
    "pairs": ("Сформированы наставнические пары",
              "Приказом директора закреплены наставнические пары нового учебного года. "
              "Молодые специалисты начали работу по персонализированным программам."),
}
LINKS = {"site_url": None, "vk_url": None, "telegram_url": None}


def _news(story: Story, key: str, day, *, published: bool) -> None:
    title, text = NEWS[key]
    with occurring_at(workday(past(day))):
        item = save_news(story.school, holder(story.school, Role.CURATOR), None, title=title,
                         text=text, dated=workday(past(day)),
                         links={**LINKS, "site_url": story.school.website or None})
        if published:
            publish(story.school, item)


def publish_news(story: Story) -> None:
    if story.progress.last_year_done >= 1.0:
        _news(story, "last_year", on(story.year - 1, 5, 25), published=True)
    if story.progress is AHEAD:
        _news(story, "setup", on(story.year, 10, 14), published=True)
        _news(story, "pairs", on(story.year, 11, 2), published=True)
        with occurring_at(workday(past(on(story.year, 11, 3)))):
            for kind in (DocumentKind.REGULATION, DocumentKind.ROADMAP):
                if current_edition(story.school, kind.value, story.year) is not None:
                    show_document(story.school, kind.value, story.year)
    elif story.progress is ON_TRACK:
        _news(story, "setup", on(story.year, 10, 14), published=False)
