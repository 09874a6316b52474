"""Command-line entry points: ``flask --app wsgi create-admin``, ``... demo seed``."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.models import RoleAssignment, User
from nastavnik.platform.passwords import hash_password, password_problems
from nastavnik.platform.roles import Role

demo = AppGroup("demo", help="Демонстрационные данные.")


@demo.command("seed")
def demo_seed() -> None:
    """Создать (или дополнить) демонстрационный регион, школы, педагогов и пользователей."""
    from nastavnik import demo as demo_data

    password = current_app.config["DEMO_PASSWORD"]
    logins = demo_data.seed(password)
    click.echo(f"Демонстрационные данные готовы. Входы (пароль для всех: {password}):")
    for login in logins:
        click.echo(f"  {login.role.label:<28} {login.email:<32} {login.place}")


@click.command("create-admin")
@click.option("--email", prompt="Электронная почта")
@click.option("--name", "full_name", prompt="ФИО", default="Администратор платформы")
@click.password_option("--password", prompt="Пароль")
def create_admin(email: str, full_name: str, password: str) -> None:
    """Создать администратора платформы."""
    email = email.strip().lower()
    if problems := password_problems(password, email):
        raise click.BadParameter(" ".join(problems), param_hint="--password")
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        raise click.BadParameter("пользователь с такой почтой уже есть", param_hint="--email")
    user = User(email=email, full_name=full_name, password_hash=hash_password(password))
    user.roles.append(RoleAssignment.at(Role.ADMIN))
    db.session.add(user)
    db.session.commit()
    click.echo(f"Администратор {email} создан.")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(create_admin)
