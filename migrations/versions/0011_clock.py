"""a region's time zone

Revision ID: 0011_clock
Revises: 0010_privacy
Create Date: 2026-11-29 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_clock'
down_revision = '0010_privacy'
branch_labels = None
depends_on = None


def upgrade():
    # Every region so far lives on Moscow time; the administrator sets the others.
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64),
                                      server_default='Europe/Moscow', nullable=False))


def downgrade():
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_column('timezone')
