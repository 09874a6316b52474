"""training: materials, school sets, sessions, attendance sheets and their state tables

Revision ID: 0019_training
Revises: 0018_programs
Create Date: 2026-12-07 23:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_training'
down_revision = '0018_programs'
branch_labels = None
depends_on = None


def _placed():
    """The columns that place a shared row (``training.models.PlacedRow``)."""
    return [
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=True),
        sa.Column('school_id', sa.Integer(), nullable=True),
    ]


def _placed_keys(table):
    return [
        sa.ForeignKeyConstraint(['region_id'], ['regions.id'],
                                name=op.f(f'fk_{table}_region_id_regions')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f(f'fk_{table}_municipality_id_municipalities')),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'],
                                name=op.f(f'fk_{table}_school_id_schools')),
    ]


def _placed_indexes(table):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in ('region_id', 'municipality_id', 'school_id'):
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade():
    op.create_table(
        'training_materials',
        sa.Column('id', sa.Integer(), nullable=False),
        *_placed(),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.String(length=500), nullable=True),
        sa.Column('topic', sa.String(length=16), nullable=False),
        sa.Column('url', sa.String(length=2000), nullable=True),
        sa.Column('filename', sa.String(length=200), nullable=True),
        sa.Column('content_type', sa.String(length=100), nullable=True),
        sa.Column('size', sa.Integer(), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('data', sa.LargeBinary(), nullable=True),
        sa.Column('added_at', sa.DateTime(timezone=True),
                  server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('(url IS NULL) <> (data IS NULL)',
                           name=op.f('ck_training_materials_file_or_link')),
        sa.CheckConstraint('school_id IS NULL OR municipality_id IS NOT NULL',
                           name=op.f('ck_training_materials_placed')),
        *_placed_keys('training_materials'),
        sa.ForeignKeyConstraint(['added_by_id'], ['users.id'],
                                name=op.f('fk_training_materials_added_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_training_materials')),
    )
    _placed_indexes('training_materials')
    op.create_table(
        'training_material_choices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('material_id', sa.Integer(), nullable=False),
        sa.Column('chosen_at', sa.DateTime(timezone=True),
                  server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['material_id'], ['training_materials.id'],
                                name=op.f('fk_training_material_choices_material_id_training_materials'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'],
                                name=op.f('fk_training_material_choices_school_id_schools')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_training_material_choices')),
        sa.UniqueConstraint('school_id', 'material_id',
                            name=op.f('uq_training_material_choices_school_id')),
    )
    with op.batch_alter_table('training_material_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_material_choices_material_id'),
                              ['material_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_material_choices_school_id'),
                              ['school_id'], unique=False)
    op.create_table(
        'training_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        *_placed(),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('topic', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('format', sa.String(length=16), nullable=False),
        sa.Column('organiser', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True),
                  server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('municipality_id IS NOT NULL',
                           name=op.f('ck_training_sessions_in_municipality')),
        *_placed_keys('training_sessions'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_training_sessions_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions')),
    )
    _placed_indexes('training_sessions')
    op.create_table(
        'training_attendance',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('teacher_id', sa.Integer(), nullable=False),
        sa.Column('present', sa.Boolean(), nullable=False),
        sa.Column('marked_at', sa.DateTime(timezone=True),
                  server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'],
                                name=op.f('fk_training_attendance_session_id_training_sessions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['teacher_id'], ['teachers.id'],
                                name=op.f('fk_training_attendance_teacher_id_teachers')),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'],
                                name=op.f('fk_training_attendance_school_id_schools')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendance')),
        sa.UniqueConstraint('session_id', 'teacher_id',
                            name=op.f('uq_training_attendance_session_id')),
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        for column in ('session_id', 'teacher_id', 'school_id'):
            batch_op.create_index(batch_op.f(f'ix_training_attendance_{column}'), [column],
                                  unique=False)


    _state_table('training_material_state', ['school_id', 'material'],
                 sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
                 sa.Column('material', sa.Integer(), autoincrement=False, nullable=False),
                 sa.Column('level', sa.String(length=16), nullable=False),
                 sa.Column('topic', sa.String(length=16), nullable=False),
                 sa.Column('added_on', sa.Date(), nullable=False),
                 sa.Column('removed_on', sa.Date(), nullable=True))
    _state_table('training_attendance_state', ['school_id', 'session', 'teacher'],
                 sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
                 sa.Column('session', sa.Integer(), autoincrement=False, nullable=False),
                 sa.Column('teacher', sa.String(length=36), nullable=False),
                 sa.Column('kind', sa.String(length=16), nullable=False),
                 sa.Column('held_on', sa.Date(), nullable=False))


OPEN = sa.text('until_position IS NULL')
POSITION = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _state_table(name, key, *columns):
    """A versioned state table (``platform/oversight/state.py``, ``Versioned``)."""
    op.create_table(
        name, *columns,
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('since_position', POSITION, autoincrement=False, nullable=False),
        sa.Column('until_position', POSITION, nullable=True),
        sa.PrimaryKeyConstraint(*key, 'since_position', name=op.f(f'pk_{name}')),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        for place in ('municipality', 'region'):
            batch_op.create_index(f'ix_{name}_open_{place}', [f'{place}_id'], unique=False,
                                  postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade():
    for name in ('training_attendance_state', 'training_material_state'):
        with op.batch_alter_table(name, schema=None) as batch_op:
            for place in ('region', 'municipality'):
                batch_op.drop_index(f'ix_{name}_open_{place}', postgresql_where=OPEN,
                                    sqlite_where=OPEN)
        op.drop_table(name)
    op.drop_table('training_attendance')
    op.drop_table('training_sessions')
    op.drop_table('training_material_choices')
    op.drop_table('training_materials')
