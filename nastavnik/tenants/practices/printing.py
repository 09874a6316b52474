"""«Сборник лучших практик» of a municipality or a region as a PDF, built on request from
the current practices (reportlab through ``platform/pdf.py``, which escapes every string
as text). Names never appear: the school's name and the pair's number only."""

from __future__ import annotations

from reportlab.platypus import Spacer

from nastavnik.platform import clock
from nastavnik.platform.models import Municipality, Region
from nastavnik.platform.pdf import build_pdf, paragraph
from nastavnik.tenants.practices.pages import PracticeCard

COLLECTION_TITLE = "Сборник лучших практик наставничества"


def collection_pdf(place: Municipality | Region, cards: list[PracticeCard]) -> bytes:
    story = [paragraph(COLLECTION_TITLE, "Title"), paragraph(place.name, "Center"),
             paragraph(f"Сформирован {clock.today():%d.%m.%Y}", "Center"), Spacer(1, 12)]
    if not cards:
        story.append(paragraph("Отобранных практик пока нет.", "Body"))
    for number, practice in enumerate(cards, start=1):
        story += [paragraph(f"{number}. {practice.title}", "Heading"),
                  paragraph(f"{practice.school}; {practice.category}; {practice.status}",
                            "Small")]
        if practice.pair:
            story.append(paragraph(practice.pair, "Small"))
        story.append(paragraph(practice.annotation.splitlines() or [""], "Body"))
        if practice.links:
            story.append(paragraph(["Ссылки:", *practice.links], "Small"))
    return build_pdf(story, title=COLLECTION_TITLE, author=place.name)
