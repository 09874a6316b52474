"""accounts tied to teachers: lower(email) index, hire year, leaving the school

Revision ID: 0012_people
Revises: 0011_clock
Create Date: 2026-11-29 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_people'
down_revision = '0011_clock'
branch_labels = None
depends_on = None


def upgrade():
    # Addresses have always been stored lower-cased and checked case-insensitively, so
    # no two rows collide here.
    op.create_index('uq_users_email_lower', 'users', [sa.text('lower(email)')], unique=True)
    with op.batch_alter_table('teachers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hired_in', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_reason', sa.String(length=32), nullable=True))
    op.create_index('uq_teachers_account', 'teachers', ['school_id', 'user_id'], unique=True,
                    postgresql_where=sa.text('employed AND user_id IS NOT NULL'),
                    sqlite_where=sa.text('employed AND user_id IS NOT NULL'))


def downgrade():
    op.drop_index('uq_teachers_account', table_name='teachers',
                  postgresql_where=sa.text('employed AND user_id IS NOT NULL'),
                  sqlite_where=sa.text('employed AND user_id IS NOT NULL'))
    with op.batch_alter_table('teachers', schema=None) as batch_op:
        batch_op.drop_column('left_reason')
        batch_op.drop_column('left_on')
        batch_op.drop_column('hired_in')
    op.drop_index('uq_users_email_lower', table_name='users')
