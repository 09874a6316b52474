"""``flask --app wsgi projections status | advance | rebuild [NAME]``, ``workers schedule``."""

from __future__ import annotations

import logging
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from redis.exceptions import RedisError
from rq.registry import FailedJobRegistry

from nastavnik.workers import scheduler
from nastavnik.workers.projections import advance, find, projections, rebuild, status
from nastavnik.workers.queues import PROJECTIONS, get_queue

group = AppGroup("projections", help="Проекции журнала событий.")


@group.command("status")
def status_command() -> None:
    """Позиция каждой проекции, голова журнала, отставание, число упавших задач."""
    click.echo(f"{'проекция':<24} {'позиция':>10} {'голова':>10} {'отстаёт, событий':>17} "
               f"{'отстаёт, с':>11}")
    for projection in projections():
        s = status(projection)
        click.echo(f"{s.name:<24} {s.position:>10} {s.head:>10} {s.lag_events:>17} "
                   f"{s.lag_seconds:>11.1f}")
    try:
        failed = FailedJobRegistry(queue=get_queue(PROJECTIONS)).count
        click.echo(f"Упавших задач в очереди «{PROJECTIONS}»: {failed}")
    except RedisError as error:
        click.echo(f"Redis недоступен, число упавших задач неизвестно: {error}")


@group.command("advance")
def advance_command() -> None:
    """Довести все проекции до головы журнала."""
    for projection in projections():
        click.echo(f"{projection.name}: применено событий: {advance(projection)}")


@group.command("rebuild")
@click.argument("name", required=False)
def rebuild_command(name: str | None) -> None:
    """Очистить проекцию (или все) и заново применить весь журнал."""
    chosen = projections() if name is None else [find(name)]
    if chosen == [None]:
        known = ", ".join(p.name for p in projections())
        raise click.BadParameter(f"нет проекции «{name}»; есть: {known}", param_hint="NAME")
    for projection in chosen:
        click.echo(f"{projection.name}: перестроена, применено событий: {rebuild(projection)}")


workers = AppGroup("workers", help="Фоновые процессы.")


@workers.command("schedule")
@click.option("--interval", type=click.FloatRange(min=0.05), default=scheduler.INTERVAL,
              show_default=True, help="Пауза между постановками догонки, секунд.")
def schedule_command(interval: float) -> None:
    """Ставить догонку проекций в очередь каждые несколько секунд, переживая сбои Redis."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stop = threading.Event()
    for name in (signal.SIGTERM, signal.SIGINT):
        signal.signal(name, lambda *_: stop.set())
    url = current_app.config["REDIS_URL"]
    click.echo(f"Планировщик: догонка проекций каждые {interval:g} с, Redis {url}")
    scheduler.run(url, stop, interval=interval)
    click.echo("Планировщик остановлен.")
