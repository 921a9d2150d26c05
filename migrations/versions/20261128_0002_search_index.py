"""search index

One search document per served record, and the backend's full-text index over its
normalised words: an FTS5 table kept in step by triggers on SQLite, a GIN index on
`to_tsvector('simple', terms)` on PostgreSQL. The loader fills `search_document`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 07:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite: an external-content FTS5 table over search_document.terms. The words are
# normalised by the loader, so the tokenizer only splits on spaces and keeps them as-is.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "terms, content='search_document', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_document_fts_update AFTER UPDATE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    "CREATE INDEX ix_search_document_terms_fts ON search_document "
    "USING gin (to_tsvector('simple'::regconfig, terms))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_search_document_terms_fts"]
UP = {'sqlite': SQLITE_UP, 'postgresql': POSTGRES_UP}
DOWN = {'sqlite': SQLITE_DOWN, 'postgresql': POSTGRES_DOWN}


def upgrade() -> None:
    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind_rank', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title_terms', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('terms', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('term_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document')),
    sa.UniqueConstraint('kind', 'key', name=op.f('uq_search_document_kind'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_document_kind'), ['kind'], unique=False)

    for statement in UP.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWN.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_kind'))

    op.drop_table('search_document')
