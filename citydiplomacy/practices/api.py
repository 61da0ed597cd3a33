"""API of practices and adoptions, and the search and forecast operations."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from citydiplomacy.core.crud import Entity
from citydiplomacy.practices import inputs
from citydiplomacy.practices.filtersets import AdoptionFilterSet, PracticeFilterSet
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.practices.schemas import (
    AdoptionIn,
    AdoptionOut,
    AdoptionPatch,
    PracticeIn,
    PracticeOut,
    PracticePatch,
)
from citydiplomacy.practices.selectors import adoptions, practices

PRACTICE = Entity[Practice](
    name="practice",
    plural="practices",
    title="Practices",
    model=Practice,
    lookup="slug",
    out_schema=PracticeOut,
    in_schema=PracticeIn,
    patch_schema=PracticePatch,
    filterset=PracticeFilterSet,
    queryset=lambda user: practices(),
    create=inputs.create_practice,
    update=inputs.update_practice,
    delete=inputs.delete_practice,
)
ADOPTION = Entity[Adoption](
    name="adoption",
    plural="adoptions",
    title="Adoptions",
    model=Adoption,
    lookup="pk",
    out_schema=AdoptionOut,
    in_schema=AdoptionIn,
    patch_schema=AdoptionPatch,
    filterset=AdoptionFilterSet,
    queryset=lambda user: adoptions(),
    create=inputs.create_adoption,
    update=inputs.update_adoption,
    delete=inputs.delete_adoption,
)
ENTITIES: list[Entity[Any]] = [PRACTICE, ADOPTION]


def router() -> Router:
    """/api/practice-search/ (who has solved this?) and /api/practice-search/forecast/<slug>."""
    from citydiplomacy.practices.selectors import practice_search

    ops = Router(tags=["Practices"])

    @ops.get("/", operation_id="practice_search")
    def search(
        request: HttpRequest,
        q: str = "",
        topic: str = "",
        grade: int | None = None,
        region: str = "",
        status: str = "",
    ) -> dict[str, Any]:
        return practice_search(q, topic=topic, grade=grade, region=region, status=status)

    @ops.get("/forecast/{slug}", operation_id="practice_forecast")
    def forecast(request: HttpRequest, slug: str, top: int = 10) -> dict[str, Any]:
        # The model's libraries (scikit-learn) load on the first forecast, not at start-up.
        from citydiplomacy.practices.forecast_data import forecast_for_practice

        practice = inputs.practice_by_slug(slug)
        return forecast_for_practice(practice, top=top)

    return ops
