"""The change history and the versioned base model every editable record inherits."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Via(models.TextChoices):
    WEB = "web", "web page"
    API = "api", "REST API"
    CLI = "cli", "command line"
    IMPORT = "import", "import"
    SYSTEM = "system", "system"


class ChangeAction(models.TextChoices):
    CREATE = "create", "created"
    UPDATE = "update", "updated"
    DELETE = "delete", "deleted"


class ChangeRecord(models.Model):
    """One create, update or delete of one record, with the values before and after.

    Written by `history.services` from every write path (pages, API, CLI, imports); there is
    no signal that could silently skip a write made outside a request.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Who or what made the change.")
    via = models.CharField(max_length=10, choices=Via.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The record's version after this change."
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    import_run = models.ForeignKey(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The scope (office) whose private record this is, by id: its history is private too.
    # No foreign key, so the history imports no domain; see core.privacy.
    private_to = models.BigIntegerField(
        null=True,
        blank=True,
        db_index=True,
        db_column="office_id",
        help_text="The office whose private record this is; its history is private too.",
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display()} by {self.actor_label}"

    def changed_fields(self) -> list[dict[str, Any]]:
        """The fields whose value differs between before and after, in a stable order."""
        before = self.before or {}
        after = self.after or {}
        names = sorted(set(before) | set(after))
        return [
            {"field": name, "before": before.get(name), "after": after.get(name)}
            for name in names
            if name != "version" and before.get(name) != after.get(name)
        ]


class VersionedModel(models.Model):
    """A record whose writes are versioned and recorded in the change history.

    `version` rises by one with every recorded change; an editor who saves from an older
    version gets an EditConflict instead of overwriting someone else's change.
    `history_related` names many-to-many or generic relations whose contents belong to the
    record's snapshot (its themes, its citations).
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history_related: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True


class RegistryVersion(models.Model):
    """One row counting committed writes: the key under which cached pages are kept.

    `history.services` bumps it after every transaction that wrote a change record (single
    or bulk), so a page cached under the current value shows every committed write.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "registry version"

    def __str__(self) -> str:
        return f"registry version {self.value}"
