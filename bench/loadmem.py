"""Where a load's memory goes: `mss-facts load` into a fresh SQLite file, its resident
memory sampled four times a second, and the peak of each phase printed beside its time.

    .venv/bin/python -m bench.loadmem var/bench/<a synthetic data directory>
    .venv/bin/python -m bench.loadmem data/

Linux only: it reads the loader's RSS from /proc. (The loader's whole-run peak, without
phases, is what `bench.run` prints for the large dataset.)
"""

import argparse
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.servers import BIN, memory_mib

_SAMPLE_SECONDS = 0.25


def measure(data_dir: Path) -> list[tuple[str, float, float]]:
    """(phase, seconds, peak RSS MiB) for each phase of one load of `data_dir`."""
    if not Path("/proc/self/status").exists():
        raise SystemExit("bench.loadmem reads /proc: run it on Linux")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(tmp) / 'load.db'}"}
        proc = subprocess.Popen(
            [str(BIN / "mss-facts"), "load", str(data_dir)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        # The highest sample since the last phase ended, starting from the latest sample
        # (a phase shorter than a sample's interval gets the memory it ran in).
        peak = last = 0.0
        lock = threading.Lock()
        phases: list[tuple[str, float, float]] = []

        def read_phases() -> None:
            nonlocal peak
            assert proc.stderr is not None
            for line in proc.stderr:
                # `load: <phase> <seconds> s`, one line per finished phase.
                head, _, rest = line.strip().partition(": ")
                words = rest.rsplit(" ", 2)
                if head == "load" and len(words) == 3 and words[2] == "s":
                    with lock:
                        phases.append((words[0], float(words[1]), peak))
                        peak = last

        reader = threading.Thread(target=read_phases, daemon=True)
        reader.start()
        while proc.poll() is None:
            rss = memory_mib(proc.pid, "VmRSS")
            if rss is not None:
                with lock:
                    last = rss
                    peak = max(peak, rss)
            time.sleep(_SAMPLE_SECONDS)
        reader.join()
        if proc.returncode != 0:
            raise SystemExit(f"mss-facts load exited {proc.returncode}")
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args()
    phases = measure(args.data_dir)
    print("| phase | seconds | peak RSS MiB |")
    print("|---|--:|--:|")
    for name, seconds, peak in phases:
        print(f"| {name} | {seconds:.2f} | {peak:,.0f} |")


if __name__ == "__main__":
    main()
