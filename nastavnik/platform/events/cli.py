"""``flask --app wsgi events catalog`` (regenerate ``docs/events.md``) and ``events verify``."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.events.chain import verify
from nastavnik.platform.events.document import write_catalog
from nastavnik.platform.models import School

group = AppGroup("events", help="Журнал событий.")


@group.command("catalog")
def catalog_command() -> None:
    """Записать каталог событий (docs/events.md) по зарегистрированным схемам."""
    click.echo(f"Каталог событий записан: {write_catalog()}")


@group.command("verify")
@click.argument("school_slug")
def verify_command(school_slug: str) -> None:
    """Проверить, что журнал школы не переписан после того, как события были запечатаны."""
    school = db.session.scalar(select(School).where(School.slug == school_slug))
    if school is None:
        raise click.BadParameter(f"школы «{school_slug}» нет", param_hint="SCHOOL_SLUG")
    verdict = verify(school.id)
    if not verdict.intact:
        click.echo(f"{school.short_name}: событие № {verdict.broken_at} изменено после того, "
                   f"как было запечатано; проверено до него: {verdict.sealed}.")
        raise SystemExit(1)
    click.echo(f"{school.short_name}: журнал не изменялся. Проверено событий: {verdict.sealed}, "
               f"ещё не запечатано: {verdict.unsealed}. Последняя печать: "
               f"{verdict.last_seal or '—'}")
