"""Stored results of the network analysis: one snapshot per layer (or combination) and date.

Nothing here is an editable record: a snapshot is derived from the registry by
`citydiplomacy network rebuild` (a run in `core.runs`), replaced whole by the next rebuild of
the same layer and date, and read by the pages in a fixed number of queries. Only public
layers are ever stored; a private layer (an office's engagements) is computed per request
for its members and never written here.
"""

from django.db import models

from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import City


class Snapshot(models.Model):
    """The metrics of one graph: a public layer, or a weighted combination, on one date."""

    layer = models.CharField(max_length=200, help_text="A layer name, or 'combined'.")
    as_of = models.DateField(null=True, blank=True, help_text="Empty: ties in force today.")
    computed_at = models.DateTimeField(auto_now_add=True)
    run = models.ForeignKey(Run, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    parameters = models.JSONField(default=dict, blank=True)
    nodes = models.PositiveIntegerField(default=0)
    edges = models.PositiveIntegerField(default=0)
    components = models.PositiveIntegerField(default=0)
    communities = models.PositiveIntegerField(default=0)
    modularity = models.FloatField(null=True, blank=True)
    betweenness_exact = models.BooleanField(default=True)

    class Meta:
        ordering = ["layer", "-computed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["layer", "as_of"],
                name="snapshot_once_per_layer_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.layer} as of {self.as_of or 'today'}"


class NodeMetric(models.Model):
    """One node's figures in a snapshot: a city, or an organisation in the bipartite layer."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="metrics")
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.CASCADE, related_name="network_metrics"
    )
    node = models.CharField(max_length=120, help_text="The GeoNames id, or org:<slug>.")
    degree = models.PositiveIntegerField(default=0)
    strength = models.FloatField(default=0)
    pagerank = models.FloatField(default=0)
    betweenness = models.FloatField(default=0, help_text="Normalised to [0, 1].")
    eigenvector = models.FloatField(default=0)
    coreness = models.PositiveIntegerField(default=0, help_text="The k of its k-core.")
    clustering = models.FloatField(null=True, blank=True)
    component = models.PositiveIntegerField(default=0, help_text="0 is the largest.")
    community = models.PositiveIntegerField(default=0, help_text="0 is the largest.")
    connectivity = models.FloatField(
        null=True, blank=True, help_text="Taylor's N(a), for the membership layer."
    )
    rank = models.PositiveIntegerField(default=0, help_text="By PageRank, 1 is the highest.")

    class Meta:
        ordering = ["snapshot", "rank"]
        indexes = [
            models.Index(fields=["snapshot", "rank"]),
            models.Index(fields=["city", "snapshot"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "node"], name="metric_once_per_node")
        ]

    def __str__(self) -> str:
        return f"{self.node} in {self.snapshot_id}"
