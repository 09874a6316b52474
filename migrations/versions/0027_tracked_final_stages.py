"""tracked final stages: roadmaps already opened learn the rules of 6.1, 6.3 and 7.1

Monitoring, the final event and publications came to the platform; as 0021 did for stages
4–5, their rules are copied into every template and school roadmap that still has none.
An activity already done by hand stays done.

Revision ID: 0027_tracked_final_stages
Revises: 0026_final_event
Create Date: 2026-12-08 01:25:00

"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027_tracked_final_stages'
down_revision = '0026_final_event'
branch_labels = None
depends_on = None

# The seed's rules as of this revision (a migration never reads the live seed).
RULES = {'6.1': {'event': 'monitoring.answered',
         'where': {'round': 'final'},
         'condition': 'every_finished_pair_answered',
         'says': 'на итоговую анкету мониторинга ответил хотя бы один участник каждой пары '
                 '(группы), завершившей программу в учебном году'},
 '6.3': {'event': 'final_event.held',
         'where': {},
         'says': 'на платформе отмечено проведённым итоговое мероприятие учебного года'},
 '7.1': {'event': 'publication.published',
         'where': {},
         'says': 'на платформе опубликована новость о наставничестве в открытом разделе '
                 'школы'}}

TABLES = ('roadmap_template_activities', 'roadmap_activities')


def upgrade():
    bind = op.get_bind()
    for table in TABLES:
        for code, rule in RULES.items():
            bind.execute(sa.text(f"UPDATE {table} SET auto_complete = :rule "
                                 "WHERE code = :code AND auto_complete IS NULL"),
                         {"rule": json.dumps(rule, ensure_ascii=False), "code": code})


def downgrade():
    bind = op.get_bind()
    for table in TABLES:
        rows = bind.execute(sa.text(
            f"SELECT id, code, auto_complete FROM {table} WHERE auto_complete IS NOT NULL"))
        for row_id, code, rule in rows.all():
            rule = json.loads(rule) if isinstance(rule, str) else rule
            if RULES.get(code) == rule:
                bind.execute(sa.text(f"UPDATE {table} SET auto_complete = NULL "
                                     "WHERE id = :id"), {"id": row_id})
