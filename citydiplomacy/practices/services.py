"""Writing practices and adoptions: the single gate (validation in `clean()`, recorded
writes through `sources.services`), keeping the search index in step."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from citydiplomacy.core.history.services import Actor, delete_recorded
from citydiplomacy.core.partial_dates import year_of
from citydiplomacy.organisations.models import Topic
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.practices.search import index_practices
from citydiplomacy.sources.services import CitationSpec, create_cited, update_cited

PRACTICE_EDITABLE = (
    "title",
    "summary",
    "problem",
    "category",
    "origin_city",
    "origin_division",
    "origin_year",
    "evidence_grade",
    "evidence_reason",
    "evidence_source",
    "cost_notes",
    "complexity_notes",
    "outcomes",
    "variant_of",
    "successor_of",
    "documents",
)
ADOPTION_EDITABLE = (
    "adopted_on",
    "status",
    "borrowed_from",
    "from_origin",
    "channel",
    "channel_organisation",
    "channel_note",
    "adaptation_notes",
    "results",
)


def practice_create(
    *,
    slug: str,
    title: str,
    citations: Sequence[CitationSpec],
    actor: Actor,
    topics: Sequence[Topic] = (),
    **values: Any,
) -> Practice:
    unknown = set(values) - set(PRACTICE_EDITABLE)
    if unknown:
        raise TypeError(f"practice_create: unknown fields {sorted(unknown)}")
    practice = Practice(slug=slug, title=title, **values)
    with transaction.atomic():
        create_cited(
            practice, citations=citations, actor=actor, also=lambda p: p.topics.set(topics)
        )
        index_practices([practice.pk])
    return practice


def _check_origin_year(practice: Practice) -> None:
    if not practice.origin_year or not practice.pk:
        return
    for adopted_on in practice.adoptions.values_list("adopted_on", flat=True):
        year = year_of(adopted_on)
        if year and year < practice.origin_year:
            raise ValidationError(
                {
                    "origin_year": (
                        f"An adoption of {year} is recorded, before {practice.origin_year}."
                    )
                }
            )


def practice_update(
    practice: Practice,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    topics: Sequence[Topic] | None = None,
    **changes: Any,
) -> Practice:
    with transaction.atomic():
        if "origin_year" in changes:
            probe = Practice(pk=practice.pk, origin_year=changes["origin_year"])
            _check_origin_year(probe)
        update_cited(
            practice,
            changes=changes,
            editable=PRACTICE_EDITABLE,
            citations=citations,
            actor=actor,
            expected_version=expected_version,
            also=None if topics is None else (lambda p: p.topics.set(topics)),
        )
        index_practices([practice.pk])
    return practice


def practice_delete(practice: Practice, *, actor: Actor, expected_version: int | None) -> None:
    with transaction.atomic():
        pk = practice.pk
        for adoption in list(practice.adoptions.all()):
            delete_recorded(adoption, actor=actor, expected_version=None)
        delete_recorded(practice, actor=actor, expected_version=expected_version)
        index_practices([pk])


def adoption_record(
    *,
    practice: Practice,
    citations: Sequence[CitationSpec],
    actor: Actor,
    **values: Any,
) -> Adoption:
    """Record that a city or a division adopted (or considered...) a practice."""
    unknown = set(values) - {*ADOPTION_EDITABLE, "city", "division"}
    if unknown:
        raise TypeError(f"adoption_record: unknown fields {sorted(unknown)}")
    adoption = Adoption(practice=practice, **values)
    with transaction.atomic():
        create_cited(adoption, citations=citations, actor=actor)
        index_practices([practice.pk])
    return adoption


def adoption_update(
    adoption: Adoption,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> Adoption:
    with transaction.atomic():
        update_cited(
            adoption,
            changes=changes,
            editable=ADOPTION_EDITABLE,
            citations=citations,
            actor=actor,
            expected_version=expected_version,
        )
        index_practices([adoption.practice_id])
    return adoption


def adoption_delete(adoption: Adoption, *, actor: Actor, expected_version: int | None) -> None:
    with transaction.atomic():
        practice_id = adoption.practice_id
        for follower in list(adoption.passed_on.all()):
            # Keep the follower's record whole: it now borrowed from an unknown source.
            update_cited(
                follower,
                changes={"borrowed_from": None},
                editable=ADOPTION_EDITABLE,
                citations=None,
                actor=actor,
                expected_version=None,
            )
        delete_recorded(adoption, actor=actor, expected_version=expected_version)
        index_practices([practice_id])
