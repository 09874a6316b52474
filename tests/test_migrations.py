"""Migrations build the schema from empty on PostgreSQL and match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import SCRATCH_DATABASE_URL, make_test_app, recreate_database
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from nastavnik.extensions import db


def test_migrations_apply_from_empty_and_match_models():
    recreate_database(SCRATCH_DATABASE_URL)
    app = make_test_app(SQLALCHEMY_DATABASE_URI=SCRATCH_DATABASE_URL)
    with app.app_context():
        upgrade(revision="heads")
        engine = create_engine(SCRATCH_DATABASE_URL)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert {"regions", "schools", "users", "teachers"} <= set(inspect(engine).get_table_names())
        downgrade(revision="base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        engine.dispose()
        db.engine.dispose()
