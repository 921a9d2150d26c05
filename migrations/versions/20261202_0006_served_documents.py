"""served documents

Each release's stored record bodies (`record_body`) are now the documents the API
serves: the loader compiles them in the public model's field order and a request splices
them into its response, where they were a snapshot for the change feed before (sorted
keys). No table changes; a new revision makes the next `mss-facts load` of unchanged
data files compile the current release's documents again (the loader skips a load only
when the version and the schema revision are both current).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 03:00:00.000000
"""

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
