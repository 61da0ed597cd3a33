"""Stable, readable identifiers for URLs and imports: organisation and person slugs, source keys."""

from collections.abc import Sequence

from django.db.models import Model
from django.utils.text import slugify

_CHUNK = 2000  # values per IN clause


def unique_slug(model: type[Model], text: str, *, field: str = "slug", max_length: int = 90) -> str:
    """A slug made from `text` that no record of `model` uses yet in `field` ("name", then
    "name-2", "name-3" ...)."""
    return unique_slugs(model, [text], field=field, max_length=max_length)[0]


def unique_slugs(
    model: type[Model], texts: Sequence[str], *, field: str = "slug", max_length: int = 90
) -> list[str]:
    """Slugs for many new records, each numbered as `unique_slug` numbers one (none used by a
    stored record or by another of the list; the first of namesakes gets the plain slug),
    in a query per round of numbering rather than one per record and number."""
    bases = [slugify(text)[:max_length].strip("-") or "item" for text in texts]
    numbers = [1] * len(bases)
    chosen = [""] * len(bases)
    taken: set[str] = set()
    waiting = list(range(len(bases)))
    while waiting:
        wanted = {i: bases[i] if numbers[i] == 1 else f"{bases[i]}-{numbers[i]}" for i in waiting}
        values = sorted(set(wanted.values()))
        stored: set[str] = set()
        for start in range(0, len(values), _CHUNK):
            rows = model._default_manager.filter(**{f"{field}__in": values[start : start + _CHUNK]})
            stored.update(rows.values_list(field, flat=True))
        again = []
        for i in waiting:  # in the list's order, so the first text gets the plain slug
            if wanted[i] in stored or wanted[i] in taken:
                numbers[i] += 1
                again.append(i)
            else:
                taken.add(wanted[i])
                chosen[i] = wanted[i]
        waiting = again
    return chosen
