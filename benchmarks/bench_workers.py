"""Parallel load: ``datasette provenance load --workers 1`` against ``--workers 2``.

    python benchmarks/bench_workers.py [TEXT_DIR]

Loads TEXT_DIR (default: the PolNeAR train texts) into a fresh database once per worker
count, in a child process each, and prints wall time, words/s and the speedup of 2 workers
over 1 (issue 7 target on a 2-core machine: >= 1.7x). When ``load`` has no ``--workers``
option yet, it says so and times the plain load only.
"""
from __future__ import annotations

import os
import pathlib
import re
import resource
import subprocess
import sys
import tempfile
import time

from _shared import TRAIN_TEXT, datasette_command  # benchmarks/ is on sys.path

DEFAULT_DIR = TRAIN_TEXT
TARGET = 1.7


def has_workers_option() -> bool:
    result = subprocess.run(datasette_command() + ["provenance", "load", "--help"],
                            capture_output=True, text=True)
    return "--workers" in result.stdout


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_load(directory, workers=None) -> tuple:
    """(wall seconds, CPU seconds of the load and its worker processes)."""
    with tempfile.TemporaryDirectory() as tmp:
        args = datasette_command() + ["provenance", "load", os.path.join(tmp, "w.db"),
                                      str(directory)]
        if workers is not None:
            args += ["--workers", str(workers)]
        start, start_cpu = time.perf_counter(), children_cpu()
        result = subprocess.run(args, capture_output=True, text=True)
        seconds, cpu = time.perf_counter() - start, children_cpu() - start_cpu
        if result.returncode:
            sys.exit(f"{' '.join(args)} failed: {result.stderr[-2000:]}")
    return seconds, cpu


def main(argv):
    directory = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    words = sum(len(re.findall(r"\w+", p.read_text(encoding="utf-8")))
                for p in directory.glob("*.txt"))
    print(f"{words:,} words in {directory}; {os.cpu_count()} CPUs,"
          f" load average {os.getloadavg()[0]:.1f} (other jobs compete for the cores when it"
          " exceeds the CPU count, and 2 workers cannot show their speedup)")
    if not has_workers_option():
        seconds, _ = time_load(directory)
        print(f"load has no --workers option yet; plain load: {seconds:.1f} s"
              f" ({words / seconds:,.0f} words/s)")
        return 0
    times = {}
    for workers in (1, 2):
        times[workers], cpu = time_load(directory, workers)
        print(f"load --workers {workers}: {times[workers]:7.1f} s  {words / times[workers]:10,.0f}"
              f" words/s  CPU {cpu:6.1f} s = {cpu / times[workers]:.2f} cores busy")
    speedup = times[1] / times[2]
    print(f"speedup 2 vs 1 workers: {speedup:.2f}x  (target >= {TARGET}x:"
          f" {'ok' if speedup >= TARGET else 'MISSED'})")
    return 0 if speedup >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
