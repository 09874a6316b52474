"""``flask --app wsgi events catalog``: regenerate ``docs/events.md``."""

import click
from flask.cli import AppGroup

from nastavnik.platform.events.document import write_catalog

group = AppGroup("events", help="Журнал событий.")


@group.command("catalog")
def catalog_command() -> None:
    """Записать каталог событий (docs/events.md) по зарегистрированным схемам."""
    click.echo(f"Каталог событий записан: {write_catalog()}")
