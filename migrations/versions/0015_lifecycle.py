"""pairs with a life cycle: an early end (date, reason, outcome) and a cancellation

Revision ID: 0015_lifecycle
Revises: 0014_truth
Create Date: 2026-11-29 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_lifecycle'
down_revision = '0014_truth'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mentoring_pairs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('end_outcome', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_mentoring_pairs_early_end'), "(status = 'ended_early') = (ended_on IS NOT NULL "
                         "AND end_reason IS NOT NULL AND end_outcome IS NOT NULL)")


def downgrade():
    with op.batch_alter_table('mentoring_pairs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_mentoring_pairs_early_end'), type_='check')
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('end_outcome')
        batch_op.drop_column('end_reason')
        batch_op.drop_column('ended_on')
