"""The network sections of city and organisation pages (`extensions.profile_panels`).

They read only stored snapshots of public layers, so an office's engagements never appear
here, and each panel costs one query (two for an organisation).
"""

from typing import Any

from django.urls import reverse

from citydiplomacy.core.extensions import PanelData
from citydiplomacy.network import selectors
from citydiplomacy.network.models import NodeMetric, Snapshot


def city_panel(city: Any, request: Any) -> PanelData:
    rows = selectors.city_metrics(city.pk)
    layers = [
        {
            "layer": row.snapshot.layer,
            "nodes": row.snapshot.nodes,
            "computed_at": row.snapshot.computed_at.isoformat(),
            **selectors.metric_row(row),
        }
        for row in rows
    ]
    return PanelData(
        data={
            "network": {
                "layers": layers,
                "view_url": reverse("network:city", args=[city.pk]),
                "suggestions_url": reverse("network:suggestions", args=[city.pk]),
            }
        }
    )


def organisation_panel(organisation: Any, request: Any) -> PanelData:
    node = f"org:{organisation.slug}"
    row = (
        NodeMetric.objects.filter(node=node, snapshot__as_of=None)
        .select_related("snapshot")
        .first()
    )
    members: list[dict[str, Any]] = []
    if row is not None:
        members = _best_connected(row.snapshot, organisation)
    return PanelData(
        data={
            "network": {
                "organisation": None if row is None else selectors.metric_row(row),
                "layer": None if row is None else row.snapshot.layer,
                "best_connected": members,
                "view_url": reverse("network:organisation", args=[organisation.slug]),
            }
        }
    )


def _best_connected(snap: Snapshot, organisation: Any, limit: int = 10) -> list[dict[str, Any]]:
    """The organisation's members by Taylor connectivity in the same snapshot: one query."""
    rows = (
        NodeMetric.objects.filter(
            snapshot=snap,
            city__memberships__organisation=organisation,
            connectivity__isnull=False,
        )
        .select_related("city")
        .distinct()
        .order_by("-connectivity", "node")[:limit]
    )
    return [
        {
            "city": row.city.name if row.city else row.node,
            "geonames_id": row.city_id,
            "connectivity": row.connectivity,
            "degree": row.degree,
        }
        for row in rows
    ]
