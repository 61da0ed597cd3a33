#!/usr/bin/env python3
"""Benchmark `citydiplomacy init`: how long it takes, and whether a second run changes nothing.

Runs `citydiplomacy init -v0` twice in a fresh temporary data directory (SQLite, unless
--database-url names another database), times each run, and prints the registry counts
from `citydiplomacy stats --json` after each run. The goal it reports against: with the
15,000 gazetteer, init finishes in under a minute on a 2-core machine, and running it twice
gives identical counts. It prints figures and never fails on them; it exits 1 only when a
command fails.

    .venv/bin/python benchmarks/init_gazetteer.py [--gazetteer 15000|5000|1000|500]
                                                   [--database-url URL]
"""

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from _common import (
    CommandFailed,
    child_cpu,
    cli_env,
    describe_database,
    fail,
    machine,
    run_cli,
    run_cli_script,
    stats,
)

GAZETTEER_SIZES = (15000, 5000, 1000, 500)
GOAL_GAZETTEER = 15000
GOAL_SECONDS = 60.0
GOAL_CPUS = 2
COUNT_CHANGES = (
    "from citydiplomacy.core.history.models import ChangeRecord as C; print(C.objects.count())"
)
Run = tuple[float, dict[str, Any], int]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--gazetteer",
        type=int,
        choices=GAZETTEER_SIZES,
        default=GOAL_GAZETTEER,
        help="Load cities of at least this population (default: %(default)s).",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="Use this (empty) database instead of a temporary SQLite file; init migrates it.",
    )
    return parser.parse_args()


def change_records(env: dict[str, str]) -> int:
    """How many change records the history holds (init records every record it writes)."""
    output, _ = run_cli(["shell", "-v0", "-c", COUNT_CHANGES], env)
    return int(output.split()[-1])


def run_twice(gazetteer: int, env: dict[str, str]) -> tuple[list[Run], float]:
    """Run init twice; after each run, its wall time, `stats --json` and the history size.
    Also returns run 1's CPU seconds (the process's user and system time)."""
    runs = []
    first_cpu = 0.0
    for number in (1, 2):
        print(f"Run {number}: citydiplomacy init -v0 --gazetteer {gazetteer} ...", flush=True)
        _, cpu, seconds = child_cpu(
            lambda: run_cli(["init", "-v0", "--gazetteer", str(gazetteer)], env)
        )
        first_cpu = first_cpu or cpu
        runs.append((seconds, stats(env), change_records(env)))
        print(f"Run {number}: {seconds:.1f} s", flush=True)
    return runs, first_cpu


def report_floor(init_cpu: float, database_url: str | None) -> None:
    """`floor_init.py` on a fresh database of its own, beside init's run 1 (CPU times)."""
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-floor-") as floor_dir:
        env = cli_env(Path(floor_dir), database_url)
        out, floor_cpu, _ = child_cpu(lambda: run_cli_script("floor_init.py", [], env))
    migrated = float(out.split("the migration ")[1].split(" s")[0])
    inserts = floor_cpu - migrated
    print(
        f"\nRaw floor (migrate, then read the gazetteer and executemany; no validation, "
        f"citations or history):\n  {out.strip()}, process CPU {floor_cpu:.1f} s\n"
        f"  init run 1 CPU {init_cpu:.1f} s = {init_cpu / floor_cpu:.1f}x the floor (goal <= 3x); "
        f"beside the floor without its migration ({inserts:.1f} s): "
        f"{(init_cpu - migrated) / inserts:.1f}x (init's CPU less the same migration time)"
    )


def print_counts(runs: list[Run]) -> None:
    first = {**runs[0][1]["counts"], "change records": runs[0][2]}
    second = {**runs[1][1]["counts"], "change records": runs[1][2]}
    print(f"\n{'record':<14} {'after run 1':>12} {'after run 2':>12}")
    for name in sorted(set(first) | set(second), key=list(first).index):
        mark = "" if first.get(name) == second.get(name) else "  <- differs"
        print(f"{name:<14} {first.get(name, 0):>12,} {second.get(name, 0):>12,}{mark}")


def report_goals(gazetteer: int, runs: list[Run]) -> None:
    (time_1, stats_1, changes_1), (time_2, stats_2, changes_2) = runs
    cpus = os.cpu_count() or 0
    print(f"\nWall time: run 1 {time_1:.2f} s, run 2 {time_2:.2f} s (CPU count: {cpus})")
    same_counts = stats_1["counts"] == stats_2["counts"]
    print(f"Counts identical after both runs: {'yes' if same_counts else 'NO'}")
    print(f"Whole `stats --json` output identical: {'yes' if stats_1 == stats_2 else 'NO'}")
    print(f"Change records written by run 2: {changes_2 - changes_1:,}")
    print()
    if gazetteer != GOAL_GAZETTEER:
        print(f"Time goal: not evaluated (it is stated for --gazetteer {GOAL_GAZETTEER:,}).")
    else:
        slowest = max(time_1, time_2)
        verdict = "goal met" if slowest < GOAL_SECONDS else "goal NOT met"
        print(
            f"Time goal (init with the {GOAL_GAZETTEER:,} gazetteer < {GOAL_SECONDS:.0f} s on "
            f"a {GOAL_CPUS}-core machine): {verdict} (slowest run {slowest:.1f} s)"
        )
        if cpus != GOAL_CPUS:
            print(f"  note: this machine has {cpus} CPUs, the goal is stated for {GOAL_CPUS}.")
    verdict = "goal met" if same_counts else "goal NOT met"
    print(f"Idempotence goal (running init twice gives identical counts): {verdict}")


def main() -> None:
    args = parse_args()
    print("Benchmark: citydiplomacy init, run twice")
    print(f"  gazetteer: cities of population >= {args.gazetteer:,}")
    print(f"  database:  {describe_database(args.database_url)}")
    print(f"  machine:   {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-bench-") as data_dir:
        env = cli_env(Path(data_dir), args.database_url)
        try:
            runs, init_cpu = run_twice(args.gazetteer, env)
        except CommandFailed as error:
            fail(error)
            return
    print_counts(runs)
    report_goals(args.gazetteer, runs)
    if args.gazetteer == GOAL_GAZETTEER and args.database_url is None:
        report_floor(init_cpu, None)


if __name__ == "__main__":
    main()
