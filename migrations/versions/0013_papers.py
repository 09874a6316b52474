"""documents ready to sign: a school's settlement, the council's protocol, the order
that fixed each pair

Revision ID: 0013_papers
Revises: 0012_people
Create Date: 2026-11-29 17:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_papers'
down_revision = '0012_people'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settlement', sa.String(length=120), server_default='',
                                      nullable=False))
    with op.batch_alter_table('school_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('protocol_number', sa.String(length=32),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('protocol_date', sa.Date(), nullable=True))
    with op.batch_alter_table('mentoring_pairs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fixed_by_document_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_mentoring_pairs_fixed_by_document_id'),
                              ['fixed_by_document_id'], unique=False)
        batch_op.create_foreign_key('fk_mentoring_pairs_fixed_by_document_id_school_documents',
                                    'school_documents', ['fixed_by_document_id'], ['id'])


def downgrade():
    with op.batch_alter_table('mentoring_pairs', schema=None) as batch_op:
        batch_op.drop_constraint('fk_mentoring_pairs_fixed_by_document_id_school_documents', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_mentoring_pairs_fixed_by_document_id'))
        batch_op.drop_column('fixed_by_document_id')
    with op.batch_alter_table('school_documents', schema=None) as batch_op:
        batch_op.drop_column('protocol_date')
        batch_op.drop_column('protocol_number')
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_column('settlement')
