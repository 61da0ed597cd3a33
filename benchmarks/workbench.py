#!/usr/bin/env python3
"""The analyst's workbench on the fully imported registry: exports, lists, big profiles.

Builds a scratch registry the way a user would (`citydiplomacy init`, then every importer on
the real datasets of ../shared/data: twin cities, Wikidata P190, ETMUN networks and members,
URBACT, US mayors, UN WUP population), or reuses one (`--data-dir`), and prints:

- every full export (agreements and memberships, CSV, JSON, GeoJSON, GraphML): seconds,
  megabytes and SQL queries, beside the baseline of the same export written the old way
  (model instances with prefetched citations, GraphML through networkx) in the same run;
- the agreement, city and membership lists: page 1 and the last page (medians), with the
  baseline of the old pagination (full rows under OFFSET) in the same run;
- the profile of the city with the most agreements (80+) and of the organisation with the
  most members (8,000+), medians of several requests and their query counts.

Goals (issue 10): each export under 3 s, each page under 300 ms on this machine.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _common import CommandFailed, cli_env, describe_database, fail, machine, use_env
from _registry import full_registry, missing_data

EXPORT_GOAL_S = 3.0
PAGE_GOAL_MS = 300.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="Reuse (or build into) this data directory.")
    parser.add_argument("--database-url", default=None, help="Measure this database instead.")
    parser.add_argument("--repeat", type=int, default=5, help="Requests per page (median).")
    parser.add_argument("--no-baseline", action="store_true", help="Skip the old-way figures.")
    return parser.parse_args()


def timed(work: Callable[[], Any]) -> tuple[float, Any, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - started
    return seconds, result, len(captured.captured_queries)


def drain(chunks: Iterator[str]) -> int:
    return sum(len(chunk.encode()) for chunk in chunks)


def old_export(dataset: str, fmt: str) -> int:
    """The export as it was written before: a model instance per row, citations prefetched
    per chunk, GraphML built in memory with networkx."""
    import csv
    import io
    import json

    import networkx as nx

    from citydiplomacy.agreements.selectors import agreements
    from citydiplomacy.organisations.selectors import memberships

    records: Any = (agreements() if dataset == "agreements" else memberships()).order_by("pk")
    size = 0
    graph: Any = nx.MultiGraph()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for record in records.iterator(chunk_size=2000):
        cities = [record.city_a, record.city_b] if dataset == "agreements" else [record.city]
        sources = ";".join(sorted({c.source.key for c in record.citations.all()}))
        row = {
            "id": record.pk,
            **{
                f"c{i}": (c.pk, c.name, c.country_id, c.latitude, c.longitude)
                for i, c in enumerate(cities)
            },
            "sources": sources,
        }
        if fmt == "graphml":
            nodes = [f"city:{c.pk}" for c in cities]
            for node, city in zip(nodes, cities, strict=True):
                graph.add_node(node, name=city.name, latitude=city.latitude)
            org = getattr(record, "organisation", None)
            other = nodes[1] if org is None else f"organisation:{org.slug}"
            graph.add_edge(nodes[0], other, key=record.pk, sources=sources)
        elif fmt == "csv":
            writer.writerow(row.values())
            size += len(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
        else:
            size += len(json.dumps(row, default=str).encode())
    if fmt == "graphml":
        size = sum(len(line.encode()) for line in nx.generate_graphml(graph))
    return size


def measure_exports(baseline: bool) -> list[tuple[str, float, int, int, float | None]]:
    from django.http import QueryDict

    from citydiplomacy.site.exports import export

    rows = []
    for dataset in ("agreements", "memberships"):
        for fmt in ("csv", "json", "geojson", "graphml"):
            seconds, size, queries = timed(
                lambda d=dataset, f=fmt: drain(export(d, f, QueryDict("")))  # type: ignore[misc]
            )
            old = None
            if baseline:
                old, _, _ = timed(lambda d=dataset, f=fmt: old_export(d, f))  # type: ignore[misc]
            rows.append((f"{dataset}.{fmt}", seconds, size, queries, old))
            print(f"  measured {dataset}.{fmt}", flush=True)
    return rows


def median_ms(client: Any, url: str, repeat: int) -> tuple[float, int, int]:
    client.get(url)
    samples = []
    for _ in range(repeat):
        seconds, response, queries = timed(lambda: client.get(url))
        if response.status_code != 200:
            raise CommandFailed(f"GET {url} answered {response.status_code}")
        samples.append(seconds * 1000)
    return statistics.median(samples), queries, len(response.content)


def old_page_ms(model_list: Callable[[], Any], page: int, repeat: int) -> float:
    """The page's records read the old way: full rows (with the list's annotations and
    joins) under LIMIT/OFFSET, without the pages' HTML."""
    from django.core.paginator import Paginator

    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        current = Paginator(model_list(), 50).get_page(page)
        list(current.object_list)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure_lists(
    client: Any, repeat: int, baseline: bool
) -> list[tuple[str, float, int, float | None]]:
    from citydiplomacy.agreements.models import Agreement
    from citydiplomacy.agreements.selectors import agreements
    from citydiplomacy.geo.models import City
    from citydiplomacy.geo.selectors import with_degrees
    from citydiplomacy.organisations.models import Membership
    from citydiplomacy.organisations.selectors import memberships

    lists: list[tuple[str, int, Callable[[], Any]]] = [
        ("/agreements/", Agreement.objects.count(), agreements),
        (
            "/cities/",
            City.objects.count(),
            lambda: with_degrees(City.objects.select_related("country")),
        ),
        (
            "/cities/?sort=-agreements",
            City.objects.count(),
            lambda: with_degrees(City.objects.all()).order_by("-agreement_count"),  # type: ignore[misc]
        ),
        ("/memberships/", Membership.objects.count(), memberships),
    ]
    rows = []
    for base, count, old_queryset in lists:
        last = max(1, -(-count // 50))
        joiner = "&" if "?" in base else "?"
        for label, url, number in (
            ("page 1", base, 1),
            ("last page", f"{base}{joiner}page={last}", last),
        ):
            ms, queries, _ = median_ms(client, url, repeat)
            old = old_page_ms(old_queryset, number, max(1, repeat // 2)) if baseline else None
            rows.append((f"{url} ({label})", ms, queries, old))
    return rows


def measure_profiles(client: Any, repeat: int) -> list[tuple[str, float, int, str]]:
    from citydiplomacy.agreements.panels import best_connected_cities
    from citydiplomacy.organisations.panels import largest_organisations

    top = best_connected_cities(1)[0]
    organisation = largest_organisations(1)[0]
    members = organisation.member_count  # type: ignore[attr-defined]
    rows = []
    for url, what in (
        (f"/cities/{top['geonames_id']}/", f"{top['name']}: {top['agreements']} agreements"),
        (f"/organisations/{organisation.slug}/", f"{organisation.name}: {members:,} members"),
    ):
        for variant in (url, f"{url}?format=json"):
            ms, queries, _ = median_ms(client, variant, repeat)
            rows.append((variant, ms, queries, what))
    return rows


def report(exports: list[Any], lists: list[Any], profiles: list[Any]) -> None:
    print("\nFull exports (streamed to nowhere, in this process):")
    print(f"  {'export':<22} {'seconds':>8} {'MB':>7} {'queries':>8} ", end="")
    print(f"{'old way s':>10} {'faster':>6}  goal")
    for name, seconds, size, queries, old in exports:
        ratio = f"{old / seconds:.1f}x" if old else "-"
        old_text = f"{old:.2f}" if old else "-"
        verdict = "met" if seconds < EXPORT_GOAL_S else "NOT met"
        print(f"  {name:<22} {seconds:>8.2f} {size / 1e6:>7.1f} {queries:>8} ", end="")
        print(f"{old_text:>10} {ratio:>6}  {verdict}")
    print("\nList pages (median ms, Django test client, anonymous):")
    print(f"  {'page':<48} {'ms':>7} {'queries':>8} {'old rows ms':>12}  goal")
    for name, ms, queries, old in lists:
        old_text = f"{old:.0f}" if old is not None else "-"
        verdict = "met" if ms < PAGE_GOAL_MS else "NOT met"
        print(f"  {name:<48} {ms:>7.0f} {queries:>8} {old_text:>12}  {verdict}")
    print("\nProfiles (median ms):")
    for url, ms, queries, what in profiles:
        verdict = "met" if ms < PAGE_GOAL_MS else "NOT met"
        print(f"  {url:<34} {ms:>7.0f} ms {queries:>4} queries  {what}  goal {verdict}")


def main() -> None:
    args = parse_args()
    if missing := missing_data():
        fail(CommandFailed(f"the real datasets are missing: {', '.join(map(str, missing))}"))
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-workbench-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        env = cli_env(data_dir, args.database_url)
        if not (data_dir / "citydiplomacy.sqlite3").exists() or args.database_url:
            print("Building the registry: init and every importer on the real data ...", flush=True)
            env, steps = full_registry(data_dir, args.database_url)
            print("  " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in steps))
        # The page cache off: the figures are of the work a page does, not of a cache hit.
        use_env(
            {
                **env,
                "DJANGO_SETTINGS_MODULE": "citydiplomacy.settings",
                "CITYDIPLOMACY_PAGE_CACHE": "0",
            }
        )
        import django

        django.setup()
        from django.test import Client

        from citydiplomacy.site.selectors import registry_counts

        where = describe_database(args.database_url)
        if args.data_dir and not args.database_url:
            where = f"SQLite in {args.data_dir}"
        print(f"\nBenchmark: the analyst's workbench on {where}")
        print(f"  machine:  {machine()}, load average {os.getloadavg()[0]:.1f} at the start")
        print("  registry: " + ", ".join(f"{v:,} {k}" for k, v in registry_counts().items()))
        exports = measure_exports(not args.no_baseline)
        client = Client()
        lists = measure_lists(client, args.repeat, not args.no_baseline)
        profiles = measure_profiles(client, args.repeat)
        report(exports, lists, profiles)


if __name__ == "__main__":
    try:
        main()
    except CommandFailed as error:
        fail(error)
        sys.exit(1)
