"""Importer of the State Policy Innovation and Diffusion database (SPID v1.0).

`policies_metadata.csv` (policy, source, first_year, last_year, adopt_count, description,
majortopic) gives the 728 policies; `policies.csv` (statenam, policy, adopt_year) the
17,835 adoption events by the 50 states. Each policy becomes a practice (slug `spid-<policy>`,
its description as title, its major topic as category), each event an adoption by the
state's ISO 3166-2 division, adopted in the event's year. Every record cites the file and
row with the row's own words. SPID names no origin jurisdiction, so the origin stays
unknown and the lineage (who learned from whom) too.

Written in bulk (a few dozen queries for the whole panel). A second run finds everything
stored and writes nothing; a row whose year disagrees with the stored one is reported as
unchanged with the disagreement, never silently overwritten.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from citydiplomacy.core.history.services import bulk_record_creates
from citydiplomacy.geo.models import Division
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import FileRefused, Row, read_rows
from citydiplomacy.organisations.models import Topic
from citydiplomacy.practices.models import Adoption, AdoptionStatus, Channel, Practice
from citydiplomacy.practices.search import index_practices
from citydiplomacy.sources.models import Citation, SourceKind

EVENTS = "policies.csv"
METADATA = "policies_metadata.csv"
BATCH = 2000
# SPID's major topics (Policy Agendas Project) that have a counterpart in our vocabulary.
TOPIC_OF_MAJOR = {
    "Civil Rights": ["human-rights"],
    "Domestic Commerce": ["economic-development"],
    "Health": ["public-health"],
    "Education": ["education"],
    "Transportation": ["transport"],
    "Government Operations": ["governance"],
    "Labor": ["economic-development"],
    "Housing": ["urban-planning"],
    "Macroeconomics": ["economic-development"],
    "Environment": ["environment"],
    "Energy": ["energy"],
    "Defense": ["security"],
    "Technology": ["technology"],
    "Foreign Trade": ["trade-investment"],
    "Immigration": ["migration"],
    "Law and Crime": ["security"],
}


@dataclass
class SpidFiles:
    policies: list[Row]
    events: list[Row]
    events_name: str
    metadata_name: str


def _paths(path: Path) -> tuple[Path, Path]:
    folder = path if path.is_dir() else path.parent
    events, metadata = folder / EVENTS, folder / METADATA
    for needed in (events, metadata):
        if not needed.is_file():
            raise FileRefused(f"{needed.name} is missing from {folder.name}/: SPID has two files.")
    return events, metadata


def _year(text: str) -> int | None:
    try:
        year = int(text.strip())
    except ValueError:
        return None
    return year if 1000 <= year <= 2100 else None


class SpidImporter:
    kind = "spid"
    # Adopters are states found by name among the divisions: no city names to resolve, so
    # no gazetteer index to build (that took most of the import's time and ~1 GB).
    resolves = False
    description = (
        "The State Policy Innovation and Diffusion database (SPID v1.0): a folder (or its "
        "policies.csv) with policies.csv and policies_metadata.csv; policies become practices "
        "and adoption events adoptions by the US states."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        return {
            "key": "spid-v1",
            "title": "State Policy Innovation and Diffusion (SPID) database, v1.0",
            "kind": SourceKind.DATASET,
            "author": (
                "Boehmke, Brockway, Desmarais, Harden, LaRocca, Monogan, Yang and Zhang (2020)"
            ),
            "published": "2020",
            "url": "https://doi.org/10.7910/DVN/CVYSR7",
            "file_name": f"{METADATA}, {EVENTS}",
            "note": "As exported from policies.RData of desmarais-lab/NetworkInference.",
        }

    def read(self, path: Path | None, options: ImportOptions) -> SpidFiles:
        if path is None:
            raise FileRefused("Give the SPID folder or its policies.csv.")
        events, metadata = _paths(path)
        return SpidFiles(
            policies=read_rows(
                metadata,
                required=("policy", "description", "majortopic", "first_year"),
                encoding=options.encoding,
            ),
            events=read_rows(
                events, required=("statenam", "policy", "adopt_year"), encoding=options.encoding
            ),
            events_name=events.name,
            metadata_name=metadata.name,
        )

    def write(self, files: SpidFiles, ctx: ImportContext) -> None:
        self.touched: set[int] = set()
        practices = self._practices(files, ctx)
        self._adoptions(files, practices, ctx)
        # Only what this run wrote needs its search document (re)built.
        index_practices(self.touched)

    def _citations(self, objs: list[tuple[Any, str, str]], ctx: ImportContext) -> None:
        """One citation per written record: (record, locator, quote)."""
        if not objs:
            return
        content_type = ContentType.objects.get_for_model(type(objs[0][0]))
        Citation.objects.bulk_create(
            [
                Citation(
                    source=ctx.source,
                    content_type=content_type,
                    object_id=obj.pk,
                    locator=locator,
                    quote=quote,
                    import_run=ctx.run,
                )
                for obj, locator, quote in objs
            ],
            batch_size=BATCH,
        )

    def _practices(self, files: SpidFiles, ctx: ImportContext) -> dict[str, Practice]:
        stored = {p.slug: p for p in Practice.objects.filter(slug__startswith="spid-")}
        topics = Topic.objects.in_bulk()
        new: list[tuple[Practice, Row]] = []
        by_policy: dict[str, Practice] = {}
        for row in files.policies:
            policy, title = row.get("policy"), row.get("description")
            if not policy or not title:
                column = "policy" if not policy else "description"
                ctx.report.add(row.number, "invalid", f"{column}: empty", file=files.metadata_name)
                continue
            if policy in by_policy:
                ctx.report.add(row.number, "duplicate", f"policy {policy} again", file=METADATA)
                continue
            practice = stored.get(_slug(policy))
            if practice is not None:
                by_policy[policy] = practice
                ctx.report.add(row.number, "unchanged", policy=policy, file=files.metadata_name)
                continue
            practice = Practice(
                slug=_slug(policy), title=title[:300], category=row.get("majortopic")
            )
            by_policy[policy] = practice
            new.append((practice, row))
        now = timezone.now()
        for practice, _ in new:
            practice.version, practice.created_at, practice.updated_at = 1, now, now
            practice.full_clean(validate_unique=False, validate_constraints=False)
        Practice.objects.bulk_create([p for p, _ in new], batch_size=BATCH)
        links = [
            Practice.topics.through(practice_id=p.pk, topic_id=slug)
            for p, row in new
            for slug in TOPIC_OF_MAJOR.get(row.get("majortopic"), [])
            if slug in topics
        ]
        Practice.topics.through.objects.bulk_create(links, batch_size=BATCH)
        header = "policy,source,first_year,last_year,adopt_count,description,majortopic"
        locators = {p.pk: f"{files.metadata_name} row {r.number}" for p, r in new}
        self._citations([(p, locators[p.pk], f"{header}\n{_line(r)}") for p, r in new], ctx)
        topic_slugs: dict[int, list[str]] = {}
        for link in links:
            topic_slugs.setdefault(link.practice_id, []).append(link.topic_id)
        # The relations' labels are known here: spare the history a query per record.
        bulk_record_creates(
            [p for p, _ in new],
            actor=ctx.actor,
            related=lambda p: {
                "citations": [f"{ctx.source.key} ({locators[p.pk]})"],
                "topics": topic_slugs.get(p.pk, []),
            },
        )
        self.touched.update(p.pk for p, _ in new)
        for _, row in new:
            ctx.report.add(row.number, "created", policy=row.get("policy"), file=METADATA)
        return by_policy

    def _adoptions(
        self, files: SpidFiles, practices: dict[str, Practice], ctx: ImportContext
    ) -> None:
        states = {d.name: d for d in Division.objects.filter(country_id="US")}
        stored = {
            (practice_id, division_id): adopted_on
            for practice_id, division_id, adopted_on in Adoption.objects.filter(
                practice__slug__startswith="spid-", division__isnull=False
            ).values_list("practice_id", "division_id", "adopted_on")
        }
        new: list[tuple[Adoption, Row]] = []
        seen: dict[tuple[int, str | None], int] = {}
        for row in files.events:
            problem, adoption = self._adoption(row, practices, states)
            if adoption is None:
                ctx.report.add(row.number, "invalid", problem, file=files.events_name)
                continue
            key = (adoption.practice_id, adoption.division_id)
            if key in seen:
                ctx.report.add(row.number, "duplicate", f"same as row {seen[key]}", file=EVENTS)
                continue
            seen[key] = row.number
            if key in stored:
                note = (
                    ""
                    if stored[key] == adoption.adopted_on
                    else (f"kept adopted_on {stored[key]} (the file says {adoption.adopted_on})")
                )
                ctx.report.add(row.number, "unchanged", note, file=files.events_name)
                continue
            new.append((adoption, row))
        now = timezone.now()
        for adoption, _ in new:
            adoption.version, adoption.created_at, adoption.updated_at = 1, now, now
        Adoption.objects.bulk_create([a for a, _ in new], batch_size=BATCH)
        locators = {a.pk: f"{files.events_name} row {r.number}" for a, r in new}
        self._citations(
            [(a, locators[a.pk], f"statenam,policy,adopt_year\n{_line(r)}") for a, r in new], ctx
        )
        bulk_record_creates(
            [a for a, _ in new],
            actor=ctx.actor,
            related=lambda a: {"citations": [f"{ctx.source.key} ({locators[a.pk]})"]},
        )
        self.touched.update(a.practice_id for a, _ in new)
        for _, row in new:
            ctx.report.add(row.number, "created", file=files.events_name)

    def _adoption(
        self, row: Row, practices: dict[str, Practice], states: dict[str, Division]
    ) -> tuple[str, Adoption | None]:
        practice = practices.get(row.get("policy"))
        if practice is None:
            return f"policy: {row.get('policy')!r} is not in {METADATA}", None
        state = states.get(row.get("statenam"))
        if state is None:
            return f"statenam: {row.get('statenam')!r} is not a US state", None
        year = _year(row.get("adopt_year"))
        if year is None:
            return f"adopt_year: {row.get('adopt_year')!r} is not a year", None
        if practice.origin_year and year < practice.origin_year:
            return f"adopt_year: {year} is before the origin year {practice.origin_year}", None
        return "", Adoption(
            practice=practice,
            division=state,
            adopted_on=str(year),
            status=AdoptionStatus.ADOPTED,
            channel=Channel.UNKNOWN,
        )


def _slug(policy: str) -> str:
    """The practice's slug: SPID's policy code, other characters as hyphens (stable)."""
    return "spid-" + re.sub(r"[^A-Za-z0-9_-]", "-", policy)[:115]


def _line(row: Row) -> str:
    return ",".join(row.values.values())
