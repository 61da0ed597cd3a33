"""Memberships written in bulk (network member lists, Wikidata): validated, cited, merged.

Members are many (the Covenant of Mayors alone has 10,057), so `MembershipWriter` collects
the rows first, reads the registry's memberships of the organisations concerned and their
citations in two queries, and writes through the validated bulk path. Every created or
changed membership gets a change record naming the run, and a citation per source row.

A row names the registry's membership when city, organisation and role are the same and so
is the start, or one of the two does not know the start (a seed document that says "a member
of C40" and a dataset that says "since 2009" speak of one membership). Such a row adds its
citation and fills an empty start, end, note or "as of"; a value that disagrees with a stored
one is kept as stored and reported.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.matching import same_membership
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.sources.bulk import Cite, CitingWriter, Merged
from citydiplomacy.sources.models import Source

# city id, organisation id, role, joined
Key = tuple[int, int, str, str]
FILLABLE = ("joined", "left", "note", "as_of")


@dataclass
class _Pending:
    """What one membership gains from this load: its values and the rows that state it."""

    first_row: int
    left: str = ""
    note: str = ""
    as_of: str = ""
    via_district: bool = False
    cites: list[Cite] = field(default_factory=list)


@dataclass
class MembershipOutcome:
    """What became of one membership: created, merged, unchanged or refused, and why."""

    status: str
    disagreements: list[str] = field(default_factory=list)


class MembershipWriter(CitingWriter):
    """Collects (city, organisation, role, joined) rows and writes them as memberships."""

    model = Membership

    def __init__(self, actor: Actor, source: Source, *, as_of: str = "") -> None:
        super().__init__(actor, source)
        self.as_of = as_of  # the date of the snapshot every row of this load asserts
        self.pending: dict[Key, _Pending] = {}
        self._merges: list[tuple[Key, Merged]] = []

    def add(
        self,
        *,
        city: int,
        organisation: int,
        role: str,
        joined: str = "",
        left: str = "",
        note: str = "",
        row: int,
        locator: str = "",
        as_written: str = "",
        via_district: bool = False,
    ) -> int | None:
        """Note the row's membership; returns the earlier row that stated it, if any."""
        key = (city, organisation, role, joined)
        entry = self.pending.get(key)
        if entry is None:
            entry = self.pending[key] = _Pending(
                first_row=row, left=left, note=note, as_of=self.as_of
            )
        entry.cites.append(Cite(locator or f"row {row}", as_written))
        entry.via_district = entry.via_district or via_district
        return entry.first_row if entry.first_row != row else None

    def flush(self) -> dict[Key, MembershipOutcome]:
        """Write every membership; returns what became of each."""
        if not self.pending:
            return {}
        organisations = {key[1] for key in self.pending}
        stored = list(
            Membership.objects.filter(organisation_id__in=organisations).select_related(
                "city", "organisation"
            )
        )
        targets = self._targets(stored)
        cited = self.cited_labels(
            Membership.objects.filter(organisation_id__in=organisations).values("pk")
        )
        outcome: dict[Key, MembershipOutcome] = {}
        to_create = [key for key in self.pending if key not in targets]
        outcome.update(self._create(to_create))
        for key, membership in targets.items():
            outcome[key] = self._merge(key, membership, cited.get(membership.pk, []))
        self.save_merges([m for _, m in self._merges], list(FILLABLE))
        for key, merged in self._merges:
            if id(merged.stored) in self.refused:
                outcome[key] = MembershipOutcome("refused", [self.refused[id(merged.stored)]])
        return outcome

    def _targets(self, stored: list[Membership]) -> dict[Key, Membership]:
        """The stored membership each pending one is about (`matching.same_membership`):
        exact matches are claimed first, then the looser ones."""
        exact: dict[Key, Membership] = {}
        by_pair: dict[tuple[int, int], list[Membership]] = defaultdict(list)
        for m in stored:
            exact[(m.city_id, m.organisation_id, m.role, m.joined)] = m
            by_pair[(m.city_id, m.organisation_id)].append(m)
        targets = {key: exact[key] for key in self.pending if key in exact}
        claimed = {m.pk for m in targets.values()}
        for key in self.pending:
            if key in targets:
                continue
            found = same_membership(by_pair.get(key[:2], []), key[2], key[3], claimed)
            if found is not None:
                targets[key] = found
                claimed.add(found.pk)
        return targets

    def _create(self, keys: list[Key]) -> dict[Key, MembershipOutcome]:
        if not keys:
            return {}
        cities = City.objects.only("geonames_id", "name").in_bulk({key[0] for key in keys})
        organisations = Organisation.objects.in_bulk({key[1] for key in keys})
        now = timezone.now()
        objs = []
        by_obj: dict[int, Key] = {}
        for key in keys:
            city, organisation, role, joined = key
            entry = self.pending[key]
            membership = Membership(
                city_id=city,
                organisation_id=organisation,
                role=role,
                joined=joined,
                left=entry.left,
                note=entry.note,
                as_of=entry.as_of,
                via_district=entry.via_district,
                version=1,
                created_at=now,
                updated_at=now,
            )
            if city in cities and organisation in organisations:
                membership.city = cities[city]
                membership.organisation = organisations[organisation]
            by_obj[id(membership)] = key
            objs.append(membership)
        self.create_cited(objs, lambda o: self.pending[by_obj[id(o)]].cites)
        return {
            by_obj[id(o)]: (
                MembershipOutcome("refused", [self.refused[id(o)]])
                if id(o) in self.refused
                else MembershipOutcome("created")
            )
            for o in objs
        }

    def _merge(self, key: Key, stored: Membership, labels: list[str]) -> MembershipOutcome:
        entry = self.pending[key]
        values = {"joined": key[3], "left": entry.left, "note": entry.note, "as_of": entry.as_of}
        fills: dict[str, str] = {}
        disagreements: list[str] = []
        for name in FILLABLE:
            value, current = values[name], getattr(stored, name)
            if not value:
                continue
            if not current:
                fills[name] = value
            elif current != value and name != "as_of":
                disagreements.append(f"{name}: kept {current!r} (the source says {value!r})")
            elif name == "as_of" and value > current:
                fills[name] = value  # a later snapshot still lists the member
        new = [c for c in entry.cites if self.label(c) not in labels]
        if not new and not fills:
            return MembershipOutcome("unchanged", disagreements)
        self._merges.append((key, Merged(stored, new, fills, labels)))
        return MembershipOutcome("merged", disagreements)
