"""Partner suggestions and similar cities for one city, from the registry's current graph.

Builds the twinning graph (or another city-city layer) with the cities' countries,
coordinates, population and organisations, scores every candidate with the affinity model
(`suggestions.py`), whose weights come from the last rebuild's snapshot of the layer (fitted
then), or are fitted now when there is no snapshot.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from citydiplomacy.geo.models import City
from citydiplomacy.network import selectors
from citydiplomacy.network.graph import CityGraph, from_edges, layer, public_layer_names
from citydiplomacy.network.suggestions import (
    FEATURES,
    Model,
    PairFeatures,
    Places,
    fit,
    reasons,
    top,
)

DEFAULT_LAYER = "twinning"


@dataclass
class Context:
    built: CityGraph
    adjacency: sp.csr_matrix
    places: Places
    names: dict[int, dict[str, Any]]


def context(
    layer_name: str = DEFAULT_LAYER, as_of: dt.date | None = None, *, every_city: bool = False
) -> Context:
    """The layer's graph over its cities (every gazetteer city with `every_city`, so cities
    without any tie can be ranked too), with their places and organisations."""
    found = layer(layer_name)
    edges = list(found.edges(as_of, None))
    city_rows = City.objects.values_list(
        "pk", "name", "country_id", "latitude", "longitude", "population", "ascii_name"
    )
    if not every_city:
        ids = {edge.source for edge in edges} | {edge.target for edge in edges}
        city_rows = city_rows.filter(pk__in=ids)
    rows = sorted(city_rows)
    # Every city is a vertex (in id order), so vertex numbers do not depend on the edges.
    built = from_edges(layer_name, [])
    built.keys = [row[0] for row in rows]
    index = {key: i for i, key in enumerate(built.keys)}
    pairs = [
        (index[e.source], index[e.target]) for e in edges if e.source in index and e.target in index
    ]
    n = len(rows)
    ends = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    adjacency = sp.csr_matrix((np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(n, n))
    adjacency = ((adjacency + adjacency.T) > 0).astype(np.float64).tocsr()
    countries = sorted({row[2] for row in rows})
    country_index = {code: i for i, code in enumerate(countries)}
    places = Places(
        country=np.asarray([country_index[row[2]] for row in rows], dtype=np.int64),
        latitude=np.asarray([row[3] for row in rows], dtype=np.float64),
        longitude=np.asarray([row[4] for row in rows], dtype=np.float64),
        population=np.asarray([row[5] for row in rows], dtype=np.float64),
        organisations=_organisations(index, as_of),
        # GeoNames' ASCII spelling, case aside: "München" and "Munchen" are one name.
        name=np.unique([row[6].casefold() for row in rows], return_inverse=True)[1].astype(
            np.int64
        ),
    )
    names = {row[0]: {"name": row[1], "country": row[2]} for row in rows}
    return Context(built, adjacency, places, names)


def _organisations(index: dict[int | str, int], as_of: dt.date | None) -> sp.csr_matrix:
    """City x organisation (0/1) from the public bipartite layers, when any is registered."""
    values: set[tuple[int, str]] = set()
    for name in public_layer_names(bipartite=True):
        for edge in layer(name).edges(as_of, None):
            values.add((edge.source, str(edge.target)))
    slugs = sorted({slug for _, slug in values})
    column = {slug: j for j, slug in enumerate(slugs)}
    cells = [(index[c], column[s]) for c, s in values if c in index]
    ends = np.asarray(cells, dtype=np.int64).reshape(-1, 2)
    return sp.csr_matrix(
        (np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(len(index), max(1, len(slugs)))
    )


def model_for(ctx: Context, layer_name: str, as_of: dt.date | None) -> Model:
    snap = selectors.snapshot(layer_name, as_of)
    stored = snap.parameters.get("suggestion_model") if snap is not None else None
    # A model stored by an earlier version with other features is fitted again.
    if stored and stored.get("features") == list(FEATURES):
        return Model.from_json(stored)
    return fit(ctx.adjacency, ctx.places)


def suggest(
    city_id: int, *, limit: int = 10, layer_name: str = DEFAULT_LAYER, as_of: dt.date | None = None
) -> dict[str, Any]:
    ctx = context(layer_name, as_of, every_city=True)
    index = {key: i for i, key in enumerate(ctx.built.keys)}
    if city_id not in index:
        return {"layer": layer_name, "suggestions": [], "similar": []}
    i = index[city_id]
    model = model_for(ctx, layer_name, as_of)
    features = PairFeatures(ctx.adjacency, ctx.places)
    rows = features.rows(i)
    scores = model.score(rows)
    partners = ctx.adjacency[i].indices
    exclude = np.asarray([i, *partners], dtype=np.int64)
    distances = features.distances_km(i)
    suggestions = []
    for j in top(scores, exclude, limit):
        key = int(ctx.built.keys[j])
        suggestions.append({
            "geonames_id": key, **ctx.names[key], "score": round(float(scores[j]), 4),
            "reasons": reasons(rows, int(j), float(distances[j])),
        })  # fmt: skip
    return {
        "layer": layer_name,
        "method": "affinity model (see docs/network.md)",
        "suggestions": suggestions,
        "similar": similar(ctx, features, i, limit),
    }


def similar(ctx: Context, features: PairFeatures, i: int, limit: int) -> list[dict[str, Any]]:
    """Cities with the most alike profile: size, partner countries and organisations
    (cosine similarity of the profile vectors), whether or not they are tied."""
    organisations = ctx.places.organisations
    if organisations is None:
        organisations = sp.csr_matrix((len(ctx.built.keys), 0))
    profile = sp.hstack([features.adjacency @ features.onehot, organisations]).tocsr()
    norms = np.sqrt(np.asarray(profile.multiply(profile).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    cosine = np.asarray((profile @ profile[i].T).todense()).ravel() / (norms * norms[i])
    size = np.exp(-np.abs(features.log_population - features.log_population[i]))
    score = 0.8 * cosine + 0.2 * size
    out = []
    for j in top(score, np.asarray([i], dtype=np.int64), limit):
        key = int(ctx.built.keys[j])
        out.append({"geonames_id": key, **ctx.names[key], "similarity": round(float(score[j]), 4)})
    return out
