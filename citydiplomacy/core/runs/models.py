"""Runs of long work: imports, analytics rebuilds, reports, full exports.

A run is created when the work is asked for (from the CLI, a page or the API), executed by
the task worker or in the foreground, and records its progress as it goes, so its page can
show where it stands. Every record an import writes names its run in its change record and
its citation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RunStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    SUCCEEDED = "succeeded", "succeeded"
    FAILED = "failed", "failed (nothing written)"
    DRY_RUN = "dry-run", "dry run (nothing written)"


FINISHED = (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.DRY_RUN)


class Run(models.Model):
    """One run of an importer over one file or query, or of any other long work."""

    kind = models.CharField(max_length=40, help_text="The work, e.g. hekman-twincities.")
    category = models.CharField(
        max_length=20, default="import", help_text="import, rebuild, report or export."
    )
    file_name = models.CharField(max_length=500, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    options = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    counts = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    # Progress, written as the work goes: the phase (read, resolve, write, ...) and how far.
    phase = models.CharField(max_length=40, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The worker's task id.")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.category} run {self.pk} ({self.kind})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
