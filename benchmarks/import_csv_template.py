#!/usr/bin/env python3
"""A 14,000-row memberships template beside the twin-town import, per row.

Builds, in a temporary folder, a `memberships.csv` template (docs/data.md) of 14,000 rows
from the city names and countries of Hekman's twin-town list (../shared/data/
hekman-twincities/; the file itself is only read), each row naming one of the starter data's
networks and a starter source; then, after `citydiplomacy init -v0` in a temporary data
directory, times `citydiplomacy import csv-memberships` and `citydiplomacy import
twin-cities --ignore-coordinates` (the resolver's index built beforehand for both) and
prints each one's CPU per row and their ratio (goal: the template within 2x the twin-town
import per row).
"""

import csv
import itertools
import sys
import tempfile
from pathlib import Path

from _common import PROJECT_DIR, child_cpu, cli_env, machine, run_cli

DATA = PROJECT_DIR.parent / "shared" / "data" / "hekman-twincities" / "app_public_twin_cities.csv"
ROWS = 14_000
NETWORKS = ("c40", "eurocities", "u20", "gcom", "cemr", "strong-cities-network")
SOURCE = "seed-002-cities-reworking-foreign-policy"
COLUMNS = ("organisation", "city", "country", "role", "source", "locator")
BUILD_INDEX = (
    "from citydiplomacy.geo.resolution.index import GazetteerIndex; "
    "GazetteerIndex.build(extract_size=500)"
)


def write_template(path: Path) -> int:
    """The template's rows: distinct (city, country) ends of the file, a network each."""
    ends: dict[tuple[str, str], None] = {}
    with DATA.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            for end in ("1", "2"):
                ends.setdefault((row[f"city{end}"], row[f"country{end}"]), None)
    chosen = list(itertools.islice(ends, ROWS))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for number, ((city, country), network) in enumerate(
            zip(chosen, itertools.cycle(NETWORKS), strict=False), start=1
        ):
            writer.writerow((network, city, country, "member", SOURCE, f"row {number}"))
    return len(chosen)


def main() -> int:
    if not DATA.exists():
        print(f"{DATA} is missing; nothing to measure.")
        return 1
    print(f"Benchmark: a memberships template beside the twin-town import\n  machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-bench-") as tmp:
        template = Path(tmp) / "memberships.csv"
        rows = write_template(template)
        env = cli_env(Path(tmp) / "data", None)
        print("Setting up: citydiplomacy init -v0, and the resolver's index ...", flush=True)
        run_cli(["init", "-v0"], env)
        run_cli(["shell", "-v0", "-c", BUILD_INDEX], env)
        out, template_cpu, template_wall = child_cpu(
            lambda: run_cli(["import", "csv-memberships", str(template), "-v0"], env)
        )
        print(f"  template: {rows:,} rows, CPU {template_cpu:.1f} s, wall {template_wall:.1f} s")
        print(f"    {out.strip().splitlines()[-1]}")
        out, twin_cpu, twin_wall = child_cpu(
            lambda: run_cli(
                ["import", "twin-cities", str(DATA), "--ignore-coordinates", "-v0"], env
            )
        )
        twin_rows = sum(1 for _ in DATA.open(encoding="utf-8-sig")) - 1
        print(f"  twin-town list: {twin_rows:,} rows, CPU {twin_cpu:.1f} s, wall {twin_wall:.1f} s")
        per_template = template_cpu / rows * 1000
        per_twin = twin_cpu / twin_rows * 1000
        print(
            f"\nPer row: template {per_template:.2f} ms, twin-town import {per_twin:.2f} ms = "
            f"{per_template / per_twin:.1f}x (goal <= 2x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
