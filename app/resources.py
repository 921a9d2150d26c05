"""The registry: one entry per kind of record the API serves.

Every consumer reads this list and nothing else: the routers (`app.api.v1.records`), the
OpenAPI text, the snapshots the loader compiles (`app.loader.snapshots`), version pinning
and redirects, citations, JSON-LD and the link kinds. Adding a kind of record is adding
an entry here (see docs/adding-a-resource.md).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Column, Connection

from app.loader.documents import (
    conflicts as conflicts_documents,
)
from app.loader.documents import (
    contingents as contingents_documents,
)
from app.loader.documents import (
    decisions as decisions_documents,
)
from app.loader.documents import (
    events as events_documents,
)
from app.loader.documents import (
    missions as missions_documents,
)
from app.loader.documents import (
    nations as nations_documents,
)
from app.loader.documents import (
    officials as officials_documents,
)
from app.loader.documents import (
    organisations as organisations_documents,
)
from app.loader.documents import (
    pledges as pledges_documents,
)
from app.loader.documents import (
    quotes as quotes_documents,
)
from app.loader.documents import (
    sources as sources_documents,
)
from app.loader.documents import (
    strength as strength_documents,
)
from app.models.contingent import ContingentPublic
from app.models.decision import DecisionPublic
from app.models.event import EventPublic
from app.models.evidence import ConflictPublic
from app.models.mission import MissionPublic
from app.models.nation import NationPublic
from app.models.official import OfficialPublic
from app.models.organisation import OrganisationPublic
from app.models.pledge import PledgePublic
from app.models.quote import QuotePublic
from app.models.source import SourceDetailPublic, SourcePublic
from app.models.strength import StrengthPublic
from app.queries import (
    conflicts,
    contingents,
    decisions,
    events,
    missions,
    nations,
    officials,
    organisations,
    pledges,
    quotes,
    sources,
    strength,
)
from app.queries.listing import ListSpec
from app.queries.urls import Urls

# Compiles records by key into their public models (run by the loader, never per request).
Compile = Callable[[Connection, Iterable[str], Urls], Mapping[str, BaseModel]]


@dataclass(frozen=True)
class Resource:
    """A kind of record: how it is listed, looked up, compiled, documented and typed."""

    name: str  # the URL segment, snapshot resource and link kind: "contingents"
    spec: ListSpec  # table, key, filters, sorts, facets, includes and fields of its list
    model: type[BaseModel]  # the public model of one record (`GET /v1/{name}/{key}`)
    compile: Compile
    jsonld_type: str  # its schema.org type
    example: str  # a key that exists, for the OpenAPI examples
    list_description: str
    item_description: str
    list_summary: str
    item_summary: str
    search_rank: int  # search hits of equal relevance come in this order of kind
    dataset: str  # the loader's Dataset attribute that holds its records
    name_column: str | None  # the column a link to it shows as `name`, if any
    # The public model of a list item when it is not `model` (a source's list item has
    # no text); list items leave out the fields `model` has and it does not.
    list_model: type[BaseModel] | None = None
    item_title: str = ""  # the item envelope's docstring, if not "One <singular>."
    key_param: str = "slug"  # the path parameter: {slug}, or {code} for nations
    upper_key: bool = False  # keys are upper case; lookups take either case

    @property
    def singular(self) -> str:
        """ "contingent": the `object` its records carry, in 404 details and envelope names."""
        value: str = self.model.model_fields["object"].default
        return value

    @property
    def key_column(self) -> Column[Any]:
        column: Column[Any] = self.spec.key  # type: ignore[assignment]
        return column

    @property
    def list_item(self) -> type[BaseModel]:
        """The public model of one item of its list."""
        return self.list_model or self.model

    @property
    def item_fields(self) -> tuple[str, ...]:
        return tuple(self.model.model_fields)

    @property
    def list_omits(self) -> frozenset[str]:
        """Fields of a stored document that list items leave out."""
        if self.list_model is None:
            return frozenset()
        return frozenset(self.model.model_fields) - frozenset(self.list_model.model_fields)

    def normal_key(self, key: str) -> str:
        return key.upper() if self.upper_key else key


MISSION_TEXT = (
    "Its purpose, who authorised it, its lead and host nations and partner organisation, "
    "every participating nation with its role and personnel figures (each figure with its "
    "qualifier and as-of date, and the latest per participation under `current_figures`), "
    "when it was authorised and when that ended, the mission it succeeded and those that "
    "succeeded it, links to its contingents, decisions, strength series and pledges, and "
    "its events, with evidence throughout."
)

MISSIONS = Resource(
    name="missions",
    search_rank=0,
    dataset="missions",
    name_column="name",
    spec=missions.SPEC,
    model=MissionPublic,
    compile=missions_documents.by_keys,
    jsonld_type="Organization",
    example=missions.PRIMARY_MISSION,
    list_description=f"Every mission in the dataset. {MISSION_TEXT}",
    item_description=f"One mission by slug. {MISSION_TEXT}",
    list_summary="List missions.",
    item_summary="Get one mission by slug.",
)

RESOURCES: tuple[Resource, ...] = (
    MISSIONS,
    Resource(
        name="contingents",
        search_rank=4,
        dataset="contingents",
        name_column=None,
        spec=contingents.SPEC,
        model=ContingentPublic,
        compile=contingents_documents.by_keys,
        jsonld_type="Event",
        example="ke-217-january-2025",
        list_description="Every deployment the sources report: arrived (with the day and "
        "place), deployed (sent, arrival not reported), departed and planned (dates as the "
        "source words them). Personnel keep their qualifier; conflicting claims (which contingent "
        "was the third) appear side by side under `conflicts`. Default order: by arrival, "
        "then deployment date, then slug (undated last).",
        item_description="One contingent with its escorts, events, evidence and any "
        "conflicting claims. `include=nation,mission,escorts` inlines those records in full.",
        list_summary="List contingents, filtered, sorted and paged.",
        item_summary="Get one contingent by slug.",
    ),
    Resource(
        name="nations",
        search_rank=1,
        dataset="nations",
        name_column="name",
        spec=nations.SPEC,
        model=NationPublic,
        compile=nations_documents.by_keys,
        jsonld_type="Country",
        example="KE",
        list_description=(
            "Every nation the sources name, keyed by ISO 3166-1 alpha-2 code, with the roles "
            "it plays in each mission (lead, police/personnel/military contributor, "
            "supporter, host), its personnel figures with their qualifiers and as-of dates, "
            "and links to its contingents, officials, organisations and events."
        ),
        item_description="One nation by ISO code (case-insensitive: ke and KE are the same).",
        list_summary="List nations and their roles.",
        item_summary="Get one nation by ISO code.",
        key_param="code",
        upper_key=True,
    ),
    Resource(
        name="officials",
        search_rank=2,
        dataset="officials",
        name_column="name",
        spec=officials.SPEC,
        model=OfficialPublic,
        compile=officials_documents.by_keys,
        jsonld_type="Person",
        example="joseph-boinnet",
        list_description=(
            "Every official the sources name, with every title they give (current and former, "
            "each with its organisation and its own evidence), the contingents they escorted, "
            "the quotes they spoke and the events they took part in."
        ),
        item_description="One official. `include=nation` inlines the nation record.",
        list_summary="List officials and their positions.",
        item_summary="Get one official by slug.",
    ),
    Resource(
        name="organisations",
        search_rank=3,
        dataset="organisations",
        name_column="name",
        spec=organisations.SPEC,
        model=OrganisationPublic,
        compile=organisations_documents.by_keys,
        jsonld_type="Organization",
        example="national-police-service-kenya",
        list_description=(
            "Every organisation the sources name (police services, the UN Security Council, "
            "...), with the positions people hold in it, its part in missions (authorised_by, "
            "partner_organisation), and the statements it made."
        ),
        item_description="One organisation. `include=nation` inlines the nation record.",
        list_summary="List organisations.",
        item_summary="Get one organisation by slug.",
    ),
    Resource(
        name="quotes",
        search_rank=6,
        dataset="quotes",
        name_column=None,
        spec=quotes.SPEC,
        model=QuotePublic,
        compile=quotes_documents.by_keys,
        jsonld_type="Quotation",
        example="ruto-us-blessing-to-our-nation",
        list_description=(
            "Every quoted passage, word for word as the source prints it inside its quotation "
            "marks, with its speaker (an official or an organisation), venue, occasion, date "
            "(as worded, with its bounds) and the excerpt it was taken from. Default order: by "
            "date, undated last."
        ),
        item_description="One quote. `include=speaker,event` inlines those records.",
        list_summary="List quotes.",
        item_summary="Get one quote by slug.",
    ),
    Resource(
        name="events",
        search_rank=5,
        dataset="events",
        name_column="title",
        spec=events.SPEC,
        model=EventPublic,
        compile=events_documents.by_keys,
        jsonld_type="Event",
        example="ke-217-arrives-port-au-prince",
        list_description=(
            "The timeline: requests, authorisation, departures, arrivals, deployments (past "
            "and planned), speeches and statements. Chronological by default with date "
            "precision respected: ordered by the earliest possible day, then the latest, so a "
            "known day comes before the month around it; events with no known date come "
            "last. `date__overlaps=2025-01` finds events that may fall in January 2025."
        ),
        item_description="One event, with the records it involves and the quotes said at it.",
        list_summary="List events, chronologically.",
        item_summary="Get one event by slug.",
    ),
    Resource(
        name="decisions",
        search_rank=9,
        dataset="decisions",
        name_column="title",
        spec=decisions.SPEC,
        model=DecisionPublic,
        compile=decisions_documents.by_keys,
        jsonld_type="Legislation",
        example="unsc-resolution-2699",
        list_description=(
            "The formal decisions about each mission: Security Council resolutions (number, "
            "date, the vote with the nations that abstained, what it authorised, for how long "
            "and any personnel ceiling), and national steps (cabinet and parliamentary "
            "approvals, court orders and rulings, agreements between states). Default order: "
            "by date."
        ),
        item_description="One decision. `include=mission,body` inlines those records.",
        list_summary="List decisions: resolutions, approvals, rulings, agreements.",
        item_summary="Get one decision by slug.",
    ),
    Resource(
        name="strength",
        search_rank=10,
        dataset="strength",
        name_column=None,
        spec=strength.SPEC,
        model=StrengthPublic,
        compile=strength_documents.by_keys,
        jsonld_type="Observation",
        example="mss-haiti-ke-police-over-600",
        list_description=(
            "The mission's reported strength over time: every reported number of personnel, "
            "as of the day it was true, for the whole mission (`scope=mission`), one nation "
            "(`nation=KE`) or one service, each with its qualifier (a lower bound stays a "
            "lower bound) and its sources. A time series, oldest first: "
            "`/v1/strength?nation=KE&format=csv` is ready to chart."
        ),
        item_description="One reported figure, with its evidence.",
        list_summary="List reported strength figures, as a time series.",
        item_summary="Get one reported strength figure by slug.",
    ),
    Resource(
        name="pledges",
        search_rank=11,
        dataset="pledges",
        name_column=None,
        spec=pledges.SPEC,
        model=PledgePublic,
        compile=pledges_documents.by_keys,
        jsonld_type="Event",
        example="mss-pledge-example",
        list_description=(
            "Who promised how many personnel, and when: pledges, offers and formal "
            "notifications by nation, each with its sources. Compare with "
            "`/v1/contingents?nation=` for who came."
        ),
        item_description="One pledge. `include=mission,nation` inlines those records.",
        list_summary="List pledges of personnel.",
        item_summary="Get one pledge by slug.",
    ),
    Resource(
        name="sources",
        search_rank=8,
        dataset="sources",
        name_column="title",
        spec=sources.SPEC,
        model=SourceDetailPublic,
        list_model=SourcePublic,
        item_title="One source, with its stored text.",
        compile=sources_documents.details,
        jsonld_type="NewsArticle",
        example="odrimedia-ruto-haiti-mss",
        list_description="Every cited document: publisher, URL, kind, publication date (as "
        "known, with its bounds), whether its text is stored (`text_stored`: its excerpts are "
        "verified character for character) and how often it is cited. The text itself is on "
        "each source's own URL.",
        item_description="One source with its metadata and, when stored, its full text byte "
        "for byte; every excerpt's `start`/`end` index into this `text`.",
        list_summary="List sources.",
        item_summary="Get one source, with its stored text.",
    ),
    Resource(
        name="conflicts",
        search_rank=7,
        dataset="conflicts",
        name_column=None,
        spec=conflicts.SPEC,
        model=ConflictPublic,
        compile=conflicts_documents.by_keys,
        jsonld_type="Claim",
        example="which-contingent-was-third",
        list_description=(
            "Where sources disagree. Each conflict lists its sides: the record and field each "
            "is about, its value, and only the evidence that backs that field. Nothing is "
            "resolved; every side is shown."
        ),
        item_description="One conflict, every side with its value and evidence.",
        list_summary="List conflicting claims.",
        item_summary="Get one conflict by slug.",
    ),
)

BY_NAME: dict[str, Resource] = {r.name: r for r in RESOURCES}
NAMES: tuple[str, ...] = tuple(BY_NAME)
# Kinds in the order search ranks hits of equal relevance.
SEARCH_ORDER: tuple[str, ...] = tuple(
    r.name for r in sorted(RESOURCES, key=lambda r: r.search_rank)
)


def resource(name: str) -> Resource | None:
    return BY_NAME.get(name)
