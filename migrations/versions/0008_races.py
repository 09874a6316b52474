"""races: the unique constraints that make a double-submitted form take effect once

Revision ID: 0008_races
Revises: 0007
Create Date: 2026-11-30 10:00:00

One active consent per teacher and purpose; one number per kind of document and year;
one edition following each approved one; one listing of a person in a school's staff;
one working pair per mentee; and a single-use record of each confirmed staff import.

A database in which a double click already left duplicates cannot take these: the
upgrade stops and says which rows to resolve (by hand — which record is the true one is
the school's decision, not the migration's).
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_races'
down_revision = '0007'
branch_labels = None
depends_on = None

ERASED = "Удалено"
LISTED_PERSON = f"employed AND last_name <> '{ERASED}'"

DUPLICATES = {
    "consent_records (two active consents of a teacher for one purpose)":
        "SELECT teacher_id, purpose FROM consent_records WHERE withdrawn_on IS NULL "
        "GROUP BY teacher_id, purpose HAVING count(*) > 1",
    "school_documents (one number twice for a kind, year and edition)":
        "SELECT school_id, kind, academic_year, number, version FROM school_documents "
        "WHERE number <> '' GROUP BY school_id, kind, academic_year, number, version "
        "HAVING count(*) > 1",
    "school_documents (two editions following one)":
        "SELECT previous_id FROM school_documents WHERE previous_id IS NOT NULL "
        "GROUP BY previous_id HAVING count(*) > 1",
    "teachers (one person listed twice in a school)":
        "SELECT school_id, last_name, first_name, middle_name, coalesce(birth_year, 0) "
        f"FROM teachers WHERE {LISTED_PERSON} "
        "GROUP BY school_id, last_name, first_name, middle_name, coalesce(birth_year, 0) "
        "HAVING count(*) > 1",
    "pair_mentees (a mentee in two active pairs)":
        "SELECT m.teacher_id FROM pair_mentees m JOIN mentoring_pairs p ON p.id = m.pair_id "
        "WHERE p.status = 'active' GROUP BY m.teacher_id HAVING count(*) > 1",
}


def _refuse_duplicates():
    connection = op.get_bind()
    found = {what: connection.execute(sa.text(query)).all()
             for what, query in DUPLICATES.items()}
    found = {what: rows for what, rows in found.items() if rows}
    if found:
        lines = [f"{what}: {[tuple(row) for row in rows[:20]]}" for what, rows in found.items()]
        raise RuntimeError("Duplicates left by earlier double submits; resolve them, then "
                           "upgrade again:\n" + "\n".join(lines))


def upgrade():
    _refuse_duplicates()
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index('uq_consent_records_active', ['teacher_id', 'purpose'], unique=True,
                              postgresql_where=sa.text('withdrawn_on IS NULL'),
                              sqlite_where=sa.text('withdrawn_on IS NULL'))

    with op.batch_alter_table('school_documents', schema=None) as batch_op:
        batch_op.create_index('uq_school_documents_number',
                              ['school_id', 'kind', 'academic_year', 'number', 'version'],
                              unique=True, postgresql_where=sa.text("number <> ''"),
                              sqlite_where=sa.text("number <> ''"))
        batch_op.create_unique_constraint(batch_op.f('uq_school_documents_previous_id'),
                                          ['previous_id'])

    op.create_index('uq_teachers_person', 'teachers',
                    ['school_id', 'last_name', 'first_name', 'middle_name',
                     sa.text('coalesce(birth_year, 0)')], unique=True,
                    postgresql_where=sa.text(LISTED_PERSON), sqlite_where=sa.text(LISTED_PERSON))

    with op.batch_alter_table('pair_mentees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
    op.execute("UPDATE pair_mentees SET active = false WHERE pair_id IN "
               "(SELECT id FROM mentoring_pairs WHERE status <> 'active')")
    with op.batch_alter_table('pair_mentees', schema=None) as batch_op:
        batch_op.create_index('uq_pair_mentees_active', ['teacher_id'], unique=True,
                              postgresql_where=sa.text('active'), sqlite_where=sa.text('active'))

    op.create_table('teacher_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.Uuid(), nullable=False),
    sa.Column('teachers', sa.Integer(), nullable=False),
    sa.Column('imported_by', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by'], ['users.id'], name=op.f('fk_teacher_imports_imported_by_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_teacher_imports_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teacher_imports')),
    sa.UniqueConstraint('token', name=op.f('uq_teacher_imports_token'))
    )
    with op.batch_alter_table('teacher_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teacher_imports_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('teacher_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teacher_imports_school_id'))
    op.drop_table('teacher_imports')

    with op.batch_alter_table('pair_mentees', schema=None) as batch_op:
        batch_op.drop_index('uq_pair_mentees_active')
        batch_op.drop_column('active')

    op.drop_index('uq_teachers_person', table_name='teachers')

    with op.batch_alter_table('school_documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_school_documents_previous_id'), type_='unique')
        batch_op.drop_index('uq_school_documents_number')

    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index('uq_consent_records_active')
