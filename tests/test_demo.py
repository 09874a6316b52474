from click.testing import CliRunner
from conftest import login
from sqlalchemy import func, select

from nastavnik.cli import create_admin, demo
from nastavnik.extensions import db
from nastavnik.platform.models import School, User
from nastavnik.tenants.teachers.models import Teacher


def run(app, command, *args):
    result = app.test_cli_runner().invoke(command, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (School, Teacher, User))


def test_demo_seed_is_idempotent_and_every_role_logs_in(app, client):
    output = run(app, demo, "seed")
    first = counts()
    assert first[0] == 8 and first[1] >= 8 * 24 and first[2] == 7
    run(app, demo, "seed")
    assert counts() == first
    password = app.config["DEMO_PASSWORD"]
    emails = [word for line in output.splitlines() for word in line.split() if "@" in word]
    assert len(emails) == 7
    for email in emails:
        client.get("/")
        assert login(client, email, password).status_code == 302, email
        assert client.get("/").status_code == 200
        client.post("/logout", data={"csrf_token": _token(client)})


def _token(client):
    from conftest import csrf_token

    return csrf_token(client, "/")


def test_create_admin_cli(app):
    output = run(app, create_admin, "--email", "Root@Example.org", "--name", "Главный",
                 "--password", "long-enough-1")
    assert "создан" in output
    assert db.session.scalar(select(User.email)) == "root@example.org"
    result = CliRunner().invoke(create_admin, ["--email", "x@example.org", "--name", "X",
                                               "--password", "short"], obj=app.cli)
    assert result.exit_code != 0
