#!/usr/bin/env python3
"""The floor of a twin-city import: what reading, exact lookup and raw inserts cost.

Reads the same CSV as `citydiplomacy import twin-cities`, resolves each end by an exact
lookup of its name key among the registry's city names in the country the row names (no
variants, no validation, no citations, no history), and inserts the distinct pairs with one
`executemany` in one transaction. No real import can be cheaper; `import_twincities.py` runs
it beside the import on a copy of the same fresh database and prints the ratio of CPU times.

Run it with CITYDIPLOMACY_DATA_DIR (or DATABASE_URL) naming an initialised database.
"""

import csv
import os
import sys
import time
from pathlib import Path


def main() -> int:
    path = Path(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplomacy.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from citydiplomacy.agreements.models import Agreement
    from citydiplomacy.geo.models import CityName
    from citydiplomacy.geo.names import name_key
    from citydiplomacy.geo.resolution.countries import country_hint

    started = time.process_time()
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    by_key: dict[tuple[str, str], int] = {}
    for key, country, city in CityName.objects.values_list("key", "city__country_id", "city_id"):
        by_key.setdefault((key, country), city)

    def find(name: str, country: str) -> int | None:
        hint = country_hint(country)
        return by_key.get((name_key(name), hint.iso2)) if hint else None

    # The starter data already holds some of the pairs: the floor inserts only new ones.
    stored = set(Agreement.objects.filter(kind="sister-city").values_list("city_a_id", "city_b_id"))
    pairs: set[tuple[int, int]] = set()
    for row in rows:
        a, b = find(row["city1"], row["country1"]), find(row["city2"], row["country2"])
        if a and b and a != b:
            pairs.add((min(a, b), max(a, b)))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = Agreement._meta.db_table
    columns = (
        "city_a_id, city_b_id, kind, signed, ended, status, as_of, via_district, title, note, "
        "version, created_at, updated_at"
    )
    values = [
        (a, b, "sister-city", "", "", "unknown", "", False, "", "", 1, now, now)
        for a, b in sorted(pairs - stored)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 13)})", values
        )
    cpu = time.process_time() - started
    print(f"floor: {len(rows):,} rows, {len(values):,} pairs inserted, cpu {cpu:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
