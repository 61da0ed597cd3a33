#!/usr/bin/env python3
"""Benchmark the SPID import: its counts, twice, and its wall time.

In a fresh temporary data directory (SQLite, unless --database-url names another database)
runs `citydiplomacy init -v0 --no-starter-data`, then `citydiplomacy import spid DIR
--dry-run` (reading, checking and writing, rolled back: the baseline of the same work
without the commit), then the import twice, and prints each step's wall time and report.
The goal is 728 practices and 17,835 adoptions, identical counts on the second run, under a
minute. It prints figures and never fails on them; it exits 1 only when a command fails.

    .venv/bin/python benchmarks/import_spid.py [--data DIR] [--database-url URL]
"""

import argparse
import os
import resource
import tempfile
from pathlib import Path

from _common import PROJECT_DIR, CommandFailed, cli_env, describe_database, fail, machine, run_cli

DATA = PROJECT_DIR.parent / "shared" / "data" / "spid-policies"


def _children_usage() -> tuple[float, int, int]:
    """CPU seconds, voluntary and involuntary context switches of finished child processes.

    The machine is shared: wall time includes waiting for a core, CPU time does not. A
    process that waits on the disk (an fsync), a lock or another process gives up its core
    (a voluntary switch); one that is only queued behind others' work is preempted (an
    involuntary switch). So the two counts say where the wall time beyond the CPU went.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_nvcsw, usage.ru_nivcsw


def _load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="The SPID folder (%(default)s).")
    parser.add_argument("--database-url", help="Run on this database instead of SQLite.")
    args = parser.parse_args()
    print(machine())
    print(describe_database(args.database_url))
    try:
        with tempfile.TemporaryDirectory(prefix="cd-bench-spid-") as tmp:
            env = cli_env(Path(tmp), args.database_url)
            _, seconds = run_cli(["init", "-v0", "--no-starter-data"], env)
            print(f"init (gazetteer):            {seconds:6.1f} s")
            out, seconds = run_cli(["import", "spid", str(args.data), "--dry-run", "-v0"], env)
            print(f"dry run (baseline):          {seconds:6.1f} s  {out.strip()}")
            for attempt in ("first", "second"):
                load = _load()
                before = _children_usage()
                out, seconds = run_cli(["import", "spid", str(args.data), "-v0"], env)
                cpu, waited, preempted = (
                    b - a for a, b in zip(before, _children_usage(), strict=True)
                )
                print(
                    f"import spid, {attempt} run:     {seconds:6.1f} s wall, {cpu:5.1f} s CPU  "
                    f"{out.strip()}\n"
                    f"    {waited:,} voluntary / {preempted:,} involuntary context switches; "
                    f"{load} before, {_load()} after"
                )
            out, _ = run_cli(["stats"], env)
            print(
                "\n".join(
                    line for line in out.splitlines() if "practice" in line or "adoption" in line
                )
            )
    except CommandFailed as error:
        fail(error)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
