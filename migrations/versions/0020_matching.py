"""matching: decisions, weights, support plans and their state

Revision ID: 0020_matching
Revises: 0019_training
Create Date: 2026-12-07 23:13:22.989144

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_matching'
down_revision = '0019_training'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matching_decision_state',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('decision', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('since_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('until_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('school_id', 'decision', 'since_position', name=op.f('pk_matching_decision_state'))
    )
    with op.batch_alter_table('matching_decision_state', schema=None) as batch_op:
        batch_op.create_index('ix_matching_decision_state_open_municipality', ['municipality_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.create_index('ix_matching_decision_state_open_region', ['region_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.create_table('support_plan_state',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('teacher', sa.String(length=36), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('since_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('until_position', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('school_id', 'teacher', 'since_position', name=op.f('pk_support_plan_state'))
    )
    with op.batch_alter_table('support_plan_state', schema=None) as batch_op:
        batch_op.create_index('ix_support_plan_state_open_municipality', ['municipality_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.create_index('ix_support_plan_state_open_region', ['region_id'], unique=False, postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.create_table('matching_weights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requests', sa.Float(), nullable=False),
    sa.Column('subject', sa.Float(), nullable=False),
    sa.Column('experience', sa.Float(), nullable=False),
    sa.Column('qualification', sa.Float(), nullable=False),
    sa.Column('capacity', sa.Float(), nullable=False),
    sa.Column('forms', sa.Float(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_matching_weights_changed_by_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_matching_weights_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_weights'))
    )
    with op.batch_alter_table('matching_weights', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matching_weights_school_id'), ['school_id'], unique=False)
        batch_op.create_index('uq_matching_weights_school', ['school_id'], unique=True)

    op.create_table('support_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mentee_id'], ['teachers.id'], name=op.f('fk_support_plans_mentee_id_teachers')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_support_plans_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_plans'))
    )
    with op.batch_alter_table('support_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_plans_school_id'), ['school_id'], unique=False)
        batch_op.create_index('uq_support_plans_mentee', ['mentee_id'], unique=True)

    op.create_table('matching_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('proposed_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('chosen_id', sa.Integer(), nullable=True),
    sa.Column('pair_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('from_optimal', sa.Boolean(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chosen_id'], ['teachers.id'], name=op.f('fk_matching_decisions_chosen_id_teachers')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_matching_decisions_decided_by_users')),
    sa.ForeignKeyConstraint(['mentee_id'], ['teachers.id'], name=op.f('fk_matching_decisions_mentee_id_teachers')),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_matching_decisions_pair_id_mentoring_pairs')),
    sa.ForeignKeyConstraint(['proposed_id'], ['teachers.id'], name=op.f('fk_matching_decisions_proposed_id_teachers')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_matching_decisions_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_decisions'))
    )
    with op.batch_alter_table('matching_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matching_decisions_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matching_decisions_school_id'), ['school_id'], unique=False)
        batch_op.create_index('uq_matching_decisions_proposal', ['mentee_id', 'proposed_id', 'round'], unique=True)

    op.create_table('support_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('supporter', sa.String(length=32), nullable=False),
    sa.Column('person', sa.String(length=200), server_default=sa.text("''"), nullable=False),
    sa.Column('support', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['support_plans.id'], name=op.f('fk_support_items_plan_id_support_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_items'))
    )
    with op.batch_alter_table('support_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_items_plan_id'), ['plan_id'], unique=False)



def downgrade():
    with op.batch_alter_table('support_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_items_plan_id'))

    op.drop_table('support_items')
    with op.batch_alter_table('matching_decisions', schema=None) as batch_op:
        batch_op.drop_index('uq_matching_decisions_proposal')
        batch_op.drop_index(batch_op.f('ix_matching_decisions_school_id'))
        batch_op.drop_index(batch_op.f('ix_matching_decisions_mentee_id'))

    op.drop_table('matching_decisions')
    with op.batch_alter_table('support_plans', schema=None) as batch_op:
        batch_op.drop_index('uq_support_plans_mentee')
        batch_op.drop_index(batch_op.f('ix_support_plans_school_id'))

    op.drop_table('support_plans')
    with op.batch_alter_table('matching_weights', schema=None) as batch_op:
        batch_op.drop_index('uq_matching_weights_school')
        batch_op.drop_index(batch_op.f('ix_matching_weights_school_id'))

    op.drop_table('matching_weights')
    with op.batch_alter_table('support_plan_state', schema=None) as batch_op:
        batch_op.drop_index('ix_support_plan_state_open_region', postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.drop_index('ix_support_plan_state_open_municipality', postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.drop_table('support_plan_state')
    with op.batch_alter_table('matching_decision_state', schema=None) as batch_op:
        batch_op.drop_index('ix_matching_decision_state_open_region', postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))
        batch_op.drop_index('ix_matching_decision_state_open_municipality', postgresql_where=sa.text('until_position IS NULL'), sqlite_where=sa.text('until_position IS NULL'))

    op.drop_table('matching_decision_state')
