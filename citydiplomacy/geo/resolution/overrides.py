"""Manual overrides: a user settles an ambiguous or wrong name once, for all future imports.

The file is a CSV with the columns `name`, `country` (as the sources write them, or an ISO
code), `geonames_id` (the city meant; empty or 0 for "this is not a city") and `note`. Names
are compared by name key, countries by ISO code, so "Sao Paulo, Brazil" and "São Paulo, BR"
are the same entry. An entry whose country is empty applies in every country.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from citydiplomacy.core.errors import FileRefused
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.countries import CountryHint, country_hint

COLUMNS = ("name", "country", "geonames_id", "note")


@dataclass
class Overrides:
    entries: dict[tuple[str, str], int] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def load(cls, path: Path) -> "Overrides":
        overrides = cls(path=path)
        for number, row in _rows(path):
            raw_id = row.get("geonames_id") or "0"
            if not raw_id.isdigit():
                raise FileRefused(f"{path}: line {number}: geonames_id {raw_id!r} is not a number.")
            country = row.get("country", "")
            hint = country_hint(country) if country else None
            if country and hint is None:
                raise FileRefused(f"{path}: line {number}: unknown country {country!r}.")
            overrides.entries[(name_key(row.get("name", "")), hint.iso2 if hint else "")] = int(
                raw_id
            )
        return overrides

    @classmethod
    def settled(cls) -> "Overrides":
        """The names settled in the review queue (`geo.SettledName`), as override entries."""
        from citydiplomacy.geo.models import SettledName

        rows = SettledName.objects.values_list("name_key", "country", "geonames_id")
        return cls(entries={(key, country): gid for key, country, gid in rows})

    def decide(self, name: str, country: str, hint: CountryHint | None) -> int | None:
        """The GeoNames id settled for this name (0: not a city), or None if not settled."""
        key = name_key(name)
        iso2 = hint.iso2 if hint else ""
        if (key, iso2) in self.entries:
            return self.entries[(key, iso2)]
        return self.entries.get((key, ""))


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's rows by line number, stripped; refused when unreadable or a column lacks."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise FileRefused(f"{path}: cannot be read as UTF-8 text ({error}).") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("name", "country", "geonames_id") if c not in (reader.fieldnames or [])]
    if missing:
        raise FileRefused(
            f"{path}: the overrides file needs the columns {', '.join(COLUMNS)}; "
            f"missing: {', '.join(missing)}."
        )
    for row in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}
