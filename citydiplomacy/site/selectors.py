"""Reading the registry as a whole: counts and cross-entity search, from what the apps
registered (`extensions.counts`, `extensions.search`)."""

from typing import Any

from citydiplomacy.core import extensions


def registry_counts(*, home_only: bool = False) -> dict[str, int]:
    return {c.name: c.count() for c in extensions.counts if c.home or not home_only}


def search_everything(query: str, *, limit: int = 10, user: Any = None) -> dict[str, Any]:
    """Each registered provider's matches, by its name. Private providers answer only with
    the signed-in member's own offices' records (nothing for anonymous visitors)."""
    text = query.strip()
    return {
        provider.name: provider.search(text, limit, user) if text else []
        for provider in extensions.search
    }
