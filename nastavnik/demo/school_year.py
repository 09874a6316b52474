"""The school year told school by school, in the order a curator lives it.

Each school's story is told once: a school whose roadmap for last year exists has its
story already (the story begins there), and the demo never redoes or undoes what was
done on the platform since.
"""

from __future__ import annotations

import random

from nastavnik.demo import matching, mentoring, paperwork, programs, publications, training
from nastavnik.demo.dates import on, past, story_year
from nastavnik.demo.progress import SCHOOLS, Story
from nastavnik.platform.events import occurring_at
from nastavnik.platform.models import School
from nastavnik.tenants.roadmap.services import ensure_school_roadmap, school_roadmap


def tell_school_year(schools: list[School]) -> None:
    year = story_year()
    for number, school in enumerate(schools):
        if school.slug in SCHOOLS and not school_roadmap(school, year - 1):
            tell(Story(school, SCHOOLS[school.slug], year, random.Random(1000 + number)))


def tell(story: Story) -> None:
    paperwork.last_year(story)
    with occurring_at(past(on(story.year, 9, 1))):
        ensure_school_roadmap(story.school, story.year)
    first_order = paperwork.documents(story)
    cast = mentoring.choose_cast(story)
    banks = mentoring.fill_banks(story, cast)
    pairs = mentoring.form_pairs(story, cast, banks)
    programs.work_in_programs(story, pairs)
    matching.decide_and_support(story)
    paperwork.pair_order(story, pairs, after=first_order)
    training.train_mentors(story, list(banks.mentors.values()))
    paperwork.mark_this_year(story)
    publications.publish_news(story)
