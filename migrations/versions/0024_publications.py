"""publications: the school's news and the documents it made public

Revision ID: 0024_publications
Revises: 0023_practices
Create Date: 2026-12-08 00:55:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024_publications'
down_revision = '0023_practices'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'publications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('dated', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('site_url', sa.String(length=2000), nullable=True),
        sa.Column('vk_url', sa.String(length=2000), nullable=True),
        sa.Column('telegram_url', sa.String(length=2000), nullable=True),
        sa.Column('image_type', sa.String(length=32), nullable=True),
        sa.Column('image', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True),
                  server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True),
                  server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_publications_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'],
                                name=op.f('fk_publications_school_id_schools')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
        sa.UniqueConstraint('school_id', 'title', 'dated',
                            name=op.f('uq_publications_school_id')),
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_school_id'), ['school_id'],
                              unique=False)

    op.create_table(
        'public_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('academic_year', sa.Integer(), nullable=False),
        sa.Column('shown_at', sa.DateTime(timezone=True),
                  server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'],
                                name=op.f('fk_public_documents_school_id_schools')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_public_documents')),
        sa.UniqueConstraint('school_id', 'kind', 'academic_year',
                            name=op.f('uq_public_documents_school_id')),
    )
    with op.batch_alter_table('public_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_documents_school_id'), ['school_id'],
                              unique=False)

    _state_table('publication_state', ['school_id', 'item'],
                 sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
                 sa.Column('item', sa.String(length=64), nullable=False),
                 sa.Column('kind', sa.String(length=16), nullable=False),
                 sa.Column('since', sa.Date(), nullable=False),
                 sa.Column('ended_on', sa.Date(), nullable=True))


OPEN = sa.text('until_position IS NULL')
POSITION = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _state_table(name, key, *columns):
    """A versioned state table (``platform/oversight/state.py``, ``Versioned``)."""
    op.create_table(
        name, *columns,
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('since_position', POSITION, autoincrement=False, nullable=False),
        sa.Column('until_position', POSITION, nullable=True),
        sa.PrimaryKeyConstraint(*key, 'since_position', name=op.f(f'pk_{name}')),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        for place in ('municipality', 'region'):
            batch_op.create_index(f'ix_{name}_open_{place}', [f'{place}_id'], unique=False,
                                  postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade():
    with op.batch_alter_table('publication_state', schema=None) as batch_op:
        for place in ('region', 'municipality'):
            batch_op.drop_index(f'ix_publication_state_open_{place}', postgresql_where=OPEN,
                                sqlite_where=OPEN)
    op.drop_table('publication_state')
    with op.batch_alter_table('public_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_documents_school_id'))
    op.drop_table('public_documents')
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_school_id'))
    op.drop_table('publications')
