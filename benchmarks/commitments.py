#!/usr/bin/env python3
"""Benchmark the commitments imports, the percent-achieved agreement and the heavy pages.

In a fresh temporary SQLite database (`citydiplomacy init`), imports the six CDP city-wide
emissions files, the CDP 2021 targets and the Net Zero Tracker snapshot from
../shared/data/cdp-cities-openclimate twice each, printing each run's time (the second run,
which writes nothing, is the baseline) and the share of rows resolved to cities. Then, for
the 2021 targets with both figures, prints how often the computed percent achieved agrees
with the city's reported one within 5 points, and the largest disagreements with their
likely reasons. Last, it times the accountability and coalition-weight pages of an
organisation of 10,000 members beside the same pages of a 10-member one (median of R).

    .venv/bin/python benchmarks/commitments.py [--repeat R]
"""

import argparse
import csv
import os
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import CommandFailed, cli_env, fail, machine, run_cli, use_env

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cdp-cities-openclimate"
TARGETS = (
    "CDP_cities_emissions_reduction_targets_2021__2021_Cities_Emissions_Reduction_Targets"
    "_clean_names.csv"
)
NZT = "net_zero_tracker__snapshot_2022-12-20_13-07-14.xlsx"


def inputs() -> list[tuple[str, Path]]:
    files = [("cdp-inventories", p) for p in sorted(DATA.glob("CDP_citywide_emissions_*.csv"))]
    return [*files, ("cdp-targets", DATA / TARGETS), ("net-zero-tracker", DATA / NZT)]


def import_once(
    kind: str, path: Path, env: dict[str, str], report: Path
) -> tuple[float, list[str]]:
    _, seconds = run_cli(["import", kind, str(path), "--report", str(report)], env)
    with report.open(encoding="utf-8") as handle:
        return seconds, [row["status"] for row in csv.DictReader(handle)]


def imports(env: dict[str, str], work: Path) -> None:
    print(f"{'file':<58} {'rows':>5} {'first s':>8} {'again s':>8} {'resolved':>9}")
    print("  (again = the same file imported a second time, writing nothing: the baseline;")
    print("   resolved = rows matched to one city, of all rows)")
    for kind, path in inputs():
        first_s, first = import_once(kind, path, env, work / "first.csv")
        again_s, again = import_once(kind, path, env, work / "again.csv")
        resolved = sum(s not in ("unmatched", "ambiguous", "not-a-city") for s in first)
        written = sum(s in ("created", "merged") for s in again)
        print(
            f"{path.name[:58]:<58} {len(first):>5} {first_s:>8.1f} {again_s:>8.1f} "
            f"{resolved / max(len(first), 1):>8.1%}  (again: {len(again)} rows, {written} written)"
        )
        if kind == "net-zero-tracker":
            cities = sum(s != "not-a-city" for s in first)  # the tracker's own 'City' rows
            print(f"    of the rows the tracker lists as cities: {resolved / max(cities, 1):.1%}")
        counts = Counter(first)
        print("    " + ", ".join(f"{n} {status}" for status, n in counts.most_common()))


def agreement() -> None:
    from citydiplomacy.commitments.models import Commitment
    from citydiplomacy.commitments.selectors import commitment_progress

    pairs: list[tuple[float, Any, Any]] = []
    for commitment in Commitment.objects.filter(external_key__startswith="cdp-2021-targets:"):
        progress = commitment_progress(commitment, 2021)
        reported = progress.reported_percent
        if (
            progress.percent_achieved is None
            or reported is None
            or reported.percent_achieved is None
        ):
            continue
        pairs.append(
            (abs(progress.percent_achieved - reported.percent_achieved), commitment, progress)
        )
    agree = sum(d <= 5 for d, _, _ in pairs)
    print(f"\n2021 targets with a computed and a reported percent achieved: {len(pairs)}")
    if pairs:
        print(
            f"  agree within 5 points: {agree} ({agree / len(pairs):.1%}); median gap "
            f"{statistics.median(d for d, _, _ in pairs):.1f} points"
        )
    print("  largest disagreements (computed vs reported):")
    for gap, commitment, progress in sorted(pairs, key=lambda p: -p[0])[:10]:
        latest = progress.latest
        reason = (
            f"latest inventory {latest.year} ({latest.reported_in}) vs base year "
            f"{commitment.baseline_year}"
        )
        if commitment.sector and "All" not in commitment.sector:
            reason += (
                f"; the target covers one sector ({commitment.sector[:40]}), the inventory all"
            )
        print(
            f"    {commitment.city.name:<24} {progress.percent_achieved:8.1f} "
            f"{progress.reported_percent.percent_achieved:8.1f}  gap {gap:7.1f}: {reason}"
        )


def pages(repeat: int) -> None:
    from django.test import Client

    from citydiplomacy.geo.models import City
    from citydiplomacy.organisations.models import Membership, Organisation

    source_org = Organisation.objects.first()
    assert source_org is not None
    ids = list(City.objects.order_by("-population").values_list("pk", flat=True)[:10_000])
    sizes = {"bench-small": ids[:10], "bench-large": ids}
    for slug, members in sizes.items():
        org = Organisation.objects.create(slug=slug, name=slug, kind="city-network")
        Membership.objects.bulk_create(
            [Membership(city_id=i, organisation=org, joined="2015") for i in members]
        )
    client = Client()
    print(
        f"\nPages (median of {repeat}, ms): {'10 members':>12} {'10,000 members':>15} {'ratio':>6}"
    )
    for label, url in (
        ("accountability", "/organisations/{}/accountability/?format=json"),
        ("accountability csv", "/organisations/{}/accountability.csv"),
        (
            "coalition weight",
            "/commitments/coalition-weight/?organisations={}&as_of=2021&format=json",
        ),
    ):
        medians = []
        for slug in sizes:
            times = []
            for _ in range(repeat + 1):
                started = time.perf_counter()
                response = client.get(url.format(slug))
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.content[:200]
            medians.append(statistics.median(times[1:]) * 1000)
        print(
            f"  {label:<28} {medians[0]:>12.1f} {medians[1]:>15.1f} {medians[1] / medians[0]:>6.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--pages-only", action="store_true", help="Skip the imports and the agreement figures."
    )
    args = parser.parse_args()
    if not DATA.exists():
        fail(FileNotFoundError(f"the public datasets are not at {DATA}"))
        return
    print(f"Benchmark: commitments imports and pages; {machine()}")
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-bench-") as data_dir:
        env = cli_env(Path(data_dir), None)
        try:
            _, init_s = run_cli(["init"], env)
            print(f"init: {init_s:.1f} s\n")
            if not args.pages_only:
                imports(env, Path(data_dir))
        except CommandFailed as error:
            fail(error)
            return
        use_env(env)
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplomacy.settings")
        django.setup()
        if not args.pages_only:
            agreement()
        pages(args.repeat)


if __name__ == "__main__":
    main()
