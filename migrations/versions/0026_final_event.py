"""the final event of the year: its record, participants and nominations, and its state

Revision ID: 0026_final_event
Revises: 0025_monitoring
Create Date: 2026-12-08 00:55:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0026_final_event'
down_revision = '0025_monitoring'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('final_event_state',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('event', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('academic_year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('mentors', sa.Integer(), nullable=False),
    sa.Column('mentees', sa.Integer(), nullable=False),
    sa.Column('nominations', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('since_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('until_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('school_id', 'event', 'since_position', name=op.f('pk_final_event_state'))
    )
    with op.batch_alter_table('final_event_state', schema=None) as batch_op:
        batch_op.create_index('ix_final_event_state_open_municipality', ['municipality_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.create_index('ix_final_event_state_open_region', ['region_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.create_table('final_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('academic_year', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('format', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('programme', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_final_events_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_final_events')),
    sa.UniqueConstraint('school_id', 'academic_year', name='uq_final_events_school_year')
    )
    with op.batch_alter_table('final_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_final_events_school_id'), ['school_id'], unique=False)

    op.create_table('final_event_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['final_events.id'], name=op.f('fk_final_event_participants_event_id_final_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['teachers.id'], name=op.f('fk_final_event_participants_teacher_id_teachers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_final_event_participants')),
    sa.UniqueConstraint('event_id', 'teacher_id', name=op.f('uq_final_event_participants_event_id'))
    )
    with op.batch_alter_table('final_event_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_final_event_participants_event_id'), ['event_id'], unique=False)

    op.create_table('final_event_nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('pair_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(mentor_id IS NULL) <> (pair_id IS NULL)', name=op.f('ck_final_event_nominations_one_nominee')),
    sa.ForeignKeyConstraint(['event_id'], ['final_events.id'], name=op.f('fk_final_event_nominations_event_id_final_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['teachers.id'], name=op.f('fk_final_event_nominations_mentor_id_teachers')),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_final_event_nominations_pair_id_mentoring_pairs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_final_event_nominations')),
    sa.UniqueConstraint('event_id', 'title', name='uq_final_event_nominations_title')
    )
    with op.batch_alter_table('final_event_nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_final_event_nominations_event_id'), ['event_id'], unique=False)


def downgrade():
    op.drop_table('final_event_nominations')
    op.drop_table('final_event_participants')
    op.drop_table('final_events')
    op.drop_table('final_event_state')
