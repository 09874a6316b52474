"""a roadmap that tells the truth: the day of completion, evidence documents, stated rules

Revision ID: 0014_truth
Revises: 0013_papers
Create Date: 2026-11-29 17:30:00

"""
# ruff: noqa: E501 - the rules are data, one per line
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_truth'
down_revision = '0013_papers'
branch_labels = None
depends_on = None

# The seed's rules as of this revision, each stating its condition in words. Copies made
# from the earlier seed (templates and school roadmaps) get them; 2.2 and 3.2 no longer
# complete on anyone's consent but on a bank that holds someone with consent.
RULES = {
    '1.1': {"event": "document.approved", "where": {"kind": "regulation_order"}, "says": "на платформе утверждён приказ об утверждении Положения"},
    '1.2': {"event": "document.approved", "where": {"kind": "regulation"}, "says": "на платформе утверждено Положение о наставничестве"},
    '1.3': {"event": "document.approved", "where": {"kind": "roadmap"}, "says": "на платформе утверждена дорожная карта"},
    '1.4': {"event": "document.approved", "where": {"kind": "pair_order"}, "says": "на платформе утверждён приказ о закреплении наставнических пар/групп"},
    '1.5': {"event": "document.approved", "where": {"kind": "program_template"}, "says": "на платформе утверждён шаблон персонализированной программы"},
    '2.1': {"event": "mentee.entered", "where": {}, "condition": "mentee_bank_not_empty", "says": "в банке наставляемых есть хотя бы одна анкета профессиональных запросов педагога"},
    '2.2': {"event": "mentee.entered", "where": {}, "condition": "mentee_bank_with_consent", "says": "в банке наставляемых есть хотя бы один наставляемый с действующим согласием на обработку персональных данных"},
    '3.1': {"event": "mentor.entered", "where": {}, "condition": "mentor_bank_not_empty", "says": "в банке наставников есть хотя бы одна анкета потенциального наставника"},
    '3.2': {"event": "mentor.entered", "where": {}, "condition": "mentor_bank_with_consent", "says": "в банке наставников есть хотя бы один наставник с действующим согласием на обработку персональных данных"},
    '5.1': {"event": "pair.formed", "where": {}, "says": "сформирована первая наставническая пара или группа учебного года"},
    '6.2': {"event": "document.approved", "where": {"kind": "final_event_order"}, "says": "на платформе утверждён приказ о проведении итогового мероприятия"},
}
OLD_EVENTS = {"2.2": "consent.given", "3.2": "consent.given"}


def upgrade():
    with op.batch_alter_table('roadmap_activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('evidence_document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_roadmap_activities_evidence_document_id_school_documents'),
            'school_documents', ['evidence_document_id'], ['id'], ondelete='SET NULL')
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        # The day of completion on the school's own calendar (its region's zone).
        op.execute("""
            UPDATE roadmap_activities AS a
               SET completed_on = (a.completed_at AT TIME ZONE r.timezone)::date
              FROM schools AS s JOIN regions AS r ON r.id = s.region_id
             WHERE s.id = a.school_id AND a.completed_at IS NOT NULL""")
    else:
        op.execute("UPDATE roadmap_activities SET completed_on = date(completed_at) "
                   "WHERE completed_at IS NOT NULL")
    # The projection of roadmap events (filled by the workers, `flask projections rebuild`).
    op.create_table('roadmap_activity_state',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('academic_year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('due_to', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('school_id', 'academic_year', 'code',
                            name=op.f('pk_roadmap_activity_state'))
    )
    with op.batch_alter_table('roadmap_activity_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_activity_state_municipality_id'),
                              ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_activity_state_region_id'),
                              ['region_id'], unique=False)
    for table in ('roadmap_template_activities', 'roadmap_activities'):
        rows = bind.execute(sa.text(
            f"SELECT id, code, auto_complete FROM {table} WHERE auto_complete IS NOT NULL"))
        for row_id, code, rule in rows.all():
            rule = json.loads(rule) if isinstance(rule, str) else rule
            if code in RULES and rule.get('event') in (RULES[code]['event'],
                                                       OLD_EVENTS.get(code)):
                bind.execute(sa.text(f"UPDATE {table} SET auto_complete = :rule WHERE id = :id"),
                             {"rule": json.dumps(RULES[code], ensure_ascii=False),
                              "id": row_id})


def downgrade():
    with op.batch_alter_table('roadmap_activity_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_activity_state_region_id'))
        batch_op.drop_index(batch_op.f('ix_roadmap_activity_state_municipality_id'))
    op.drop_table('roadmap_activity_state')
    with op.batch_alter_table('roadmap_activities', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_roadmap_activities_evidence_document_id_school_documents'),
            type_='foreignkey')
        batch_op.drop_column('evidence_document_id')
        batch_op.drop_column('completed_on')
