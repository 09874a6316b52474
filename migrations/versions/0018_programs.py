"""programs: personalized programs of pairs (plan, meetings, marks) and their state table

Revision ID: 0018_programs
Revises: 0017_reports
Create Date: 2026-12-07 23:12:18

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018_programs'
down_revision = '0017_reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('program_item_state',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('pair_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('item', sa.String(length=96), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('since_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('until_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('school_id', 'pair_id', 'item', 'since_position', name=op.f('pk_program_item_state'))
    )
    with op.batch_alter_table('program_item_state', schema=None) as batch_op:
        batch_op.create_index('ix_program_item_state_open_municipality', ['municipality_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.create_index('ix_program_item_state_open_region', ['region_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.create_table('programs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('difficulties', sa.JSON(), nullable=False),
    sa.Column('tasks', sa.JSON(), nullable=False),
    sa.Column('expected_results', sa.Text(), nullable=False),
    sa.Column('achieved_results', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_programs_approved_by_id_users')),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_programs_pair_id_mentoring_pairs')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_programs_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programs')),
    sa.UniqueConstraint('pair_id', name=op.f('uq_programs_pair_id'))
    )
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programs_school_id'), ['school_id'], unique=False)

    op.create_table('program_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('expected_result', sa.Text(), nullable=False),
    sa.Column('achieved_result', sa.Text(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_activities_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_program_activities_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_activities'))
    )
    with op.batch_alter_table('program_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_activities_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_program_activities_school_id'), ['school_id'], unique=False)

    op.create_table('program_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('topic', sa.String(length=500), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes BETWEEN 1 AND 1440', name=op.f('ck_program_meetings_minutes')),
    sa.ForeignKeyConstraint(['logged_by_id'], ['teachers.id'], name=op.f('fk_program_meetings_logged_by_id_teachers')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_meetings_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_program_meetings_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_meetings'))
    )
    with op.batch_alter_table('program_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_meetings_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_program_meetings_school_id'), ['school_id'], unique=False)

    op.create_table('program_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=True),
    sa.Column('file_type', sa.String(length=64), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('file_data', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("side IN ('mentor', 'mentee')", name=op.f('ck_program_marks_side')),
    sa.CheckConstraint('(activity_id IS NULL) <> (meeting_id IS NULL)', name=op.f('ck_program_marks_one_subject')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_program_marks_rating')),
    sa.ForeignKeyConstraint(['activity_id'], ['program_activities.id'], name=op.f('fk_program_marks_activity_id_program_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['program_meetings.id'], name=op.f('fk_program_marks_meeting_id_program_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_marks_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_program_marks_school_id_schools')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teachers.id'], name=op.f('fk_program_marks_teacher_id_teachers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_marks')),
    sa.UniqueConstraint('activity_id', 'side', 'teacher_id', name='uq_program_marks_activity'),
    sa.UniqueConstraint('meeting_id', 'side', 'teacher_id', name='uq_program_marks_meeting')
    )
    with op.batch_alter_table('program_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_marks_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_program_marks_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_program_marks_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_program_marks_school_id'), ['school_id'], unique=False)



def downgrade():
    with op.batch_alter_table('program_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_marks_school_id'))
        batch_op.drop_index(batch_op.f('ix_program_marks_program_id'))
        batch_op.drop_index(batch_op.f('ix_program_marks_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_program_marks_activity_id'))

    op.drop_table('program_marks')
    with op.batch_alter_table('program_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_meetings_school_id'))
        batch_op.drop_index(batch_op.f('ix_program_meetings_program_id'))

    op.drop_table('program_meetings')
    with op.batch_alter_table('program_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_activities_school_id'))
        batch_op.drop_index(batch_op.f('ix_program_activities_program_id'))

    op.drop_table('program_activities')
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programs_school_id'))

    op.drop_table('programs')
    with op.batch_alter_table('program_item_state', schema=None) as batch_op:
        batch_op.drop_index('ix_program_item_state_open_region', postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.drop_index('ix_program_item_state_open_municipality', postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.drop_table('program_item_state')
