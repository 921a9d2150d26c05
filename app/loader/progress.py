"""Reporting a long validate or load as it runs.

The loader names each phase as it starts and, where it knows how many steps the phase
has, says as it goes how many are done (per chunk, not per record). A reporter decides
what to show: `Progress` itself shows nothing (what a library caller gets), `Lines`
prints one plain line per finished phase with its time (`load: rows 1.23 s`, for logs),
`Bars` draws a rich progress bar per phase on a terminal. `to_stderr` picks `Bars` on a
terminal and otherwise `Lines` (or, with `lines=False`, nothing) for the console script.
"""

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich import filesize
from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, SpinnerColumn, Task, TextColumn
from rich.progress import Progress as RichProgress
from rich.text import Text

# Called with the number of steps just done.
Advance = Callable[[int], None]


def _ignore(_steps: int) -> None:
    return None


class Progress:
    """Reports nothing."""

    @contextmanager
    def phase(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Advance]:
        """Run one phase of `total` steps of `unit` (None: not counted); the block calls
        the function it is given with each chunk of steps done. A phase that raises is
        not reported as finished."""
        yield _ignore


NO_PROGRESS = Progress()


class Lines(Progress):
    """One line per finished phase, `<prefix>: <phase> <seconds> s`, on `stream` (default:
    the current sys.stderr)."""

    def __init__(self, prefix: str, stream: TextIO | None = None) -> None:
        self._prefix = prefix
        self._stream = stream

    @contextmanager
    def phase(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Advance]:
        started = time.perf_counter()
        yield _ignore
        seconds = time.perf_counter() - started
        print(
            f"{self._prefix}: {name} {seconds:.2f} s",
            file=self._stream or sys.stderr,
            flush=True,
        )


class _Steps(ProgressColumn):
    """`done/total unit` for a counted phase (sizes for bytes), `done unit` for one whose
    total is not known beforehand, nothing for the others."""

    def render(self, task: Task) -> Text:
        steps, unit = task.fields.get("steps"), task.fields.get("unit", "")
        if steps is None:
            counted = task.fields.get("counted", 0)
            return Text(f"{counted:,} {unit}" if unit else "", style="progress.download")
        done = min(int(task.completed), steps)
        if unit == "bytes":
            shown = f"{filesize.decimal(done)}/{filesize.decimal(steps)}"
        else:
            shown = f"{done:,}/{steps:,} {unit}".rstrip()
        return Text(shown, style="progress.download")


class _Seconds(ProgressColumn):
    """The phase's time so far, then its time."""

    def render(self, task: Task) -> Text:
        seconds = task.finished_time if task.finished else task.elapsed
        return Text(f"{seconds or 0.0:.2f} s", style="progress.elapsed")


class Bars(Progress):
    """A progress bar per phase (a pulsing one where the steps are not counted), each
    left on screen with its time when it finishes. Use as a context manager."""

    def __init__(self, console: Console) -> None:
        self._bars = RichProgress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("{task.description:<13}"),
            BarColumn(),
            _Steps(),
            _Seconds(),
            console=console,
        )

    def __enter__(self) -> "Bars":
        self._bars.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._bars.stop()

    @contextmanager
    def phase(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Advance]:
        # One step more than counted, made at the end: the bar is finished (and its time
        # stops) when the phase is, not when its last chunk is counted.
        whole = None if total is None else total + 1
        task = self._bars.add_task(name, total=whole, steps=total, unit=unit, counted=0)
        counted = 0

        def advance(steps: int) -> None:
            nonlocal counted
            counted += steps
            self._bars.update(task, advance=steps, counted=counted)

        try:
            yield advance
        except BaseException:
            self._bars.stop_task(task)
            raise
        self._bars.update(task, total=whole or 1, completed=whole or 1)


@contextmanager
def to_stderr(prefix: str, lines: bool = True) -> Iterator[Progress]:
    """Bars on a terminal; otherwise plain lines (or, with `lines=False`, nothing)."""
    console = Console(stderr=True)
    if console.is_terminal:
        with Bars(console) as bars:
            yield bars
    else:
        yield Lines(prefix) if lines else NO_PROGRESS
