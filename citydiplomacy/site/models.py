"""The registry as a whole has no table of its own; it holds the permission to edit it."""

from django.db import models


class Registry(models.Model):
    """Carries the `registry.edit` permission: who may edit the shared registry."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("edit", "Can edit the shared registry")]

    def __str__(self) -> str:
        return "the shared registry"
