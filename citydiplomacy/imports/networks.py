"""Writing the networks a network import found, as organisations (members: organisations.bulk).

Networks are few, so `NetworkWriter` writes each through the organisation services: it finds
a network again by its code (kept in the locator of the citation that the import gives it,
e.g. "ETMUN code 02723, row 47"), else by an organisation of the same name or acronym, so the
starter data's C40 is reused rather than duplicated.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType

from citydiplomacy.geo.models import Country
from citydiplomacy.geo.names import name_key
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.organisations.models import Organisation, Topic
from citydiplomacy.organisations.services import (
    ORGANISATION_EDITABLE,
    organisation_create,
    organisation_update,
)
from citydiplomacy.sources.models import Citation, Source
from citydiplomacy.sources.services import CitationSpec, merge_cited


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
