"""Stable, readable identifiers for URLs and imports: organisation and person slugs, source keys."""

from django.db.models import Model
from django.utils.text import slugify


def unique_slug(model: type[Model], text: str, *, field: str = "slug", max_length: int = 90) -> str:
    """A slug made from `text` that no record of `model` uses yet in `field`."""
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, number = base, 1
    while model._default_manager.filter(**{field: slug}).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
