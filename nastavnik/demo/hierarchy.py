"""The demo region: one region, two municipalities, eight schools."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import AcademicYear, Municipality, Region, School

REGION = ("Северо-Заречная область", "severo-zarechnaya", "99")
MUNICIPALITIES = [
    ("Городской округ Заречный", "zarechny", "99-01", [
        ("МБОУ «Средняя общеобразовательная школа № 1» г. Заречный", "СОШ № 1", "zar-sosh-1"),
        ("МБОУ «Средняя общеобразовательная школа № 2» г. Заречный", "СОШ № 2", "zar-sosh-2"),
        ("МАОУ «Лицей № 3» г. Заречный", "Лицей № 3", "zar-licey-3"),
        ("МБОУ «Гимназия им. А. С. Пушкина» г. Заречный", "Гимназия им. Пушкина", "zar-gimn"),
    ]),
    ("Озёрский муниципальный район", "ozersky", "99-02", [
        ("МБОУ «Озёрская средняя школа»", "Озёрская СШ", "oz-ssh"),
        ("МБОУ «Берёзовская основная школа»", "Берёзовская ОШ", "oz-berez"),
        ("МКОУ «Сосновская средняя школа»", "Сосновская СШ", "oz-sosn"),
        ("МБОУ «Луговская средняя школа»", "Луговская СШ", "oz-lug"),
    ]),
]


def seed_hierarchy(years: tuple[int, ...]) -> tuple[Region, list[School]]:
    """The region and its schools in a fixed order, made if missing; ``years`` ensured."""
    region = _get_or_add(Region, slug=REGION[1], name=REGION[0], code=REGION[2])
    schools: list[School] = []
    for index, (name, slug, code, school_rows) in enumerate(MUNICIPALITIES):
        municipality = _get_or_add(Municipality, slug=slug, name=name, code=code, region=region)
        for number, (school_name, short, school_slug) in enumerate(school_rows, start=1):
            schools.append(_get_or_add(
                School, slug=school_slug, name=school_name, short_name=short,
                code=f"{code}-{number:02d}", municipality=municipality, region=region,
                address=f"{name}, ул. Школьная, д. {number + index * 10}",
                website=f"https://{school_slug}.edu.example",
            ))
    for year in years:
        AcademicYear.ensure(year)
    return region, schools


def _get_or_add(model, slug: str, **fields):
    found = db.session.scalar(select(model).where(model.slug == slug))
    if found is None:
        found = model(slug=slug, **fields)
        db.session.add(found)
        db.session.flush()
    return found
