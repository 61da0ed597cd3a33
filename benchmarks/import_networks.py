#!/usr/bin/env python3
"""Benchmark the ETMUN imports: how many member rows become cities, and how long it takes.

In a fresh temporary data directory (SQLite, unless --database-url names another database)
runs `citydiplomacy init -v0`, then `citydiplomacy import etmun-networks` and
`citydiplomacy import etmun-memberships --report` on P. Gourdon's ETMUN files, and prints
how many member rows resolved to cities, how many were classified as bodies that are not
cities (regions, intermunicipal bodies, associations...), and how many failed (unmatched or
ambiguous), in all and for the 10 networks with the most rows, with the wall time of each
step. It prints figures and never fails on them; it exits 1 only when a command fails.

    .venv/bin/python benchmarks/import_networks.py [--data DIR] [--twice] [--database-url URL]
"""

import argparse
import csv
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from _common import PROJECT_DIR, CommandFailed, cli_env, describe_database, fail, machine, run_cli

DATA = PROJECT_DIR.parent / "shared" / "data" / "gourdon-etmun-eucicop"
NETWORKS = "ETMUN_DataSource_BD_ETMUN_OrganizationsWithMembersCities.csv"
MEMBERS = "ETMUN_DataSource_MembersETMUNGeocode.csv"
RESOLVED = ("created", "merged", "unchanged", "duplicate")
NON_CITY = ("not-a-city",)
FAILED = ("unmatched", "ambiguous", "invalid")
TOP = 10


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DATA, help="The folder with the ETMUN files (%(default)s)."
    )
    parser.add_argument(
        "--twice",
        action="store_true",
        help="Import the members a second time and show that it changes nothing.",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="Use this (empty) database instead of a temporary SQLite file; init migrates it.",
    )
    return parser.parse_args()


def step(label: str, args: list[str], env: dict[str, str]) -> float:
    print(f"{label} ...", flush=True)
    output, seconds = run_cli(args, env)
    summary = output.strip().splitlines()[-1] if output.strip() else ""
    print(f"  {seconds:.1f} s  {summary}", flush=True)
    return seconds


def read_report(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def share(part: int, whole: int) -> str:
    return f"{part:>7,} ({100 * part / whole:5.1f} %)" if whole else f"{part:>7,}"


def print_totals(lines: list[dict[str, str]]) -> None:
    statuses = Counter(line["status"] for line in lines)
    total = len(lines)
    resolved = sum(statuses[s] for s in RESOLVED)
    print(f"\nMember rows: {total:,}")
    print(f"  resolved to cities:            {share(resolved, total)}")
    print(
        f"    new or merged memberships {statuses['created'] + statuses['merged']:,}, "
        f"already in the registry {statuses['unchanged']:,}, "
        f"repeating an earlier row {statuses['duplicate']:,}"
    )
    print(f"  classified as non-city bodies: {share(statuses['not-a-city'], total)}")
    failed = sum(statuses[s] for s in FAILED)
    print(f"  failed:                        {share(failed, total)}")
    print(
        f"    unmatched {statuses['unmatched']:,}, ambiguous {statuses['ambiguous']:,}, "
        f"invalid {statuses['invalid']:,}"
    )
    entities = Counter(line["entity"] or "(none)" for line in lines if line["status"] in NON_CITY)
    print("  non-city bodies by the file's entity type (a City or Municipality here was")
    print("  recognised as a district, union of municipalities, province... by its name):")
    for entity, count in entities.most_common():
        print(f"    {entity:<26} {count:>6,}")


def print_networks(lines: list[dict[str, str]]) -> None:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        per[line["network_name"] or line["network"]][line["status"]] += 1
    ranked = sorted(per.items(), key=lambda item: -sum(item[1].values()))[:TOP]
    print(f"\nThe {TOP} networks with the most member rows:")
    header = f"  {'network':<20} {'rows':>7} {'cities':>7} {'non-city':>9} {'unmatched':>10}"
    print(f"{header} {'ambiguous':>10} {'resolved':>9}")
    for name, counts in ranked:
        rows = sum(counts.values())
        resolved = sum(counts[s] for s in RESOLVED)
        print(
            f"  {name[:20]:<20} {rows:>7,} {resolved:>7,} {counts['not-a-city']:>9,} "
            f"{counts['unmatched']:>10,} {counts['ambiguous']:>10,} {100 * resolved / rows:>8.1f}%"
        )


def main() -> None:
    args = parse_args()
    for name in (NETWORKS, MEMBERS):
        if not (args.data / name).is_file():
            fail(FileNotFoundError(f"{args.data / name} is missing (give the folder with --data)."))
    print("Benchmark: the ETMUN network and membership imports")
    print(f"  data:      {args.data}")
    print(f"  database:  {describe_database(args.database_url)}")
    print(f"  machine:   {machine()}\n")
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-bench-") as data_dir:
        env = cli_env(Path(data_dir), args.database_url)
        report = Path(data_dir) / "members-report.csv"
        members = ["import", "etmun-memberships", str(args.data / MEMBERS), "-v0"]
        try:
            times["init"] = step("citydiplomacy init -v0", ["init", "-v0"], env)
            times["networks"] = step(
                "import etmun-networks",
                ["import", "etmun-networks", str(args.data / NETWORKS), "-v0"],
                env,
            )
            times["members"] = step(
                "import etmun-memberships", [*members, "--report", str(report)], env
            )
            lines = read_report(report)
            if args.twice:
                again = Path(data_dir) / "members-report-2.csv"
                times["members, again"] = step(
                    "import etmun-memberships (again)", [*members, "--report", str(again)], env
                )
                second = Counter(line["status"] for line in read_report(again))
        except CommandFailed as error:
            fail(error)
            return
    print_totals(lines)
    print_networks(lines)
    print("\nWall time:")
    for label, seconds in times.items():
        print(f"  {label:<16} {seconds:7.1f} s")
    if args.twice:
        written = second["created"] + second["merged"]
        print(f"\nSecond members import: {dict(second)}; rows written again: {written}")


if __name__ == "__main__":
    main()
