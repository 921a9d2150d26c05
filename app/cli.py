"""The `mss-facts` console script: validate, load, migrate, serve."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from app.config import get_settings

if TYPE_CHECKING:
    from app.loader.dataset import Dataset

cli = typer.Typer(
    help="MSS Facts API: validate and load the curated data, migrate the schema, serve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataDir = Annotated[
    Path | None,
    typer.Argument(help="Directory of curated YAML files (default: DATA_DIR, i.e. data/)."),
]


def _fail(message: str) -> NoReturn:
    """Say why on one line of stderr and exit 1: a command never ends in a traceback."""
    typer.echo(" ".join(message.split()), err=True)
    raise typer.Exit(1)


def _unexpected(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


@cli.command()
def validate(data_dir: DataDir = None) -> None:
    """Check every data file; print every problem as file:line: record: field: reason."""
    from app.loader.progress import to_stderr
    from app.loader.validate import ValidationFailed, summary_lines, validate_dir

    directory = data_dir or get_settings().data_dir
    try:
        # A bar on a terminal; in a log the summary says enough.
        with to_stderr("validate", lines=False) as progress:
            ds = validate_dir(directory, progress)
    except ValidationFailed as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        _fail(f"{len(exc.problems)} problem(s); nothing was loaded.")
    except Exception as exc:
        _fail(f"validate failed: {_unexpected(exc)}")
    typer.echo("\n".join(summary_lines(ds)))


@cli.command()
def load(data_dir: DataDir = None) -> None:
    """Validate, then load the data into DATABASE_URL in one atomic step.

    Each phase is shown on stderr as it runs: a progress bar on a terminal, otherwise one
    line per phase with its time (`load: rows 1.23 s`)."""
    from app.loader.load import LoadError
    from app.loader.load import load as load_data
    from app.loader.progress import to_stderr
    from app.loader.validate import ValidationFailed

    settings = get_settings()
    directory = data_dir or settings.data_dir
    try:
        with to_stderr("load") as progress:
            result = load_data(directory, settings.database_url, progress)
    except ValidationFailed as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        _fail(f"{len(exc.problems)} problem(s); the database is unchanged.")
    except LoadError as exc:
        _fail(f"load failed: {exc}; the database is unchanged.")
    except Exception as exc:
        # The load is atomic whatever went wrong; still, say what it was.
        _fail(f"load failed: {_unexpected(exc)}; the database is unchanged.")
    total = sum(result.counts.values())
    if result.changed:
        typer.echo(f"loaded dataset {result.version}: {total} records")
    else:
        typer.echo(f"dataset {result.version} is already loaded; nothing changed")


curate = typer.Typer(
    help="Questions curators ask of the data files, and adding a source.",
    no_args_is_help=True,
)
cli.add_typer(curate, name="curate")


def _dataset(data_dir: Path | None) -> "Dataset":
    from app.loader.validate import ValidationFailed, validate_dir

    try:
        return validate_dir(data_dir or get_settings().data_dir)
    except ValidationFailed as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        _fail(f"{len(exc.problems)} problem(s): fix the data first.")


@curate.command("single-source")
def single_source(data_dir: DataDir = None) -> None:
    """List every record and field that only one independent report backs.

    One line each: kind/key [field], the number of reports, and their origins (a wire
    story's copies count once)."""
    from app.loader.curation import single_source as lonely

    for support in lonely(_dataset(data_dir)):
        typer.echo(support.line())


@curate.command("supports")
def supports(
    source: Annotated[str, typer.Argument(help="Slug of the source.")],
    data_dir: DataDir = None,
) -> None:
    """List what one source supports: each record it is cited for, with the fields."""
    from app.loader.curation import cited_by

    ds = _dataset(data_dir)
    if not any(s.slug == source for s in ds.sources):
        _fail(f"no source has slug {source!r}")
    for record, fields in cited_by(ds, source):
        typer.echo(f"{record}\t{', '.join(fields) or '(the whole record)'}")


@curate.command("conflicts")
def conflicts(data_dir: DataDir = None) -> None:
    """List every conflict and its sides. None is resolved: each stays open, every side
    with its sources, until the sources themselves agree."""
    from app.loader.curation import conflict_lines

    for line in conflict_lines(_dataset(data_dir)):
        typer.echo(line)


@curate.command("add-source")
def add_source(
    slug: Annotated[str, typer.Option(help="Stable slug, e.g. ap-kenyan-police-land.")],
    url: Annotated[str, typer.Option(help="The page's URL, exactly as found.")],
    publisher: Annotated[str, typer.Option(help="The outlet; name a wire it carries.")],
    language: Annotated[str, typer.Option(help="BCP 47 tag: en, fr, es, sw ...")],
    kind: Annotated[str, typer.Option(help="news_article, press_release, ...")] = "news_article",
    title: Annotated[str | None, typer.Option(help="The title the page shows.")] = None,
    wire: Annotated[str | None, typer.Option(help="The agency whose story it carries.")] = None,
    wire_story: Annotated[
        str | None, typer.Option(help="An id shared by every copy of that agency story.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="The day the page shows, YYYY-MM-DD (else unknown).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Add a source record to the sources file, checked like every other record."""
    import datetime as dt

    from pydantic import ValidationError

    from app.loader.curation import SourceRefused
    from app.loader.curation import add_source as append
    from app.loader.curation import published as published_on

    directory = data_dir or get_settings().data_dir
    ds = _dataset(directory)
    try:
        day = dt.date.fromisoformat(published) if published else None
    except ValueError:
        _fail(f"--published {published!r} is not a day as YYYY-MM-DD")
    record: dict[str, object] = {
        "slug": slug,
        "title": title,
        "publisher": publisher,
        "url": url,
        "kind": kind,
        "language": language,
        "wire": wire,
        "wire_story": wire_story,
        "published": published_on(day),
    }
    try:
        added = append(directory, ds, record)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(part) for part in err["loc"])
            typer.echo(f"{where}: {err['msg']}", err=True)
        _fail("the source was not added.")
    except SourceRefused as exc:
        _fail(f"{exc}; the source was not added.")
    _dataset(directory)  # the file as written still validates
    typer.echo(f"added sources/{added}")


@cli.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    down: Annotated[bool, typer.Option("--down", help="Downgrade to REVISION instead.")] = False,
) -> None:
    """Upgrade (or with --down, downgrade) the schema of DATABASE_URL."""
    from app import migrate as migrations

    url = get_settings().database_url
    try:
        if down:
            migrations.downgrade(url, "base" if revision == "head" else revision)
        else:
            migrations.upgrade(url, revision)
    except Exception as exc:
        _fail(f"migrate failed: {_unexpected(exc)}")


def _check_database(url: str) -> None:
    """Refuse to start on a SQLite file that is missing, unreadable or holds no dataset;
    never create one (the serving engine opens it read-only)."""
    from app.dataset_state import read_release
    from app.db import make_engine, sqlite_path

    path = sqlite_path(url)
    if path is None:
        return  # PostgreSQL: /readyz says whether it can be read; it may come up later
    fix = "create it with `make run` or `mss-facts load`"
    if not path.is_file():
        _fail(f"serve: no database at {path}; {fix}.")
    if not os.access(path, os.R_OK):
        _fail(f"serve: cannot read the database at {path}; check its permissions or {fix}.")
    engine = make_engine(url, read_only=True)
    try:
        version, _ = read_release(engine)
    finally:
        engine.dispose()
    if version is None:
        _fail(f"serve: {path} is not a loaded MSS Facts database; {fix}.")


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address (default: HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: PORT).")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: WEB_CONCURRENCY).")
    ] = None,
) -> None:
    """Serve the API with uvicorn: one process, or several workers sharing the port."""
    import uvicorn

    from app.observability.logs import uvicorn_log_config

    settings = get_settings()
    _check_database(settings.database_url)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.web_concurrency,
        # The app logs one line per request itself, with route and request id.
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # SIGTERM: stop accepting, let in-flight requests finish for up to this long.
        timeout_graceful_shutdown=settings.graceful_timeout_seconds,
        log_level=settings.log_level.lower(),
        log_config=uvicorn_log_config(settings.log_level, settings.log_format),
    )


def main() -> None:
    cli()
