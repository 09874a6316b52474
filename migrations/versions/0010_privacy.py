"""personal questionnaire links: revocable, single-purpose, short-lived

Revision ID: 0010_privacy
Revises: 0009_sessions
Create Date: 2026-11-29 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_privacy'
down_revision = '0009_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('personal_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('bank', sa.String(length=16), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_personal_links_issued_by_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_personal_links_school_id_schools')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teachers.id'], name=op.f('fk_personal_links_teacher_id_teachers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_links'))
    )
    with op.batch_alter_table('personal_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personal_links_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_personal_links_teacher_id'), ['teacher_id'], unique=False)


def downgrade():
    with op.batch_alter_table('personal_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personal_links_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_personal_links_school_id'))

    op.drop_table('personal_links')
