#!/usr/bin/env python3
"""Benchmark the briefing book of a partner city with 100 engagements: HTML, JSON and PDF.

Sets up a fresh temporary SQLite database with `citydiplomacy init` (or uses --database-url),
then, in this process, creates an office (Los Angeles) with one editor and synthetic
engagements written in bulk (as `office_pages.py` does), until Tokyo is the partner of N of
them (default 100), each fifth with a follow-up. It requests, signed in as the editor, Tokyo's
briefing as HTML, as JSON and as PDF, and, as the baseline measured in the same run, the
office's timeline of Tokyo (the page of the same engagements) and Tokyo's city page, and
prints the median, p90 and max response time, the size and the SQL queries of each. Before
the N engagements are written it counts the queries of the same pages with a few, to show
that the number of queries does not grow with the engagements. It prints figures only.

    .venv/bin/python benchmarks/briefing.py [--engagements N] [--repeat R] [--database-url URL]
"""

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import CommandFailed, cli_env, describe_database, fail, machine, summary_ms
from office_pages import SLUG, TOKYO, add_engagements, create_office
from profile_pages import (
    QUERY_SAMPLES,
    WARM_UP,
    count_queries,
    measure,
    positive,
    prepare_database,
    print_comparison,
    print_table,
)

TARGET_SECONDS = 2.0
SMALL = 20


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engagements", type=positive, default=100, metavar="N")
    parser.add_argument("--repeat", type=positive, default=10, metavar="R")
    parser.add_argument("--database-url", default=None)
    return parser.parse_args()


def pages() -> list[str]:
    briefing = f"/offices/{SLUG}/briefings/cities/{TOKYO}/"
    return [
        briefing,
        f"{briefing}?format=json",
        f"{briefing}briefing.pdf",
        f"/offices/{SLUG}/timeline/cities/{TOKYO}/?per_page=100",
        f"/cities/{TOKYO}/",
    ]


def with_tokyo(office: Any) -> int:
    from citydiplomacy.engagements.models import Engagement
    from citydiplomacy.engagements.selectors import with_partner_city

    return Engagement.objects.filter(office=office).filter(with_partner_city(TOKYO)).count()


def grow(office: Any, user: Any, wanted: int, start: int) -> int:
    """Add engagements in batches until Tokyo is the partner of at least `wanted`."""
    while with_tokyo(office) < wanted:
        add_engagements(office, user, start, 50)
        start += 50
    return start


def run(args: argparse.Namespace, data_dir: Path) -> None:
    init_seconds = prepare_database(cli_env(data_dir, args.database_url))
    from django.test import Client

    office, user = create_office()
    client = Client()
    client.force_login(user)
    written = grow(office, user, 5, 0)
    small_with = with_tokyo(office)
    small = [count_queries(client, url) for url in pages()]
    started = time.perf_counter()
    grow(office, user, args.engagements, written)
    print(f"Engagements written in {time.perf_counter() - started:.1f} s.")
    print("\nBenchmark: a partner city's briefing book (HTML, JSON, PDF)")
    print(f"  database:  {describe_database(args.database_url)} (init took {init_seconds:.1f} s)")
    print(f"  machine:   {machine()}")
    print(f"  large:     {with_tokyo(office)} engagements with Tokyo (office-wide more)")
    print(f"  small:     {small_with} engagements with Tokyo")
    print(f"  requests:  {WARM_UP} warm-up + {args.repeat} timed per page, Django test client,")
    print(f"             signed in as an editor; queries counted over {QUERY_SAMPLES} requests\n")
    big = [measure(client, url, args.repeat) for url in pages()]
    print_table(big)
    print_comparison(small, big)
    timeline = summary_ms(big[3].seconds)[0]
    print("\nMedian against the baseline (the timeline of the same engagements):")
    for row in big[:3]:
        median = summary_ms(row.seconds)[0]
        verdict = "under" if median / 1000 < TARGET_SECONDS else "OVER"
        print(f"  {row.url}: {median:.0f} ms, {median / timeline:.1f}x the timeline, ", end="")
        print(f"{verdict} the {TARGET_SECONDS:.0f} s target")


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-bench-") as data_dir:
        try:
            run(args, Path(data_dir))
        except CommandFailed as error:
            fail(error)


if __name__ == "__main__":
    main()
