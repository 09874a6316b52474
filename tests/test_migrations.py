"""Migrations build the schema from empty on PostgreSQL and match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import SCRATCH_DATABASE_URL, make_test_app, recreate_database
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

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


def test_roadmaps_opened_before_stages_four_and_five_were_tracked_learn_their_rules():
    """A template (and so any year under way) with 4.1 ticked by hand gets 4.1's rule;
    an activity that already has a rule keeps it."""
    recreate_database(SCRATCH_DATABASE_URL)
    app = make_test_app(SQLALCHEMY_DATABASE_URI=SCRATCH_DATABASE_URL)
    with app.app_context():
        upgrade(revision="0020_matching")
        engine = create_engine(SCRATCH_DATABASE_URL)
        with engine.begin() as conn:
            template = conn.execute(text(
                "INSERT INTO roadmap_templates (seed, created_at) "
                "VALUES ('roadmap-2025-2026', now()) RETURNING id")).scalar_one()
            for code, rule in (("4.1", None), ("5.1", '{"event": "pair.formed"}')):
                conn.execute(text(
                    "INSERT INTO roadmap_template_activities (template_id, code, stage, "
                    "position, title, result, responsible, due_from_month, due_to_month, "
                    "auto_complete) VALUES (:t, :code, 4, 0, 'x', '', '', 1, 1, :rule)"),
                    {"t": template, "code": code, "rule": rule})
        upgrade(revision="0021_tracked_stages")
        with engine.connect() as conn:
            rules = dict(conn.execute(text(
                "SELECT code, auto_complete FROM roadmap_template_activities")).all())
        assert rules["4.1"]["event"] == "matching.decided"
        assert rules["5.1"] == {"event": "pair.formed"}
        downgrade(revision="0020_matching")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT auto_complete FROM roadmap_template_activities "
                                     "WHERE code = '4.1'")).scalar_one() is None
        engine.dispose()
        db.engine.dispose()
