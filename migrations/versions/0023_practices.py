"""the methodical bank: practices, their files and status history, the practice state

Revision ID: 0023_practices
Revises: 0022_network
Create Date: 2026-12-08 00:55:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0023_practices'
down_revision = '0022_network'
branch_labels = None
depends_on = None

OPEN = sa.text('until_position IS NULL')


def upgrade():
    op.create_table('practices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('annotation', sa.String(length=2000), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_practices_pair_id_mentoring_pairs')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_practices_school_id_schools')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_practices_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practices')),
    sa.UniqueConstraint('school_id', 'title', name='uq_practices_school_title')
    )
    with op.batch_alter_table('practices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practices_pair_id'), ['pair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practices_school_id'), ['school_id'], unique=False)

    op.create_table('practice_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_practice_files_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_files'))
    )
    with op.batch_alter_table('practice_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_files_practice_id'), ['practice_id'], unique=False)

    op.create_table('practice_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=True),
    sa.Column('target', sa.String(length=24), nullable=False),
    sa.Column('role', sa.String(length=24), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_practice_steps_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_steps'))
    )
    with op.batch_alter_table('practice_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_steps_practice_id'), ['practice_id'], unique=False)

    op.create_table('practice_state',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('practice_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('since_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('until_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('school_id', 'practice_id', 'since_position', name=op.f('pk_practice_state'))
    )
    with op.batch_alter_table('practice_state', schema=None) as batch_op:
        batch_op.create_index('ix_practice_state_open_municipality', ['municipality_id'], unique=False, postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.create_index('ix_practice_state_open_region', ['region_id'], unique=False, postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade():
    with op.batch_alter_table('practice_state', schema=None) as batch_op:
        batch_op.drop_index('ix_practice_state_open_region', postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.drop_index('ix_practice_state_open_municipality', postgresql_where=OPEN, sqlite_where=OPEN)
    op.drop_table('practice_state')
    with op.batch_alter_table('practice_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_steps_practice_id'))
    op.drop_table('practice_steps')
    with op.batch_alter_table('practice_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_files_practice_id'))
    op.drop_table('practice_files')
    with op.batch_alter_table('practices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practices_school_id'))
        batch_op.drop_index(batch_op.f('ix_practices_pair_id'))
    op.drop_table('practices')
