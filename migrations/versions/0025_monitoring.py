"""monitoring: requests to pairs' participants and their state table

Revision ID: 0025_monitoring
Revises: 0024_publications
Create Date: 2026-12-08 00:55:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0025_monitoring'
down_revision = '0024_publications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monitoring_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('participant', sa.String(length=8), nullable=False),
    sa.Column('round', sa.String(length=8), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('academic_year', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_monitoring_requests_pair_id_mentoring_pairs')),
    sa.ForeignKeyConstraint(['response_id'], ['questionnaire_responses.id'], name=op.f('fk_monitoring_requests_response_id_questionnaire_responses')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_monitoring_requests_school_id_schools')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teachers.id'], name=op.f('fk_monitoring_requests_teacher_id_teachers')),
    sa.ForeignKeyConstraint(['template_id'], ['questionnaire_templates.id'], name=op.f('fk_monitoring_requests_template_id_questionnaire_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_requests')),
    sa.UniqueConstraint('pair_id', 'teacher_id', 'round', name='uq_monitoring_requests_pair_teacher_round'),
    sa.UniqueConstraint('response_id', name=op.f('uq_monitoring_requests_response_id'))
    )
    with op.batch_alter_table('monitoring_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_requests_pair_id'), ['pair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_requests_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_requests_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('monitoring_state',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('request', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('participant', sa.String(length=8), nullable=False),
    sa.Column('academic_year', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('difficulty_change', sa.Float(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('since_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('until_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('school_id', 'request', 'since_position', name=op.f('pk_monitoring_state'))
    )
    with op.batch_alter_table('monitoring_state', schema=None) as batch_op:
        batch_op.create_index('ix_monitoring_state_open_municipality', ['municipality_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.create_index('ix_monitoring_state_open_region', ['region_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))


def downgrade():
    with op.batch_alter_table('monitoring_state', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_state_open_region', sqlite_where=sa.text('until_position IS NULL'), postgresql_where=sa.text('until_position IS NULL'))
        batch_op.drop_index('ix_monitoring_state_open_municipality', sqlite_where=sa.text('until_position IS NULL'), postgresql_where=sa.text('until_position IS NULL'))
    op.drop_table('monitoring_state')
    with op.batch_alter_table('monitoring_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_requests_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_requests_school_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_requests_pair_id'))
    op.drop_table('monitoring_requests')
