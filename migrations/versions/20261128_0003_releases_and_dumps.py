"""releases and dumps

Per-release snapshots of every served record (content-addressed bodies and, per release,
which body each record had), redirects of merged or renamed records, and the dumps of the
current release.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 08:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('record_body',
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_record_body'))
    )
    op.create_table('release_record',
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('resource', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['digest'], ['record_body.digest'], name=op.f('fk_release_record_digest_record_body')),
    sa.PrimaryKeyConstraint('version', 'resource', 'key', name=op.f('pk_release_record'))
    )
    with op.batch_alter_table('release_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_release_record_digest'), ['digest'], unique=False)

    op.create_table('record_redirect',
    sa.Column('resource', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('old_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('new_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('resource', 'old_key', name=op.f('pk_record_redirect'))
    )
    op.create_table('dataset_dump',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_dataset_dump'))
    )


def downgrade() -> None:
    op.drop_table('dataset_dump')
    op.drop_table('record_redirect')
    with op.batch_alter_table('release_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_release_record_digest'))

    op.drop_table('release_record')
    op.drop_table('record_body')
