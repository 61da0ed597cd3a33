"""Helpers shared by the benchmark scripts: running the CLI, environments, figures.

Not a benchmark itself. The scripts import it as `_common` (Python puts the script's own
folder first on the module path), so they run as `.venv/bin/python benchmarks/<name>.py`.
"""

import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
CLI = PROJECT_DIR / ".venv" / "bin" / "citydiplomacy"


class CommandFailed(Exception):
    """A `citydiplomacy` subprocess exited with an error."""


def cli_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    """The environment for the CLI: a private data directory and the chosen database.

    Without a database URL, DATABASE_URL is removed so the CLI uses the SQLite file in
    `data_dir`; with one, that database is used (the data directory still holds the key).
    """
    env = dict(os.environ)
    env["CITYDIPLOMACY_DATA_DIR"] = str(data_dir)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def use_env(env: dict[str, str]) -> None:
    """Make this process's environment `env` (before Django reads its settings)."""
    os.environ.clear()
    os.environ.update(env)


def run_cli(args: list[str], env: dict[str, str]) -> tuple[str, float]:
    """Run `citydiplomacy <args>`; return its standard output and wall time in seconds."""
    if not CLI.exists():
        raise CommandFailed(f"{CLI} is missing: run scripts/setup first.")
    started = time.perf_counter()
    done = subprocess.run(
        [str(CLI), *args], env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise CommandFailed(
            f"`citydiplomacy {' '.join(args)}` exited with {done.returncode}:\n"
            f"{done.stdout}{done.stderr}"
        )
    return done.stdout, elapsed


def stats(env: dict[str, str]) -> dict[str, Any]:
    """The output of `citydiplomacy stats --json`."""
    output, _ = run_cli(["stats", "--json"], env)
    data: dict[str, Any] = json.loads(output)
    return data


def describe_database(database_url: str | None) -> str:
    """A short label for the database, without any password in the URL."""
    if not database_url:
        return "SQLite in a fresh temporary data directory"
    scheme, _, rest = database_url.partition("://")
    host = rest.rpartition("@")[2]
    return f"{scheme}://{host}"


def machine() -> str:
    return (
        f"{os.cpu_count()} CPU(s), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min)"


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of `values` (fraction 0.9 gives p90)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: list[float]) -> tuple[float, float, float]:
    """Median, p90 and max of a list of durations, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return statistics.median(ms), percentile(ms, 0.9), max(ms)


def fail(error: Exception) -> None:
    print(f"\nERROR: {error}", file=sys.stderr)
    sys.exit(1)


def child_cpu(call: Callable[[], tuple[str, float]]) -> tuple[str, float, float]:
    """Run a CLI subprocess; its output, the CPU seconds it used (user + system), wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out, wall = call()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out, cpu, wall


def run_cli_script(script: str, args: list[str], env: dict[str, str]) -> tuple[str, float]:
    """Run one of the benchmarks' own scripts with the project's Python."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / script), *args],
        env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{script} failed:\n{done.stdout}{done.stderr}")
    return done.stdout, time.perf_counter() - started
