"""Who may do what. Every view, API operation and command asks these functions."""

from typing import Any

from django.core.exceptions import PermissionDenied

REGISTRY_EDIT = "registry.edit"


def can_edit_registry(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(REGISTRY_EDIT))


def require_registry_editor(user: Any) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied("Editing the registry needs a registry editor's account.")
