"""Private records as the core sees them: scopes (offices) registered by the app that owns
them, in `extensions.privacy`. With no scope registered, nothing is private and nobody is a
member of anything."""

from typing import Any

from django.contrib.contenttypes.models import ContentType

from citydiplomacy.core import extensions


def signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.pk)


def member_scope_ids(user: Any) -> list[Any]:
    """For each registered scope, the ids of the scopes `user` belongs to (subqueries)."""
    if not signed_in(user):
        return []
    return [scope.member_scopes(user) for scope in extensions.privacy]


def private_models() -> list[type[Any]]:
    return [model for scope in extensions.privacy for model in scope.private_models()]


def private_content_type_ids() -> list[int]:
    """The content types of the private models (cached by Django after the first call)."""
    models = private_models()
    if not models:
        return []
    return [kind.pk for kind in ContentType.objects.get_for_models(*models).values()]


def scope_id(key: str) -> int | None:
    for scope in extensions.privacy:
        found = scope.scope_id(key)
        if found is not None:
            return found
    return None


def is_member(user: Any, key: str) -> bool:
    """Whether `user` belongs to the scope (office) whose key (slug) is `key`."""
    for scope in extensions.privacy:
        found = scope.scope_id(key)
        if found is not None and scope.is_member(user, found):
            return True
    return False
