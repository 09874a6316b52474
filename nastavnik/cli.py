"""Command-line entry points: ``flask --app wsgi create-admin``, ``... demo seed``."""

import secrets

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.models import RoleAssignment, User
from nastavnik.platform.passwords import hash_password
from nastavnik.platform.roles import Role

demo = AppGroup("demo", help="Демонстрационные данные.")
reference = AppGroup("reference", help="Справочные данные платформы.")
ADMIN_PASSWORD_BYTES = 18  # 24 characters of token_urlsafe


@demo.command("seed")
def demo_seed() -> None:
    """Создать (или дополнить) демонстрационный регион, школы, педагогов и пользователей."""
    from nastavnik import demo as demo_data

    if current_app.config["ENV_NAME"] == "production":
        # The demo creates accounts with one published password: never on a real server.
        click.echo("Демонстрационные данные не создаются в рабочем режиме (NASTAVNIK_ENV="
                   "production): у демонстрационных входов общий известный пароль. "
                   "Для пробного запуска используйте make run.", err=True)
        raise click.exceptions.Exit(1)
    password = current_app.config["DEMO_PASSWORD"]
    logins = demo_data.seed(password)
    click.echo(f"Демонстрационные данные готовы. Входы (пароль для всех: {password}):")
    for login in logins:
        click.echo(f"  {login.role.label:<28} {login.email:<32} {login.place}")


@reference.command("seed")
def reference_seed() -> None:
    """Загрузить справочники: формы наставничества, анкеты, шаблон дорожной карты."""
    from nastavnik.platform.reference import seed_reference

    seed_reference()
    db.session.commit()
    click.echo("Справочные данные загружены.")


@click.command("create-admin")
@click.option("--email", prompt="Электронная почта")
@click.option("--name", "full_name", prompt="ФИО", default="Администратор платформы")
def create_admin(email: str, full_name: str) -> None:
    """Создать администратора платформы со случайным паролем, показанным один раз."""
    email = email.strip().lower()
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        raise click.BadParameter("пользователь с такой почтой уже есть", param_hint="--email")
    # Generated, never typed: no default, no reuse, nothing left in the shell history.
    password = secrets.token_urlsafe(ADMIN_PASSWORD_BYTES)
    user = User(email=email, full_name=full_name, password_hash=hash_password(password))
    user.roles.append(RoleAssignment.at(Role.ADMIN))
    db.session.add(user)
    db.session.commit()
    click.echo(f"Администратор {email} создан.")
    click.echo(f"Пароль (показан один раз, сохраните его сейчас): {password}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(reference)
    app.cli.add_command(create_admin)
