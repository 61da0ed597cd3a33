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
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import PROJECT_DIR, CommandFailed, cli_env, fail, machine, run_cli, use_env

# This checkout's code, not whichever one the shared virtualenv's editable install names.
sys.path.insert(0, str(PROJECT_DIR))

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


def input_rows(path: Path) -> int:
    """The data rows of the file as read independently of the importers (header left out)."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        return rows - 1
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def imports(env: dict[str, str], work: Path) -> None:
    print(f"{'file':<58} {'rows':>5} {'first s':>8} {'again s':>8} {'resolved':>9}")
    print("  (again = the same file imported a second time, writing nothing: the baseline;")
    print("   resolved = rows matched to one city, of all rows; report rows = input rows)")
    for kind, path in inputs():
        first_s, first = import_once(kind, path, env, work / "first.csv")
        again_s, again = import_once(kind, path, env, work / "again.csv")
        expected = input_rows(path)
        if not len(first) == len(again) == expected:
            print(f"    MISMATCH: {expected} input rows, reports of {len(first)} and {len(again)}")
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


def reasons(
    commitment: Any, progress: Any, later_without_total: list[int]
) -> list[tuple[str, str]]:
    """What the records show about one disagreement (each a likely cause, not a proof), as
    (kind, details)."""
    found = []
    latest, reported = progress.latest, progress.reported_percent
    if later_without_total:
        years = ", ".join(str(y) for y in sorted(set(later_without_total)))
        found.append(("later inventories give scopes but no total", years))
    if reported.year - latest.year > 2:
        found.append(
            ("latest figure years before the report", f"{latest.year}, {latest.reported_in}")
        )
    if progress.baseline and latest.value is not None:
        ratio = latest.value / progress.baseline.value if progress.baseline.value else 0
        if ratio > 1:
            found.append(("emissions above the baseline", f"{ratio:.2f}x"))
    if "measured from the" in progress.note:
        found.append(("measured from the base-year inventory", ""))
    else:
        found.append(("no inventory of the base year", str(commitment.baseline_year)))
    if reported.percent_achieved in (0, 100):
        found.append((f"the city reports exactly {reported.percent_achieved:.0f}%", ""))
    return found


def agreement() -> None:
    from citydiplomacy.commitments.models import Commitment, EmissionsInventory
    from citydiplomacy.commitments.selectors import commitment_progress

    pairs: list[tuple[float, Any, Any]] = []
    targets = Commitment.objects.filter(external_key__startswith="cdp-2021-targets:")
    left_out = rebased = 0
    for commitment in targets.select_related("city"):
        progress = commitment_progress(commitment, 2021)
        left_out += bool(progress.left_out)
        rebased += "measured from the" in progress.note
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
    print(
        f"\n2021 targets: {targets.count()}; with a computed and a reported percent: {len(pairs)}"
    )
    print(f"  measured from the base-year inventory: {rebased}; with totals left out: {left_out}")
    if pairs:
        print(
            f"  agree within 5 points: {agree} ({agree / len(pairs):.1%}); median gap "
            f"{statistics.median(d for d, _, _ in pairs):.1f} points"
        )
    tally: Counter[str] = Counter()
    shown = []
    for gap, commitment, progress in sorted(pairs, key=lambda p: -p[0]):
        if gap <= 5:
            continue
        later = list(
            EmissionsInventory.objects.filter(
                city_id=commitment.city_id, year__gt=progress.latest.year, total__isnull=True
            ).values_list("year", flat=True)
        )
        found = reasons(commitment, progress, later)
        tally.update(kind for kind, _ in found)
        shown.append((gap, commitment, progress, found))
    print(f"  likely reasons over the {len(shown)} disagreements (a target may show several):")
    for reason, count in tally.most_common():
        print(f"    {count:>4}  {reason}")
    print("  largest disagreements (computed vs reported percent achieved):")
    for gap, commitment, progress, found in shown[:12]:
        print(
            f"    {commitment.city.name[:22]:<22} {progress.percent_achieved:9.1f} "
            f"{progress.reported_percent.percent_achieved:6.1f}  gap {gap:7.1f}: "
            + "; ".join(f"{kind} ({details})" if details else kind for kind, details in found)
        )


PAGES = (
    ("accountability page", "/organisations/{}/accountability/"),
    ("  its JSON twin", "/organisations/{}/accountability/?format=json"),
    ("  CSV (every member)", "/organisations/{}/accountability.csv"),
    ("coalition-weight page", "/commitments/coalition-weight/?organisations={}&as_of=2021"),
    (
        "  its JSON twin",
        "/commitments/coalition-weight/?organisations={}&as_of=2021&format=json",
    ),
    ("  CSV (every city)", "/commitments/coalition-weight.csv?organisations={}&as_of=2021"),
)


def _median_ms(client: Any, url: str, repeat: int, *, warm: bool) -> tuple[float, float]:
    """Median wall and CPU time of `url`: cold (caches off, all computed) or warm (the
    figures cached by a first request, the page itself not: the next page of the table).
    The CPU time of this process (SQLite runs in it) is what the load of others on the
    machine changes least."""
    from django.test import override_settings

    times, cpu = [], []
    with override_settings(PAGE_CACHE=warm):
        for number in range(repeat + 1):
            if warm:
                client.get(url + ("&" if "?" in url else "?") + "page=1")  # keeps the figures
                url_now = url + ("&" if "?" in url else "?") + f"page={2 + number}"
            else:
                url_now = url
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url_now)
            if response.streaming:
                b"".join(response.streaming_content)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, response.status_code
    # The first one warms Python up.
    return statistics.median(times[1:]) * 1000, statistics.median(cpu[1:]) * 1000


def pages(repeat: int) -> None:
    from django.core.cache import cache
    from django.test import Client

    from citydiplomacy.geo.models import City
    from citydiplomacy.organisations.models import Membership, Organisation

    ids = list(City.objects.order_by("-population").values_list("pk", flat=True)[:10_000])
    sizes = {"bench-small": ids[:10], "bench-large": ids}
    for slug, members in sizes.items():
        org = Organisation.objects.create(slug=slug, name=slug, kind="city-network")
        Membership.objects.bulk_create(
            [Membership(city_id=i, organisation=org, joined="2015") for i in members]
        )
    cache.clear()
    client = Client()
    print(f"\nPages, median of {repeat} (ms); load {os.getloadavg()[0]:.1f}")
    print("  cold = the page cache and the figures cache off: everything read and computed;")
    print("  warm = the figures kept by a first request, the next page of its table rendered")
    print("  each figure: wall time (CPU time of this process)")
    print(f"  {'':<24} {'10 members':>14} {'10,000 cold':>16} {'ratio':>6} {'10,000 warm':>16}")
    for label, url in PAGES:
        small = _median_ms(client, url.format("bench-small"), repeat, warm=False)
        large = _median_ms(client, url.format("bench-large"), repeat, warm=False)
        warm = (
            _median_ms(client, url.format("bench-large"), repeat, warm=True)
            if "csv" not in url
            else (float("nan"), float("nan"))
        )
        print(
            f"  {label:<24} {small[0]:>7.1f} ({small[1]:>5.1f}) {large[0]:>8.1f} ({large[1]:>5.1f})"
            f" {large[0] / small[0]:>6.1f} {warm[0]:>8.1f} ({warm[1]:>5.1f})"
        )
    print(f"  (goal: the 10,000-member pages under 300 ms cold; load now {os.getloadavg()[0]:.1f})")


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
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
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
