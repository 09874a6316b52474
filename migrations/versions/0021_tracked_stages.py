"""tracked stages: roadmaps already opened learn the rules of 4.1–4.3, 5.2 and 5.3

Activities of stages 4–5 were ticked by hand until matching, training, programs and support
plans came to the platform; their rules are copied into every template and school roadmap
that still has none (a municipality's own template and the years under way included), so
they complete from those records from now on. An activity already done by hand stays done.

Revision ID: 0021_tracked_stages
Revises: 0020_matching
Create Date: 2026-12-07 23:50:00

"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_tracked_stages'
down_revision = '0020_matching'
branch_labels = None
depends_on = None

# The seed's rules as of this revision (a migration never reads the live seed).
RULES = {'4.1': {'event': 'matching.decided',
         'where': {'formed': True},
         'says': 'куратор принял предложение подбора наставника (или выбрал другого '
                 'наставника из банка) и по нему сформирована пара'},
 '4.2': {'event': 'training.material_added',
         'where': {},
         'condition': 'training_materials_available',
         'says': 'в наборе методических материалов школы есть хотя бы один материал для '
                 'наставников (свой или включённый из муниципальной или региональной '
                 'библиотеки)'},
 '4.3': {'event': 'training.attendance_recorded',
         'where': {'anyone_present': True},
         'condition': 'mentor_attended_session',
         'says': 'по консультации, установочной сессии или обмену опытом сохранён лист '
                 'регистрации, где хотя бы один наставник школы отмечен присутствующим'},
 '5.2': {'event': 'program.approved',
         'where': {},
         'condition': 'every_pair_has_approved_program',
         'says': 'утверждены персонализированные программы всех действующих пар и групп '
                 'учебного года'},
 '5.3': {'event': 'support.plan_saved',
         'where': {},
         'condition': 'every_waiting_mentee_has_a_plan',
         'says': 'у каждого наставляемого, ожидающего наставника, есть план сопровождения'}}

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
