#!/usr/bin/env python3
"""Benchmark the two heaviest profile pages: the best-connected city and the largest network.

Sets up a fresh temporary SQLite database with `citydiplomacy init` (or uses --database-url),
then, in this process, writes synthetic ties through the real service functions: New York
City (GeoNames 5128581) gets agreements with the N most populous other cities, and a new
organisation gets the M most populous cities as members. It requests the city profile, the
organisation profile and their `?format=json` twins with Django's test client and prints,
per page, the median, p90 and max response time, the response size and the SQL queries per
request. Before the ties are written in full, it counts the queries of the same pages in a
small variant (New York with its 5 starter agreements, the network with 5 members), to show
whether the number of queries grows with the number of ties. It prints figures only.

    .venv/bin/python benchmarks/profile_pages.py [--agreements N] [--members M]
                                                  [--repeat R] [--database-url URL]
"""

import argparse
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from _common import (
    CommandFailed,
    cli_env,
    describe_database,
    fail,
    machine,
    run_cli,
    summary_ms,
    use_env,
)

if TYPE_CHECKING:
    from django.test import Client

WARM_UP = 3
QUERY_SAMPLES = 2
SMALL_MEMBERS = 5


@dataclass
class Figures:
    url: str
    queries: list[int]
    shapes: Counter[str]
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # this process's CPU time per request
    size: int = 0


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value}: expected a whole number of at least 1")
    return number


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=positive, default=300, metavar="N")
    parser.add_argument("--members", type=positive, default=5000, metavar="M")
    parser.add_argument("--repeat", type=positive, default=30, metavar="R")
    parser.add_argument(
        "--database-url",
        default=None,
        help="Measure this database (init migrates it; synthetic ties are written to it).",
    )
    args = parser.parse_args()
    if args.members < SMALL_MEMBERS:
        parser.error(f"--members: at least {SMALL_MEMBERS}, the size of the small variant")
    return args


def prepare_database(env: dict[str, str]) -> float:
    """Run `citydiplomacy init -v0` and make Django in this process use the same database."""
    print("Setting up: citydiplomacy init -v0 ...", flush=True)
    _, seconds = run_cli(["init", "-v0"], env)
    # The page cache off: the figures are of the work a page does, not of a cache hit.
    use_env(
        {**env, "DJANGO_SETTINGS_MODULE": "citydiplomacy.settings", "CITYDIPLOMACY_PAGE_CACHE": "0"}
    )
    import django

    django.setup()
    return seconds


def request(client: "Client", url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise CommandFailed(f"GET {url} answered {response.status_code}")
    return response


def shape(sql: str) -> str:
    """A query with its numbers and IN lists blanked out: "table WHERE ..."."""
    sql = re.sub(r"\bIN \([^)]*\)", "IN (...)", re.sub(r"\b\d+\b", "?", sql))
    table = re.search(r'FROM "(\w+)"', sql)
    return f"{table.group(1) if table else '?'} WHERE {sql.partition(' WHERE ')[2][:90]}"


def count_queries(client: "Client", url: str) -> Figures:
    """The SQL queries per request of `url` (a few requests) and their shapes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request(client, url)
    counts = []
    for _ in range(QUERY_SAMPLES):
        with CaptureQueriesContext(connection) as captured:
            request(client, url)
        counts.append(len(captured.captured_queries))
    return Figures(url, counts, Counter(shape(q["sql"]) for q in captured.captured_queries))


def measure(client: "Client", url: str, repeat: int) -> Figures:
    """Time `repeat` requests after WARM_UP, then count queries in separate requests."""
    for _ in range(WARM_UP):
        request(client, url)
    seconds, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        response = request(client, url)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    figures = count_queries(client, url)
    figures.seconds, figures.cpu, figures.size = seconds, cpu, len(response.content)
    return figures


def pages(city_id: int, slug: str) -> list[str]:
    city, org = f"/cities/{city_id}/", f"/organisations/{slug}/"
    return [city, f"{city}?format=json", org, f"{org}?format=json"]


def queries_label(counts: list[int]) -> str:
    return str(counts[0]) if len(set(counts)) == 1 else "/".join(map(str, counts))


def print_table(rows: list[Figures]) -> None:
    width = max(len(row.url) for row in rows)
    # CPU time is what a loaded machine disturbs least: compare runs by it.
    print(f"{'page':<{width}}  {'median ms':>9}  {'p90 ms':>8}  {'max ms':>8}  ", end="")
    print(f"{'CPU ms':>7}  {'bytes':>10}  {'queries':>7}")
    for row in rows:
        median, p90, top = summary_ms(row.seconds)
        cpu = summary_ms(row.cpu)[0]
        print(f"{row.url:<{width}}  {median:>9.1f}  {p90:>8.1f}  {top:>8.1f}  ", end="")
        print(f"{cpu:>7.1f}  {row.size:>10,}  {queries_label(row.queries):>7}")


def print_comparison(small: list[Figures], big: list[Figures]) -> None:
    width = max(len(row.url) for row in big)
    print(f"\nQueries per request: {'page':<{width}}  {'small':>5}  {'large':>5}")
    for few, many in zip(small, big, strict=True):
        verdict = "same" if few.queries == many.queries else "GROWS with the ties"
        print(
            f"                     {many.url:<{width}}  {queries_label(few.queries):>5}  ", end=""
        )
        print(f"{queries_label(many.queries):>5}  {verdict}")
    for few, many in zip(small, big, strict=True):
        grown = [(s, n) for s, n in many.shapes.most_common() if n > few.shapes.get(s, 0)]
        if grown:
            print(f"\nQueries that grew on {many.url} (small -> large, per request):")
            for query, times in grown:
                print(f"  {few.shapes.get(query, 0)} -> {times} x {query}")


def print_header(args: argparse.Namespace, small: str, large: str, init_s: float) -> None:
    from citydiplomacy.agreements.panels import best_connected_cities
    from citydiplomacy.organisations.panels import largest_organisations

    top_city = best_connected_cities(1)[0]["name"]
    top_org = largest_organisations(1)[0]
    print("\nBenchmark: profile pages of the best-connected city and the largest network")
    print(f"  database:  {describe_database(args.database_url)} (init took {init_s:.1f} s)")
    print(f"  machine:   {machine()}")
    print(f"  large:     {large}")
    print(f"  small:     {small}")
    print(f"  `stats`:   best-connected city {top_city}; largest network {top_org}")
    print(f"  requests:  {WARM_UP} warm-up + {args.repeat} timed per page, Django test client,")
    print(f"             anonymous; queries counted over {QUERY_SAMPLES} further requests\n")


def run(args: argparse.Namespace, data_dir: Path) -> None:
    init_seconds = prepare_database(cli_env(data_dir, args.database_url))
    from _ties import create_ties, describe
    from django.test import Client

    client = Client()
    setup = create_ties(0, SMALL_MEMBERS)
    urls = pages(setup.city.pk, setup.organisation.slug)
    small_setup = describe(setup)
    small = [count_queries(client, url) for url in urls]
    print(f"Writing {args.agreements:,} agreements and {args.members:,} memberships ...")
    started = time.perf_counter()
    setup = create_ties(args.agreements, args.members)
    print(f"Written in {time.perf_counter() - started:.1f} s through the service functions.")
    print_header(args, small_setup, describe(setup), init_seconds)
    big = [measure(client, url, args.repeat) for url in urls]
    print_table(big)
    print_comparison(small, big)


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-bench-") as data_dir:
        try:
            run(args, Path(data_dir))
        except CommandFailed as error:
            fail(error)


if __name__ == "__main__":
    main()
