"""The phases a load reports, in order, and the plain line it prints for each when
stderr is not a terminal (`load: rows 1.23 s`)."""

import re

SQLITE = ("validate", "schema", "rows", "search index", "snapshots", "dumps", "checks", "commit")
POSTGRES = ("validate", "schema", "rows", "snapshots", "dumps", "commit")
LINE = re.compile(r"load: ([a-z ]+) (\d+\.\d\d) s")


def parse(line: str) -> tuple[str, float] | None:
    """(phase, seconds) if `line` is a progress line, else None."""
    match = LINE.fullmatch(line.rstrip("\n"))
    return (match.group(1), float(match.group(2))) if match else None


def phases(stderr: str) -> list[str]:
    """The phases reported in `stderr`, in order."""
    return [parsed[0] for line in stderr.splitlines() if (parsed := parse(line))]


def messages(stderr: str) -> str:
    """`stderr` without its progress lines."""
    return "".join(line for line in stderr.splitlines(keepends=True) if not parse(line))
