from collections.abc import Callable
from typing import Any

import pytest

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import City, Division
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.practices.services import adoption_record, practice_create
from citydiplomacy.sources.services import CitationSpec

PORTO_ALEGRE = 3452925


@pytest.fixture
def make_practice(system: Actor, cite: list[CitationSpec]) -> Callable[..., Practice]:
    def make(slug: str = "pb-test", **values: Any) -> Practice:
        values.setdefault("title", "Participatory budgeting (test)")
        return practice_create(slug=slug, citations=cite, actor=system, **values)

    return make


@pytest.fixture
def adopt(system: Actor, cite: list[CitationSpec]) -> Callable[..., Adoption]:
    def make(practice: Practice, place: City | Division, **values: Any) -> Adoption:
        key = "city" if isinstance(place, City) else "division"
        return adoption_record(
            practice=practice, citations=cite, actor=system, **{key: place}, **values
        )

    return make
