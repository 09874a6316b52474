"""network mentoring: schools in the network, cross-school proposals, the network state,
and the fields a network consent lets be shown

Revision ID: 0022_network
Revises: 0021_tracked_stages
Create Date: 2026-12-07 23:12:27

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022_network'
down_revision = '0021_tracked_stages'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('network_state',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('since_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('until_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('school_id', 'item', 'since_position', name=op.f('pk_network_state'))
    )
    with op.batch_alter_table('network_state', schema=None) as batch_op:
        batch_op.create_index('ix_network_state_open_municipality', ['municipality_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.create_index('ix_network_state_open_region', ['region_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.create_table('network_agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('taking_part', sa.Boolean(), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_network_agreements_changed_by_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_agreements_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_agreements')),
    sa.UniqueConstraint('school_id', name=op.f('uq_network_agreements_school_id'))
    )
    op.create_table('network_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('mentee_school_id', sa.Integer(), nullable=False),
    sa.Column('mentor_school_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('proposed_by', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mentee_school_answer', sa.String(length=12), nullable=True),
    sa.Column('mentor_school_answer', sa.String(length=12), nullable=True),
    sa.Column('form_code', sa.String(length=32), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('pair_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['form_code'], ['mentoring_forms.code'], name=op.f('fk_network_proposals_form_code_mentoring_forms')),
    sa.ForeignKeyConstraint(['mentee_id'], ['teachers.id'], name=op.f('fk_network_proposals_mentee_id_teachers')),
    sa.ForeignKeyConstraint(['mentee_school_id'], ['schools.id'], name=op.f('fk_network_proposals_mentee_school_id_schools')),
    sa.ForeignKeyConstraint(['mentor_id'], ['teachers.id'], name=op.f('fk_network_proposals_mentor_id_teachers')),
    sa.ForeignKeyConstraint(['mentor_school_id'], ['schools.id'], name=op.f('fk_network_proposals_mentor_school_id_schools')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_network_proposals_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_network_proposals_pair_id_mentoring_pairs')),
    sa.ForeignKeyConstraint(['proposed_by'], ['users.id'], name=op.f('fk_network_proposals_proposed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_proposals'))
    )
    with op.batch_alter_table('network_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_proposals_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_proposals_mentee_school_id'), ['mentee_school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_proposals_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_proposals_mentor_school_id'), ['mentor_school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_proposals_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index('uq_network_proposals_open', ['mentee_id', 'mentor_id'], unique=True, postgresql_where=sa.text("status = 'proposed'"), sqlite_where=sa.text("status = 'proposed'"))

    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_fields', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_column('shared_fields')

    with op.batch_alter_table('network_proposals', schema=None) as batch_op:
        batch_op.drop_index('uq_network_proposals_open', postgresql_where=sa.text("status = 'proposed'"), sqlite_where=sa.text("status = 'proposed'"))
        batch_op.drop_index(batch_op.f('ix_network_proposals_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_network_proposals_mentor_school_id'))
        batch_op.drop_index(batch_op.f('ix_network_proposals_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_network_proposals_mentee_school_id'))
        batch_op.drop_index(batch_op.f('ix_network_proposals_mentee_id'))

    op.drop_table('network_proposals')
    op.drop_table('network_agreements')
    with op.batch_alter_table('network_state', schema=None) as batch_op:
        batch_op.drop_index('ix_network_state_open_region', postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.drop_index('ix_network_state_open_municipality', postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.drop_table('network_state')
