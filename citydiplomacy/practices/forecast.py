"""Forecast of a practice's next adopters: a pooled discrete-time event-history logit.

Each row of the training panel is one jurisdiction still at risk of adopting one practice
in one year; the outcome is whether it adopts that year. The features, all measured on the
adoptions known before that year:

- `ties_<name>`: the share of the jurisdiction's ties of each kind that already adopted
  (contiguous neighbours for states, twinning partners and co-members of networks for
  cities; any kind the caller gives);
- `leaders`: the share of its inferred leaders that already adopted. A jurisdiction's
  leaders are those that, over the training practices, adopted before it within five
  years more often than chance would have it (a simple stand-in for network inference
  of diffusion ties, in the spirit of Desmarais, Harden and Boehmke 2015);
- `alike_adopted`, `alike_early`: how much more the jurisdiction resembles the practice's
  adopters than the jurisdictions at large, by what it adopted before and by how early it
  adopted it (two stand-ins for shared ideology and capacity);
- `topic_record`: its share of the practice's topic adopted, minus the average share;
- `innovativeness`: how early it adopted the training practices it adopted (1 = first,
  0 = last), averaged;
- `session_year`: whether it usually adopts in years of this year's parity (several US
  legislatures met only every other year), from its adoptions of the 20 years before;
- `size` (log population), `region` (one indicator per region);
- the practice's momentum: the share of all jurisdictions that adopted, and the years
  since its first adoption;
- four interactions with the practice's stage (`INTERACTIONS`): innovators adopt a
  practice while it is new and few have it, followers and look-alikes once it has spread.

scikit-learn's LogisticRegression on standardised features; training on the full SPID
panel takes seconds on two cores. `Model.window_score` turns the yearly hazards into the
chance of adopting within the next years, from the adoptions known at their start.
`reasons` turns a jurisdiction's largest positive contributions (coefficient x
standardised value) into words.
"""

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

LEAD_WINDOW = 5
HISTORY_YEARS = 60  # training rows reach back this far before the cut-off
SESSION_YEARS = 20  # the session-calendar feature reads this many years of adoptions
SESSION_PRIOR = 3.0  # pseudo-adoptions in each parity, so a short record stays near even
# Unit features whose weight depends on how far the practice has spread (chosen on the
# 1975-1985 validation cut-offs, never on the evaluated ones: docs/practices.md).
INTERACTIONS = (
    ("innovativeness", "national_share"),
    ("innovativeness", "years_since_first"),
    ("alike_early", "national_share"),
    ("alike_adopted", "national_share"),
)
Matrix = NDArray[np.float64]


@dataclass
class Panel:
    """Adoption years of policies (rows) by units (columns); inf when never (known)."""

    units: list[str]
    policies: list[str]
    years: Matrix  # policies x units
    ties: dict[str, Matrix] = field(default_factory=dict)  # units x units, 0/1
    size: Matrix | None = None  # units, log population (0 when unknown)
    region: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # each policy's topic ("" when unknown)


@dataclass
class Features:
    names: list[str]
    rows: Matrix
    labels: NDArray[np.int_]
    index: list[tuple[int, int, int]]  # (policy, unit, year)


def _share(matrix: Matrix, adopted: Matrix) -> Matrix:
    """For each unit, the share of its ties (weighted) that adopted; 0 with no ties."""
    total = matrix.sum(axis=1)
    hit = matrix @ adopted
    shares: Matrix = np.divide(hit, total, out=np.zeros_like(hit), where=total > 0)
    return shares


@dataclass
class History:
    """What the training years teach: inferred leaders and past innovativeness."""

    leaders: Matrix
    innovativeness: Matrix
    affinity: Matrix  # units x units: correlation of their past adoption profiles
    early_affinity: Matrix  # units x units: correlation of how early they adopted
    topic_rate: dict[str, Matrix]  # per topic, each unit's share of its policies adopted
    cutoff: int = 0  # nothing at or after it was seen
    yearly: Matrix = field(default_factory=lambda: np.zeros((0, 0)))  # years x units
    first_year: int = 0  # the year of `yearly`'s first row

    @classmethod
    def learn(cls, panel: Panel, cutoff: int) -> "History":
        years = np.where(panel.years < cutoff, panel.years, np.inf)
        first_year, yearly = _yearly_counts(years, cutoff)
        n_units = len(panel.units)
        follows = np.zeros((n_units, n_units))
        adopted_count = np.zeros(n_units)
        earliness_sum = np.zeros(n_units)
        profiles = []  # per practice: 1 first adopter ... 0 last, -1 not adopted
        for row in years:
            done = np.isfinite(row)
            k = int(done.sum())
            if k < 2:
                continue
            adopted_count += done
            ranks = np.argsort(np.argsort(np.where(done, row, np.inf)))
            earliness = np.where(done, 1 - ranks / (k - 1), 0)
            earliness_sum += earliness
            profiles.append(np.where(done, earliness, -1.0))
            with np.errstate(invalid="ignore"):
                gap = row[None, :] - row[:, None]  # gap[i, j] = year_j - year_i
            follows += (gap > 0) & (gap <= LEAD_WINDOW) & done[:, None] & done[None, :]
        # Leader i of j: i preceded j (within the window) on more than a quarter of j's
        # adoptions and more often than j preceded i.
        base = np.maximum(adopted_count[None, :], 1)
        ratio = follows / base
        leaders = ((ratio > 0.25) & (follows > follows.T)).T.astype(float)  # leaders[j, i]
        np.fill_diagonal(leaders, 0)
        innovativeness = np.divide(
            earliness_sum, adopted_count, out=np.full(n_units, 0.5), where=adopted_count > 0
        )
        return cls(
            leaders=leaders,
            innovativeness=innovativeness,
            affinity=_affinity(years),
            early_affinity=_correlation(np.array(profiles).reshape(-1, n_units)),
            topic_rate=_topic_rates(panel, years),
            cutoff=cutoff,
            yearly=yearly,
            first_year=first_year,
        )

    def session_year(self, year: int) -> Matrix:
        """log(2 x the share of each unit's adoptions made in years of `year`'s parity), from
        its adoptions in the SESSION_YEARS before `year` (never from the cut-off on):
        several legislatures met only in odd (or even) years."""
        end = min(year, self.cutoff)
        start = max(end - SESSION_YEARS, self.first_year)
        block = self.yearly[start - self.first_year : max(end - self.first_year, 0)]
        same = (np.arange(start, start + len(block)) % 2) == (year % 2)
        share = (block[same].sum(axis=0) + SESSION_PRIOR) / (block.sum(axis=0) + 2 * SESSION_PRIOR)
        # log(2 x share): over a two-year cycle the hazards' mean is unchanged (weight 1),
        # the calendar only moves the adoptions between the two years.
        log_ratio: Matrix = np.log(2 * share)
        return log_ratio


def _yearly_counts(years: Matrix, cutoff: int) -> tuple[int, Matrix]:
    """Each unit's number of adoptions per year, from the first known year to the cut-off."""
    known = years[np.isfinite(years)]
    first = int(known.min()) if known.size else cutoff
    counts = np.zeros((max(cutoff - first, 0), years.shape[1]))
    policy, unit = np.nonzero(np.isfinite(years))
    np.add.at(counts, (years[policy, unit].astype(int) - first, unit), 1.0)
    return first, counts


def _affinity(years: Matrix) -> Matrix:
    """How alike two units' adoption records are (Pearson correlation over the practices
    that at least two adopted): a stand-in for shared ideology and capacity."""
    adopted = np.isfinite(years)
    return _correlation(adopted[adopted.sum(axis=1) >= 2].astype(float))


def _correlation(profiles: Matrix) -> Matrix:
    """Pearson correlation between the units' columns; 0 where undefined or too few rows."""
    n_units = profiles.shape[1]
    if profiles.shape[0] < 3:
        return np.zeros((n_units, n_units))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr: Matrix = np.nan_to_num(np.corrcoef(profiles.T))
    np.fill_diagonal(corr, 0)
    return corr


def _topic_rates(panel: Panel, years: Matrix) -> dict[str, Matrix]:
    if not panel.groups:
        return {}
    adopted = np.isfinite(years)
    started = adopted.any(axis=1)
    rates = {}
    for group in set(panel.groups):
        rows = np.array([g == group for g in panel.groups]) & started
        if rows.sum() >= 3:
            rates[group] = adopted[rows].mean(axis=0) - adopted[started].mean(axis=0)
    return rates


def _alike(affinity: Matrix, adopted: Matrix) -> Matrix:
    """How much more a unit resembles the adopters than the units at large (0 with none)."""
    if adopted.sum() == 0:
        return np.zeros(len(adopted))
    others = affinity.shape[0] - 1
    to_adopters = (affinity @ adopted) / np.maximum(adopted.sum() - adopted, 1)
    contrast: Matrix = to_adopters - affinity.sum(axis=1) / max(others, 1)
    return contrast


def _regions(panel: Panel) -> list[str]:
    return sorted({r for r in panel.region if r})


def feature_names(panel: Panel) -> list[str]:
    names = [f"ties_{name}" for name in panel.ties]
    names += ["leaders", "alike_adopted", "alike_early", "topic_record", "innovativeness"]
    names += ["session_year"]
    names += ["size", "national_share", "years_since_first"]
    names += [f"{a}_x_{b}" for a, b in INTERACTIONS]
    names += [f"region_{r}" for r in _regions(panel)[1:]]  # the first region is the reference
    return names


def year_features(
    panel: Panel, history: History, policy: int, year: int, known_before: int | None = None
) -> tuple[Matrix, NDArray[np.bool_]]:
    """Features of every unit for `policy` in `year`, and which units are at risk. The
    policy's adoptions are read up to `year`, or only before `known_before` if earlier (a
    forecast of the years after a cut-off knows none of their adoptions)."""
    row = panel.years[policy]
    known = year if known_before is None else min(year, known_before)
    adopted = (row < known).astype(float)
    seen = row[row < known]
    first = float(seen.min()) if seen.size else float(year)
    columns = [_share(matrix, adopted) for matrix in panel.ties.values()]
    columns.append(_share(history.leaders, adopted))
    columns.append(_alike(history.affinity, adopted))
    columns.append(_alike(history.early_affinity, adopted))
    group = panel.groups[policy] if panel.groups else ""
    columns.append(history.topic_rate.get(group, np.zeros(len(panel.units))))
    columns.append(history.innovativeness)
    columns.append(history.session_year(year))
    columns.append(panel.size if panel.size is not None else np.zeros(len(panel.units)))
    columns.append(np.full(len(panel.units), adopted.mean()))
    columns.append(np.full(len(panel.units), math.log1p(max(year - first, 0))))
    named = dict(zip(feature_names(panel), columns, strict=False))
    columns += [named[a] * named[b] for a, b in INTERACTIONS]
    for region in _regions(panel)[1:]:
        columns.append(np.array([1.0 if r == region else 0.0 for r in panel.region]))
    return np.column_stack(columns), row >= known


def training_rows(panel: Panel, history: History, cutoff: int) -> Features:
    blocks: list[Matrix] = []
    labels: list[NDArray[np.int_]] = []
    index: list[tuple[int, int, int]] = []
    for p, row in enumerate(panel.years):
        known = row[np.isfinite(row)]
        if known.size == 0 or known.min() >= cutoff:
            continue
        start = int(max(known.min() + 1, cutoff - HISTORY_YEARS))
        for year in range(start, cutoff):
            x, at_risk = year_features(panel, history, p, year)
            if not at_risk.any():
                break
            blocks.append(x[at_risk])
            labels.append((row[at_risk] == year).astype(int))
            index.extend((p, int(u), year) for u in np.flatnonzero(at_risk))
    names = feature_names(panel)
    if not blocks:
        return Features(names, np.zeros((0, len(names))), np.zeros(0, dtype=int), [])
    return Features(names, np.vstack(blocks), np.concatenate(labels), index)


@dataclass
class Model:
    names: list[str]
    scaler: StandardScaler
    logit: LogisticRegression
    history: History
    keep: list[int]  # the columns of `feature_names` the model uses

    @classmethod
    def fit(cls, panel: Panel, cutoff: int, without: Collection[str] = ()) -> "Model":
        """Fit on the adoptions before `cutoff` only; `without` names features left out."""
        history = History.learn(panel, cutoff)
        data = training_rows(panel, history, cutoff)
        if data.labels.sum() == 0 or data.labels.sum() == len(data.labels):
            raise ValueError("Too little adoption history before the cut-off to learn from.")
        keep = [i for i, name in enumerate(data.names) if name not in without]
        rows = data.rows[:, keep]
        scaler = StandardScaler().fit(rows)
        logit = LogisticRegression(C=1.0, max_iter=2000)
        logit.fit(scaler.transform(rows), data.labels)
        return cls([data.names[i] for i in keep], scaler, logit, history, keep)

    def score(
        self, panel: Panel, policy: int, year: int, known_before: int | None = None
    ) -> tuple[Matrix, Matrix, NDArray[np.bool_]]:
        """Hazard of each unit adopting `policy` in `year`, its features, and who is at risk
        (the policy's adoptions read before `known_before` only, when given)."""
        x, at_risk = year_features(panel, self.history, policy, year, known_before)
        x = x[:, self.keep]
        hazard: Matrix = self.logit.predict_proba(self.scaler.transform(x))[:, 1]
        return hazard, x, at_risk

    def window_score(self, panel: Panel, policy: int, start: int, years: int) -> Matrix:
        """Each unit's chance to adopt `policy` in [start, start + years), knowing only the
        adoptions before `start`: 1 - the product of the yearly hazards' complements, the
        yearly features (the session calendar, the policy's age) moving, its adoptions not."""
        survival = np.ones(len(panel.units))
        calendar = [i for i, name in enumerate(self.names) if name == "session_year"]
        for year in range(start, start + years):
            x, _ = year_features(panel, self.history, policy, year, known_before=start)
            x = x[:, self.keep]
            # Over several years the calendar moves adoptions between years, it does not
            # add any: the window's chance is taken at the cycle's average (log 1 = 0).
            x[:, calendar] = 0.0
            survival *= 1 - self.logit.predict_proba(self.scaler.transform(x))[:, 1]
        chance: Matrix = 1 - survival
        return chance

    def coefficients(self) -> dict[str, float]:
        return {n: round(float(c), 3) for n, c in zip(self.names, self.logit.coef_[0], strict=True)}

    def reasons(self, x: Matrix, unit: int, limit: int = 3) -> list[str]:
        scaled = self.scaler.transform(x[unit : unit + 1])[0]
        parts = sorted(
            zip(self.logit.coef_[0] * scaled, self.names, x[unit], strict=True), reverse=True
        )
        return [
            _words(name, value) for contribution, name, value in parts[:limit] if contribution > 0
        ]


def _words(name: str, value: float) -> str:
    if name.startswith("ties_"):
        return f"{value:.0%} of its {name[5:].replace('_', ' ')} already adopted"
    return {
        "leaders": f"{value:.0%} of the jurisdictions it usually follows already adopted",
        "innovativeness": f"an early adopter in the past (innovativeness {value:.2f})",
        "session_year": "it usually adopts in years like this one (its legislative calendar)",
        "alike_adopted": "those that adopted resemble it in what they adopted before",
        "alike_early": "those that adopted resemble it in how early they adopted before",
        "topic_record": "it adopted more than most on this topic before",
        "size": "its size (population)",
        "national_share": f"{value:.0%} of all jurisdictions already adopted",
        "years_since_first": f"{math.expm1(value):.0f} years since the first adoption",
        # An interaction's contribution is positive for a low value under a negative weight
        # too, so its words name the combination, not a direction.
        "innovativeness_x_national_share": "its past innovativeness, at this stage of spread",
        "innovativeness_x_years_since_first": "its past innovativeness, at this age",
        "alike_early_x_national_share": "its resemblance in timing to the adopters, at this stage",
        "alike_adopted_x_national_share": "its resemblance to the adopters, at this stage",
    }.get(name, name.replace("region_", "its region: "))


def rank_next(model: Model, panel: Panel, policy: int, year: int, top: int) -> list[dict[str, Any]]:
    hazard, x, at_risk = model.score(panel, policy, year)
    order = [u for u in np.argsort(-hazard) if at_risk[u]][:top]
    return [
        {
            "unit": panel.units[u],
            "probability": round(float(hazard[u]), 4),
            "reasons": model.reasons(x, int(u)),
        }
        for u in order
    ]


def matrix_from_pairs(units: Sequence[str], pairs: Mapping[str, Iterable[str]]) -> Matrix:
    position = {u: i for i, u in enumerate(units)}
    out = np.zeros((len(units), len(units)))
    for unit, others in pairs.items():
        if unit in position:
            for other in others:
                if other in position and other != unit:
                    out[position[unit], position[other]] = 1.0
    return out
