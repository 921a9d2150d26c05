"""The dataset as a whole: version, load time, counts, sources, licence and attribution."""

from sqlalchemy import select
from sqlalchemy.engine import Connection

from app.models import DatasetRelease
from app.models.dataset import DatasetPublic, DatasetSourcePublic, ReleasePublic
from app.queries.tables import SOURCE, table
from app.queries.urls import Urls

# The compiled dataset (structure, slugs, dates, qualifiers) is open data under CC BY 4.0;
# the code is MIT (pyproject.toml). Quoted excerpts remain their publishers' words.
RELEASE = table(DatasetRelease)
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def dataset(conn: Connection, urls: Urls) -> DatasetPublic | None:
    """None when no dataset has been loaded."""
    releases = [
        ReleasePublic(version=r["version"], loaded_at=r["loaded_at"], current=bool(r["current"]))
        for r in conn.execute(select(RELEASE)).mappings().all()
    ]
    releases.sort(key=lambda r: (r.loaded_at, r.version), reverse=True)
    current = next((r for r in releases if r.current), None)
    if current is None:
        return None
    counts_row = conn.execute(
        select(RELEASE.c.counts).where(RELEASE.c.version == current.version)
    ).scalar_one()
    sources = sorted(
        (
            DatasetSourcePublic(
                slug=r["slug"],
                url=urls.record("sources", r["slug"]),
                publisher=r["publisher"],
                title=r["title"],
                document_url=r["url"],
                text_stored=bool(r["text_stored"]),
            )
            for r in conn.execute(
                select(
                    SOURCE.c.slug,
                    SOURCE.c.publisher,
                    SOURCE.c.title,
                    SOURCE.c.url,
                    SOURCE.c.text_stored,
                )
            ).mappings()
        ),
        key=lambda s: s.slug,
    )
    publishers = ", ".join(dict.fromkeys(s.publisher for s in sources))
    return DatasetPublic(
        version=current.version,
        loaded_at=current.loaded_at,
        counts={k: int(v) for k, v in counts_row.items()},
        releases=releases,
        sources=sources,
        licence=LICENCE,
        licence_url=LICENCE_URL,
        attribution=(
            "MSS Facts API: structured facts about the Multinational Security Support "
            "mission in Haiti, each citing its source. Quoted excerpts and claims are the "
            f"words and reporting of their publishers: {publishers}."
        ),
        citation=(
            f"Cite the record's URL and dataset version {current.version}, and the source "
            "named in the fact's evidence (its document URL)."
        ),
    )
