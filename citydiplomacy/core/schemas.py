"""Schema helpers shared by the API and the pages' JSON twins."""

from typing import Any, TypeVar

from django.db.models import Model
from ninja import Schema

S = TypeVar("S", bound=Schema)


def dump(schema: type[Schema], obj: Model) -> dict[str, Any]:
    """A model instance as the JSON-ready dict its API schema describes."""
    return schema.from_orm(obj).model_dump(mode="json")


class Page[S: Schema](Schema):
    """One page of a filtered, sorted list (the same numbers as the list page)."""

    title: str
    count: int
    page: int
    pages: int
    per_page: int
    filters: dict[str, Any]
    results: list[S]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class ConflictOut(Schema):
    detail: str
    current_version: int
    changes: list[dict[str, Any]]
