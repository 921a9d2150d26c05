"""data/redirects.yaml (optional): records merged into another, or renamed.

Curators keep a record's old key working when they merge two records or change a slug:

    redirects:
      - from: quotes/ruto-old-slug
        to: quotes/ruto-new-slug
        reason: merged          # merged or renamed
        note: Two entries for one passage.

The old key then answers 308 to the surviving record (on every URL under it). Checked at
validation: both sides name the same kind of record, `to` exists, `from` does not (a live
record cannot be redirected), each `from` appears once and no `to` is itself redirected.
"""

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, ValidationError

from app.loader.checks import Findings
from app.loader.dataset import Dataset
from app.loader.schema import RecordRef, Strict, Text
from app.loader.yamlfile import LoadedYaml
from app.resources import BY_NAME, RESOURCES

FILE_NAME = "redirects.yaml"
TOP = "redirects"


class RedirectIn(Strict):
    model_config = ConfigDict(populate_by_name=True)

    from_: RecordRef = Field(alias="from")
    to: RecordRef
    reason: Literal["merged", "renamed"]
    note: Text | None = None


def existing_keys(ds: Dataset) -> dict[str, set[str]]:
    """The key of every record in `ds` that has a URL of its own, by kind."""
    return {
        res.name: {getattr(record, res.key_param) for record in getattr(ds, res.dataset)}
        for res in RESOURCES
    }


def read_redirects(
    data_dir: Path, ds: Dataset, findings: Findings, loaded: LoadedYaml | None
) -> list[RedirectIn]:
    """The valid redirects of `redirects.yaml` (already read into `loaded`); each problem
    is reported at its line."""
    if loaded is None:
        return []
    rel = f"{data_dir.name}/{FILE_NAME}"
    doc = loaded.data
    if not isinstance(doc, dict) or set(doc) != {TOP} or not isinstance(doc[TOP], list):
        findings.in_file(rel, 1, f"expected one top-level key {TOP!r} holding a list")
        return []
    keys = existing_keys(ds)
    out: list[tuple[int, RedirectIn]] = []
    seen: set[str] = set()
    for index, raw in enumerate(doc[TOP]):
        try:
            item = RedirectIn.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                where = tuple(err["loc"])
                line = loaded.line_of((TOP, index, *where))
                fld = ".".join(str(p) for p in where) or "record"
                findings.in_file(rel, line, f"redirects[{index}] {fld}: {err['msg']}")
            continue

        def bad(fld: str, reason: str, index: int = index) -> None:
            findings.in_file(rel, loaded.line_of((TOP, index, fld)), f"{fld}: {reason}")

        old_kind, _, old_key = item.from_.partition("/")
        new_kind, _, new_key = item.to.partition("/")
        if old_kind not in BY_NAME:
            bad("from", f"{old_kind!r} records have no URL of their own")
        elif new_kind != old_kind:
            bad("to", f"must name a record of the same kind as from ({old_kind})")
        elif new_key not in keys[new_kind]:
            bad("to", f"{item.to} does not exist")
        elif old_key in keys[old_kind]:
            bad("from", f"{item.from_} is a live record; remove it before redirecting it")
        elif item.from_ in seen:
            bad("from", f"{item.from_} is redirected more than once")
        else:
            seen.add(item.from_)
            out.append((index, item))
    targets = {r.to for _, r in out}
    for index, item in out:
        if item.from_ in targets:
            findings.in_file(
                rel,
                loaded.line_of((TOP, index, "from")),
                f"from: {item.from_} is also a redirect target; point every redirect at the "
                "surviving record",
            )
    return [item for _, item in out]


def redirect_rows(redirects: list[RedirectIn]) -> list[dict[str, str | None]]:
    rows: list[dict[str, str | None]] = []
    for r in redirects:
        kind, _, old_key = r.from_.partition("/")
        rows.append(
            {
                "resource": kind,
                "old_key": old_key,
                "new_key": r.to.partition("/")[2],
                "reason": r.reason,
                "note": r.note,
            }
        )
    return rows
