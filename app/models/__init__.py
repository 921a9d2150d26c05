"""Table models, one module per entity. Importing this package registers every table."""

from sqlalchemy import MetaData
from sqlmodel import SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from app.models.contingent import Contingent, ContingentEscort  # noqa: E402
from app.models.dataset import DatasetRelease  # noqa: E402
from app.models.decision import Decision, DecisionAbstention  # noqa: E402
from app.models.event import Event, EventInvolvement  # noqa: E402
from app.models.evidence import Conflict, ConflictClaim, Evidence  # noqa: E402
from app.models.mission import Mission, Participation  # noqa: E402
from app.models.nation import Nation  # noqa: E402
from app.models.official import Official, Position  # noqa: E402
from app.models.organisation import Organisation  # noqa: E402
from app.models.pledge import Pledge  # noqa: E402
from app.models.quote import Quote  # noqa: E402
from app.models.release import (  # noqa: E402
    DatasetDump,
    RecordBody,
    RecordRedirect,
    ReleaseRecord,
)
from app.models.search import SearchDocument  # noqa: E402
from app.models.source import Source  # noqa: E402
from app.models.strength import Strength  # noqa: E402

metadata: MetaData = SQLModel.metadata

__all__ = [
    "Conflict",
    "ConflictClaim",
    "Contingent",
    "ContingentEscort",
    "DatasetDump",
    "DatasetRelease",
    "Decision",
    "DecisionAbstention",
    "Event",
    "EventInvolvement",
    "Evidence",
    "Mission",
    "Nation",
    "Official",
    "Organisation",
    "Participation",
    "Pledge",
    "Position",
    "Quote",
    "RecordBody",
    "RecordRedirect",
    "ReleaseRecord",
    "SearchDocument",
    "Source",
    "Strength",
    "metadata",
]
