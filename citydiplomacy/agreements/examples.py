"""Example payload of the agreements' API entity (docs and generated tests)."""

from typing import Any

from citydiplomacy.core.extensions import EntityExample


def _agreement(ctx: Any) -> dict[str, Any]:
    from citydiplomacy.agreements.models import Agreement
    from citydiplomacy.geo.models import City

    # Two cities with no agreement yet: one agreement per pair.
    tied = set(Agreement.objects.values_list("city_a_id", flat=True)) | set(
        Agreement.objects.values_list("city_b_id", flat=True)
    )
    a, b = City.objects.exclude(pk__in=tied).order_by("-population", "pk")[:2]
    from citydiplomacy.sources.examples import example_citations

    return {
        "city_a": a.pk,
        "city_b": b.pk,
        "kind": "sister-city",
        "signed": "1999",
        "sources": example_citations(ctx),
    }


EXAMPLES = [EntityExample("agreement", _agreement, {"signed": "2000"})]
