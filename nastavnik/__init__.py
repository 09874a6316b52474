"""Наставник: the application factory. Reading it top to bottom shows the whole app."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import load_config
from nastavnik.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_config())
    app.config.update(overrides or {})
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if proxies := app.config["PROXY_COUNT"]:
        # The client's address and scheme as nginx saw them: login limits count per address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    from nastavnik.platform import assets, headers, input_guards, log_lines

    log_lines.install()
    input_guards.init_app(app)
    headers.init_app(app)
    assets.init_app(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)

    from nastavnik.platform import events, i18n, permissions, pipeline, tenancy

    i18n.init_app(app, babel)
    pipeline.init_app(app)
    permissions.init_app(app)
    tenancy.init_app(app)
    events.install()

    from nastavnik.platform import (
        accounts,
        admin,
        audit,
        errors,
        layout,
        privacy,
        school_accounts,
        scopes,
        web,
    )

    accounts.init_app(app, login_manager)
    privacy.init_app(app)
    errors.init_app(app)
    web.init_app(app)
    layout.init_app(app)
    scopes.init_app(app)
    admin.init_app(app)
    audit.init_app(app)
    school_accounts.init_app(app)

    from nastavnik.platform.oversight import report_views

    report_views.init_app(app)

    from nastavnik import tenants, workers

    tenants.init_app(app)
    workers.init_app(app)

    from nastavnik import cli

    cli.init_app(app)
    pipeline.check_declared(app)
    return app
