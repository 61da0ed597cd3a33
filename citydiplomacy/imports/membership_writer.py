"""Writing what a network import found: the networks as organisations, and their members.

Networks are few, so `NetworkWriter` writes each through the organisation services: it finds
a network again by its code (kept in the locator of the citation that the import gives it,
e.g. "ETMUN code 02723, row 47"), else by an organisation of the same name or acronym, so the
starter data's C40 is reused rather than duplicated.

Members are many (the Covenant of Mayors alone has 10,057), so, like `AgreementWriter`,
`MembershipWriter` collects the rows first, reads the registry's memberships of the
organisations concerned and their citations in two queries, and writes with bulk
operations. Every created or changed membership still gets a change record naming the import
run, and a citation per source row.

A row names the registry's membership when city, organisation and role are the same and so
is the start, or one of the two does not know the start (a seed document that says "a member
of C40" and a dataset that says "since 2009" speak of one membership). Such a row adds its
citation and fills an empty start, end or note; a value that disagrees with a stored one is
kept as stored and reported.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from citydiplomacy.geo.models import City, Country
from citydiplomacy.geo.names import name_key
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.imports.writers import CitingWriter, Merged
from citydiplomacy.organisations.models import Membership, Organisation, Topic
from citydiplomacy.organisations.services import (
    ORGANISATION_EDITABLE,
    organisation_create,
    organisation_update,
)
from citydiplomacy.sources.models import Citation, Source
from citydiplomacy.sources.services import CitationSpec, merge_cited

# city id, organisation id, role, joined
Key = tuple[int, int, str, str]
FILLABLE = ("joined", "left", "note")


@dataclass(frozen=True)
class NetworkSpec:
    """A network as a file describes it, ready to become (or merge into) an organisation."""

    row: int
    code: str
    name: str
    kind: str
    acronym: str = ""
    founded: str = ""
    dissolved: str = ""
    country: str = ""
    website: str = ""
    description: str = ""
    themes: tuple[str, ...] = ()
    also_known_as: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    details: dict[str, str] = field(default_factory=dict)


@dataclass
class NetworkOutcome:
    status: str
    organisation: Organisation | None
    message: str = ""
    member_note: str = ""  # what each member row of the network should say about it


class NetworkWriter:
    """Finds each network's organisation by its code, else by name or acronym, and writes it."""

    def __init__(self, ctx: ImportContext, *, prefix: str) -> None:
        self.ctx, self.prefix = ctx, prefix
        self.content_type = ContentType.objects.get_for_model(Organisation)
        self.by_code = self._coded()
        self.organisations = list(Organisation.objects.all())
        self.claimed = {org.pk for org in self.by_code.values()}
        self.countries = Country.objects.in_bulk()

    def _coded(self) -> dict[str, Organisation]:
        """Organisations whose citation names a network code with this prefix (any source)."""
        rows = Citation.objects.filter(
            content_type=self.content_type, locator__startswith=f"{self.prefix} "
        ).values_list("object_id", "locator")
        found = Organisation.objects.in_bulk({object_id for object_id, _ in rows})
        return {
            self.code_of(locator): found[object_id]
            for object_id, locator in rows
            if object_id in found
        }

    def locator(self, spec: "NetworkSpec") -> str:
        """Where the network stands in its file: its code (how it is found again) and row."""
        return f"{self.prefix} {spec.code}, row {spec.row}"

    def code_of(self, locator: str) -> str:
        return locator.removeprefix(f"{self.prefix} ").split(",")[0]

    def write(self, spec: NetworkSpec, source: Source) -> NetworkOutcome:
        citation = CitationSpec(source, locator=self.locator(spec), import_run=self.ctx.run)
        known = self.by_code.get(spec.code)
        how = "by its code"
        if known is None:
            candidates = self._by_name(spec)
            if len(candidates) > 1:
                slugs = ", ".join(org.slug for org in candidates)
                return NetworkOutcome(
                    "ambiguous", None, f"several organisations have its name or acronym: {slugs}"
                )
            known = candidates[0] if candidates else None
            how = f"by name or acronym: the registry's {known} ({known.slug})" if known else ""
        if known is None:
            organisation = self._create(spec, citation)
            return NetworkOutcome("created", organisation, "; ".join(spec.notes))
        self.by_code[spec.code] = known
        self.claimed.add(known.pk)
        changed, kept = self._merge(known, spec, citation)
        message = "; ".join([f"matched {how}", *spec.notes, *map(_shorten, kept)])
        return NetworkOutcome("merged" if changed else "unchanged", known, message)

    def _by_name(self, spec: NetworkSpec) -> list[Organisation]:
        wanted = {name_key(n) for n in (spec.name, spec.acronym, *spec.also_known_as) if n}
        return [
            org
            for org in self.organisations
            if org.pk not in self.claimed
            and wanted & {name_key(n) for n in (org.name, org.acronym) if n}
        ]

    def _values(self, spec: NetworkSpec) -> dict[str, Any]:
        return {
            "name": spec.name,
            "acronym": spec.acronym,
            "kind": spec.kind,
            "founded": spec.founded,
            "dissolved": spec.dissolved,
            "secretariat_country": self.countries.get(spec.country),
            "website": spec.website,
            "description": spec.description,
        }

    def _create(self, spec: NetworkSpec, citation: CitationSpec) -> Organisation:
        organisation = organisation_create(
            themes=list(Topic.objects.filter(slug__in=spec.themes)),
            citations=[citation],
            actor=self.ctx.actor,
            **self._values(spec),
        )
        self.by_code[spec.code] = organisation
        self.claimed.add(organisation.pk)
        self.organisations.append(organisation)
        return organisation

    def _merge(
        self, organisation: Organisation, spec: NetworkSpec, citation: CitationSpec
    ) -> tuple[bool, list[str]]:
        """Add the citation, fill empty fields and missing themes; report kept values."""
        changed, kept = merge_cited(
            organisation,
            values=self._values(spec),
            editable=ORGANISATION_EDITABLE,
            citations=[citation],
            actor=self.ctx.actor,
        )
        have = set(organisation.themes.values_list("slug", flat=True))
        if set(spec.themes) - have:
            organisation_update(
                organisation,
                actor=self.ctx.actor,
                expected_version=None,
                themes=list(Topic.objects.filter(slug__in=have | set(spec.themes))),
            )
            changed = True
        return changed, kept

    def write_all(self, specs: list[NetworkSpec], source: Source) -> dict[str, NetworkOutcome]:
        return {spec.code: self.write(spec, source) for spec in specs}


def _shorten(text: str, limit: int = 160) -> str:
    """A kept value's message short enough to read in a report (descriptions are long)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else f"{flat[: limit - 1]}…"


def report_network(ctx: ImportContext, spec: NetworkSpec, outcome: NetworkOutcome) -> None:
    organisation = outcome.organisation
    ctx.report.add(
        spec.row,
        outcome.status,
        outcome.message,
        code=spec.code,
        name=spec.name,
        acronym=spec.acronym,
        organisation=organisation.slug if organisation else "",
        themes=" ".join(spec.themes),
        **spec.details,
    )


def summary(outcomes: dict[str, NetworkOutcome], what: str) -> str:
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return f"{what}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))


@dataclass
class _Pending:
    """What one membership gains from this import: its values and the rows that state it."""

    first_row: int
    left: str = ""
    note: str = ""
    locators: list[str] = field(default_factory=list)


@dataclass
class MembershipOutcome:
    """What became of one membership: created, merged or unchanged, and what was kept."""

    status: str
    disagreements: list[str] = field(default_factory=list)


class MembershipWriter(CitingWriter):
    """Collects (city, organisation, role, joined) rows and writes them as memberships."""

    model = Membership

    def __init__(self, ctx: ImportContext) -> None:
        super().__init__(ctx)
        self.pending: dict[Key, _Pending] = {}
        self._merges: list[Merged] = []

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
    ) -> int | None:
        """Note the row's membership; returns the earlier row that stated it, if any."""
        key = (city, organisation, role, joined)
        entry = self.pending.get(key)
        if entry is None:
            entry = self.pending[key] = _Pending(first_row=row, left=left, note=note)
        entry.locators.append(locator or f"row {row}")
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
        self._create(to_create)
        outcome.update({key: MembershipOutcome("created") for key in to_create})
        for key, membership in targets.items():
            outcome[key] = self._merge(key, membership, cited.get(membership.pk, []))
        self.save_merges(self._merges, list(FILLABLE))
        return outcome

    def _targets(self, stored: list[Membership]) -> dict[Key, Membership]:
        """The stored membership each pending one names: same start first, then a loose start."""
        exact: dict[Key, Membership] = {}
        loose: dict[tuple[int, int, str], list[Membership]] = defaultdict(list)
        for m in stored:
            exact[(m.city_id, m.organisation_id, m.role, m.joined)] = m
            loose[(m.city_id, m.organisation_id, m.role)].append(m)
        targets = {key: exact[key] for key in self.pending if key in exact}
        claimed = {m.pk for m in targets.values()}
        for key in self.pending:
            if key in targets:
                continue
            joined = key[3]
            free = [
                m
                for m in loose.get(key[:3], [])
                if m.pk not in claimed and (not m.joined or not joined)
            ]
            # Only an unambiguous candidate: two stored spells of one role stay apart.
            if len(free) == 1:
                targets[key] = free[0]
                claimed.add(free[0].pk)
        return targets

    def _create(self, keys: list[Key]) -> None:
        if not keys:
            return
        cities = City.objects.in_bulk({key[0] for key in keys})
        organisations = Organisation.objects.in_bulk({key[1] for key in keys})
        now = timezone.now()
        objs = []
        for city, organisation, role, joined in keys:
            entry = self.pending[(city, organisation, role, joined)]
            membership = Membership(
                city=cities[city],
                organisation=organisations[organisation],
                role=role,
                joined=joined,
                left=entry.left,
                note=entry.note,
                version=1,
                created_at=now,
                updated_at=now,
            )
            membership.clean()
            objs.append(membership)
        self.create_cited(
            objs,
            lambda o: self.pending[(o.city_id, o.organisation_id, o.role, o.joined)].locators,
        )

    def _merge(self, key: Key, stored: Membership, labels: list[str]) -> MembershipOutcome:
        entry = self.pending[key]
        values = {"joined": key[3], "left": entry.left, "note": entry.note}
        fills: dict[str, str] = {}
        disagreements: list[str] = []
        for name in FILLABLE:
            value, current = values[name], getattr(stored, name)
            if not value:
                continue
            if not current:
                fills[name] = value
            elif current != value:
                disagreements.append(f"{name}: kept {current!r} (the source says {value!r})")
        new = [loc for loc in entry.locators if self.label(loc) not in labels]
        if not new and not fills:
            return MembershipOutcome("unchanged", disagreements)
        self._merges.append(Merged(stored, new, fills, labels))
        return MembershipOutcome("merged", disagreements)
