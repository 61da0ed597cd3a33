"""Agreements written in bulk (imports): pairs in any order, each cited by every row stating it.

The pair's order is the model's rule (`Agreement.clean()` stores the lower GeoNames id as
city A), so this writer only collects pairs by their unordered key and lets validation put
them in order; it never writes a second agreement of the same kind for a pair.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import City
from citydiplomacy.sources.bulk import Cite, CitingWriter, Merged
from citydiplomacy.sources.models import Source

Pair = tuple[int, int]


def pair_key(a: int, b: int) -> Pair:
    """The pair as `Agreement.clean()` stores it, to find it again before it is written."""
    return (min(a, b), max(a, b))


@dataclass
class _Pending:
    """What one agreement gains from this load."""

    cites: list[Cite] = field(default_factory=list)
    stated_by: set[int] = field(default_factory=set)
    directed: bool = False
    via_district: bool = False


class AgreementWriter(CitingWriter):
    """Collects city pairs and writes them as agreements of one kind."""

    model = Agreement

    def __init__(self, actor: Actor, source: Source, *, kind: str) -> None:
        super().__init__(actor, source)
        self.kind = kind
        self.pending: dict[Pair, _Pending] = {}
        self.first_row: dict[Pair, int] = {}
        self.messages: dict[Pair, str] = {}
        self._merges: list[Merged] = []

    def add(
        self,
        a: int,
        b: int,
        *,
        row: int,
        stated_by: int | None = None,
        locator: str = "",
        as_written: str = "",
        via_district: bool = False,
    ) -> str:
        """Note that the row states the pair; returns 'new' or 'duplicate' (seen earlier)."""
        pair = pair_key(a, b)
        seen = pair in self.pending
        entry = self.pending.setdefault(pair, _Pending())
        self.first_row.setdefault(pair, row)
        entry.cites.append(Cite(locator or f"row {row}", as_written))
        entry.via_district = entry.via_district or via_district
        if stated_by is not None:
            entry.directed = True
            entry.stated_by.add(stated_by)
        return "duplicate" if seen else "new"

    def flush(self) -> dict[Pair, str]:
        """Write every pair; returns what became of each: created, merged, unchanged or
        refused (the reason in `messages`)."""
        existing = {
            (ag.city_a_id, ag.city_b_id): ag
            for ag in Agreement.objects.filter(kind=self.kind)
            .select_related("city_a", "city_b")
            .only(
                "id",
                "city_a__name",
                "city_b__name",
                "stated_only_by_id",
                "version",
                "kind",
                "signed",
                "ended",
                "status",
                "as_of",
                "via_district",
                "title",
                "note",
            )
        }
        touched = [existing[pair].pk for pair in self.pending if pair in existing]
        cited = self.cited_labels(touched)
        outcome: dict[Pair, str] = {}
        to_create = [pair for pair in self.pending if pair not in existing]
        outcome.update(self._create(to_create))
        for pair, entry in self.pending.items():
            if pair in existing:
                outcome[pair] = self._merge(existing[pair], entry, cited.get(existing[pair].pk, []))
        written = {id(m.stored) for m in self.save_merges(self._merges, ["stated_only_by"])}
        for merged in self._merges:
            if id(merged.stored) not in written:
                pair = (merged.stored.city_a_id, merged.stored.city_b_id)
                outcome[pair] = "refused"
                self.messages[pair] = self.refused.get(id(merged.stored), "")
        return outcome

    def _stated_only_by(self, entry: _Pending) -> int | None:
        return next(iter(entry.stated_by)) if entry.directed and len(entry.stated_by) == 1 else None

    def _create(self, pairs: list[Pair]) -> dict[Pair, str]:
        # The cities, so that naming each agreement in its change record costs no query.
        cities = City.objects.only("geonames_id", "name").in_bulk({c for p in pairs for c in p})
        objs = []
        by_obj: dict[int, Pair] = {}
        for a, b in pairs:
            entry = self.pending[(a, b)]
            agreement = Agreement(
                city_a_id=a,
                city_b_id=b,
                kind=self.kind,
                version=1,
                created_at=timezone.now(),
                updated_at=timezone.now(),
                stated_only_by_id=self._stated_only_by(entry),
                via_district=entry.via_district,
            )
            # Cached cities name the record in its change record without a query.
            if a in cities and b in cities:
                agreement.city_a, agreement.city_b = cities[a], cities[b]
            by_obj[id(agreement)] = (a, b)
            objs.append(agreement)
        self.create_cited(objs, lambda o: self.pending[by_obj[id(o)]].cites)
        outcome = {}
        for obj in objs:
            pair = by_obj[id(obj)]
            if id(obj) in self.refused:
                outcome[pair] = "refused"
                self.messages[pair] = self.refused[id(obj)]
            else:
                outcome[pair] = "created"
        return outcome

    def _merge(self, agreement: Agreement, entry: _Pending, labels: list[str]) -> str:
        new = [c for c in entry.cites if self.label(c) not in labels]
        stated = self._stated_only_by(entry) if entry.directed else agreement.stated_only_by_id
        if not new and stated == agreement.stated_only_by_id:
            return "unchanged"
        self._merges.append(Merged(agreement, new, {"stated_only_by_id": stated}, labels))
        return "merged"
