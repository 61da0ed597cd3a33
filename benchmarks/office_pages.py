#!/usr/bin/env python3
"""Benchmark an office's engagement list and partner timelines with 10,000 engagements.

Sets up a fresh temporary SQLite database with `citydiplomacy init` (or uses --database-url),
then, in this process, creates an office ("benchmark-office", Los Angeles) with one editor and
N engagements written in bulk (synthetic, each with partner cities and countries, topics, a
contact, the editor as staff, and every fifth with a follow-up). It requests, signed in as the
editor with Django's test client, the engagement list, the timelines of a partner city (Tokyo)
and of a partner country (Japan), and the office dashboard, each with its `?format=json`
twin, and prints per page the median, p90 and max response time, the response size and the
SQL queries per request. Before the N engagements are written it counts the queries of the
same pages with 20 engagements, to show that the number of queries does not grow with them.
It prints figures only.

    .venv/bin/python benchmarks/office_pages.py [--engagements N] [--repeat R]
                                                 [--database-url URL]
"""

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import CommandFailed, cli_env, describe_database, fail, machine
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

SLUG = "benchmark-office"
LOS_ANGELES = 5368361
TOKYO = 1850147
SMALL = 20
PARTNERS = 300  # partner cities are drawn from the most populous ones
CONTACTS = 300
BATCH = 1000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engagements", type=positive, default=10_000, metavar="N")
    parser.add_argument("--repeat", type=positive, default=30, metavar="R")
    parser.add_argument(
        "--database-url",
        default=None,
        help="Measure this database (init migrates it; the office is written to it).",
    )
    args = parser.parse_args()
    if args.engagements < SMALL:
        parser.error(f"--engagements: at least {SMALL}, the size of the small variant")
    return args


def create_office() -> Any:
    """The office and its editor, through the services (recorded in the history)."""
    from django.contrib.auth.models import User

    from citydiplomacy.core.history.services import Actor
    from citydiplomacy.geo.models import City
    from citydiplomacy.offices.models import Office
    from citydiplomacy.offices.services import office_create, office_member_add

    actor = Actor.system("benchmark")
    office = Office.objects.filter(slug=SLUG).first()
    if office is None:
        office = office_create(
            slug=SLUG, name="Benchmark office", city=City.objects.get(pk=LOS_ANGELES), actor=actor
        )
    user, created = User.objects.get_or_create(username="benchmark-editor")
    if created:
        office_member_add(office=office, user=user, role="editor", actor=actor)
    return office, user


def add_engagements(office: Any, user: Any, start: int, count: int) -> None:
    """`count` synthetic engagements, written in bulk (no change records: setup, not usage)."""
    from citydiplomacy.contacts.models import Contact
    from citydiplomacy.engagements.models import Engagement, EngagementKind, FollowUp
    from citydiplomacy.geo.models import City
    from citydiplomacy.organisations.models import Topic

    rng = random.Random(start)
    cities = list(City.objects.exclude(pk=LOS_ANGELES).order_by("-population")[:PARTNERS])
    topics = list(Topic.objects.all())
    contacts = list(Contact.objects.filter(office=office)) or Contact.objects.bulk_create(
        Contact(office=office, name=f"Contact {i}", kind="foreign-official")
        for i in range(CONTACTS)
    )
    kinds = EngagementKind.values
    engagements = Engagement.objects.bulk_create(
        (
            Engagement(
                office=office,
                kind=kinds[i % len(kinds)],
                title=f"Engagement {i}",
                starts_on=dt.date(2000, 1, 1) + dt.timedelta(days=i),
                summary="Synthetic engagement written by benchmarks/office_pages.py.",
            )
            for i in range(start, start + count)
        ),
        batch_size=BATCH,
    )
    links: dict[str, list[Any]] = {name: [] for name in ("cities", "countries", "topics")}
    people: dict[str, list[Any]] = {"contacts": [], "staff": []}
    follow_ups = []
    for e in engagements:
        partners = rng.sample(cities, rng.randint(1, 3))
        if e.pk % 10 == 0:
            partners = [c for c in partners if c.pk != TOKYO] + [City(pk=TOKYO, country_id="JP")]
        links["cities"] += [Engagement.cities.through(engagement=e, city_id=c.pk) for c in partners]
        links["countries"] += [
            Engagement.countries.through(engagement=e, country_id=code)
            for code in {c.country_id for c in partners}
        ]
        links["topics"] += [
            Engagement.topics.through(engagement=e, topic=t) for t in rng.sample(topics, 2)
        ]
        people["contacts"].append(
            Engagement.contacts.through(engagement=e, contact=rng.choice(contacts))
        )
        people["staff"].append(Engagement.staff.through(engagement=e, user=user))
        if e.pk % 5 == 0:
            follow_ups.append(
                FollowUp(office=office, engagement=e, what=f"Follow up {e.pk}", owner=user)
            )
    for name, rows in {**links, **people}.items():
        getattr(Engagement, name).through.objects.bulk_create(rows, batch_size=BATCH)
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)


def pages() -> list[str]:
    urls = [
        f"/engagements/?office={SLUG}",
        f"/offices/{SLUG}/timeline/cities/{TOKYO}/",
        f"/offices/{SLUG}/timeline/countries/JP/",
        f"/offices/{SLUG}/",
    ]
    return [u for url in urls for u in (url, url + ("&" if "?" in url else "?") + "format=json")]


def describe(office: Any) -> str:
    from citydiplomacy.engagements.models import Engagement, FollowUp
    from citydiplomacy.engagements.selectors import with_partner_city, with_partner_country

    engagements = Engagement.objects.filter(office=office)
    return (
        f"{engagements.count():,} engagements, "
        f"{engagements.filter(with_partner_city(TOKYO)).count():,} with Tokyo, "
        f"{engagements.filter(with_partner_country('JP')).count():,} with Japan, "
        f"{FollowUp.objects.filter(office=office).count():,} follow-ups"
    )


def run(args: argparse.Namespace, data_dir: Path) -> None:
    init_seconds = prepare_database(cli_env(data_dir, args.database_url))
    from django.test import Client

    office, user = create_office()
    client = Client()
    client.force_login(user)
    add_engagements(office, user, 0, SMALL)
    small_setup = describe(office)
    small = [count_queries(client, url) for url in pages()]
    print(f"Writing {args.engagements - SMALL:,} more engagements in bulk ...", flush=True)
    started = time.perf_counter()
    add_engagements(office, user, SMALL, args.engagements - SMALL)
    print(f"Written in {time.perf_counter() - started:.1f} s.")
    print("\nBenchmark: an office's engagement list, partner timelines and dashboard")
    print(f"  database:  {describe_database(args.database_url)} (init took {init_seconds:.1f} s)")
    print(f"  machine:   {machine()}")
    print(f"  large:     {describe(office)}")
    print(f"  small:     {small_setup}")
    print(f"  requests:  {WARM_UP} warm-up + {args.repeat} timed per page, Django test client,")
    print(f"             signed in as an editor; queries counted over {QUERY_SAMPLES} requests\n")
    big = [measure(client, url, args.repeat) for url in pages()]
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
