"""reports: ordered municipal and regional reports and school cards, built by workers

Revision ID: 0017_reports
Revises: 0016_oversight
Create Date: 2026-11-29 20:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_reports'
down_revision = '0016_oversight'
branch_labels = None
depends_on = None

ACTIVE = "status IN ('queued', 'running')"


def upgrade():
    op.create_table(
        'reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('place_id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('academic_year', sa.Integer(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('failure', sa.Text(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('ordered_by_id', sa.Integer(), nullable=True),
        sa.Column('ordered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('touched_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('base_url', sa.String(length=255), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=True),
        sa.Column('content_type', sa.String(length=100), nullable=True),
        sa.Column('size', sa.Integer(), nullable=True),
        sa.Column('content', sa.LargeBinary(), nullable=True),
        sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_reports_progress')),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')",
                           name=op.f('ck_reports_status')),
        sa.CheckConstraint("kind IN ('municipal', 'regional', 'school_card')",
                           name=op.f('ck_reports_kind')),
        sa.CheckConstraint("format IN ('pdf', 'xlsx')", name=op.f('ck_reports_format')),
        sa.ForeignKeyConstraint(['ordered_by_id'], ['users.id'],
                                name=op.f('fk_reports_ordered_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['region_id'], ['regions.id'],
                                name=op.f('fk_reports_region_id_regions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index('ix_reports_place', ['kind', 'place_id', 'ordered_at'],
                              unique=False)
        batch_op.create_index('uq_reports_active',
                              ['kind', 'format', 'place_id', 'academic_year', 'as_of'],
                              unique=True, postgresql_where=sa.text(ACTIVE),
                              sqlite_where=sa.text(ACTIVE))


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('uq_reports_active', postgresql_where=sa.text(ACTIVE),
                            sqlite_where=sa.text(ACTIVE))
        batch_op.drop_index('ix_reports_place')
    op.drop_table('reports')
