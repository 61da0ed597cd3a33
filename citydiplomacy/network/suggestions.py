"""Partner suggestions and similar cities.

The method ("affinity model"): for a city a and every candidate c it has no tie with, a
vector of features that each say something a reader can check (the reasons shown beside a
suggestion), combined by a logistic model fitted on the graph itself:

- common partners (count, Adamic-Adar, resource allocation) and paths of length three;
- how often cities of a's country are tied to cities of c's country (twinning follows
  national habits: French-German, Japanese-American), and the share of a's own partners
  that lie in c's country;
- how sought-after c is (its number of partners), how many of c's partners lie in a's
  country (c's own habit), its size and the size difference;
- the distance between them, and whether they lie in the same country;
- areas (a city's NEAREST nearest tied cities): a's partners in c's area, cities of a's
  area tied to c, and the ties between the two areas (twinning runs between regions);
- the organisations they share, and whether they bear the same name.

Fitting is self-supervised: a share of the known ties is hidden (fixed seed), and the model
learns to tell those hidden ties from non-ties (half drawn at random, half among partners of
partners and cities of favoured countries; never a remaining partner) using features of the
remaining graph,
and the weights are then applied to the whole graph. No tie being predicted is ever used to
compute its own features. Everything is vectorised over all candidates at once (scipy
sparse products, numpy), so ranking a city costs milliseconds.
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.optimize
import scipy.sparse as sp
import scipy.spatial

Floats = npt.NDArray[np.float64]

FEATURES = (
    "common_partners", "adamic_adar", "resource_allocation", "paths_of_three",
    "country_affinity", "partner_country_share", "partners_of_candidate", "candidate_size",
    "size_difference", "log_distance", "same_country", "shared_organisations",
    "candidate_habit", "affinity_by_popularity", "habit_by_popularity",
    "country_choice", "choice_in_country",
    "partners_near_candidate", "neighbours_tied_to_candidate", "ties_between_areas",
    "same_name",
)  # fmt: skip
EARTH_RADIUS_KM = 6371.0
# A city's "area": its NEAREST nearest cities that have a tie in the graph (not itself).
NEAREST = 10
# Training: rounds of hidden ties, cities sampled per round, and the features whose cities
# are the hard negatives (see fit).
ROUNDS = 1
MAX_CITIES = 3000
HARD_NEGATIVE_FEATURES = ("common_partners", "country_affinity")


@dataclass
class Places:
    """Per node (same order as the graph): country index, coordinates, population."""

    country: npt.NDArray[np.int64]
    latitude: Floats
    longitude: Floats
    population: Floats
    organisations: sp.csr_matrix | None = None  # node x organisation, 0/1
    name: npt.NDArray[np.int64] | None = None  # same number = same name (accents, case aside)


def nearest_tied(places: Places, tied: npt.NDArray[np.bool_], k: int = NEAREST) -> sp.csr_matrix:
    """Node x node, 1 where the column is one of the row's k nearest tied cities (never the
    row itself): the area around a city, counted in the cities that take part in twinning,
    so that it means the same whether or not untied cities are candidates too."""
    n = len(places.latitude)
    among = np.flatnonzero(tied)
    k = min(k, max(0, len(among) - 1))
    if k == 0:
        return sp.csr_matrix((n, n))
    lat, lon = np.radians(places.latitude), np.radians(places.longitude)
    xyz = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    _, found = scipy.spatial.cKDTree(xyz[among]).query(xyz, k=k + 1)
    found = among[np.asarray(found).reshape(n, k + 1)]
    keep = found != np.arange(n)[:, None]
    # A row that did not find itself keeps its k nearest: drop its farthest.
    keep[keep.all(axis=1), -1] = False
    columns = found[keep]
    return sp.csr_matrix((np.ones(len(columns)), (np.repeat(np.arange(n), k), columns)), (n, n))


class PairFeatures:
    """Feature rows for (a, every node) from an adjacency matrix and the places."""

    def __init__(self, adjacency: sp.csr_matrix, places: Places) -> None:
        a = adjacency.tocsr().astype(np.float64)
        a.data[:] = 1.0
        self.adjacency = a
        self.places = places
        degree = np.asarray(a.sum(axis=1)).ravel()
        self.degree = degree
        with np.errstate(divide="ignore"):
            self.inv_degree = sp.diags(np.where(degree > 0, 1.0 / degree, 0.0))
            self.inv_log_degree = sp.diags(np.where(degree > 1, 1.0 / np.log(degree), 0.0))
        n_countries = int(places.country.max()) + 1 if len(places.country) else 1
        onehot = sp.csr_matrix(
            (np.ones(len(places.country)), (np.arange(len(places.country)), places.country)),
            shape=(len(places.country), n_countries),
        )
        self.onehot = onehot
        # For each node, how many of its partners lie in each country (its own habits).
        self.partners_by_country = (a @ onehot).tocsc()
        # Ties between countries (both directions), the national habit of twinning.
        between = (onehot.T @ a @ onehot).toarray()
        self.country_ties = np.log1p(between)
        # A two-step choice: which country a city's country twins with (the share of its
        # ties going there, smoothed), then which city of that country (by its partners + 1).
        smoothed = between + 0.1
        self.country_choice = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
        appeal = degree + 1.0
        per_country = np.bincount(places.country, weights=appeal, minlength=n_countries)
        self.choice_in_country = np.log(appeal / per_country[places.country])
        self.a_aa = (a @ self.inv_log_degree).tocsr()
        self.a_ra = (a @ self.inv_degree).tocsr()
        self.rad_lat = np.radians(places.latitude)
        self.rad_lon = np.radians(places.longitude)
        self.log_population = np.log1p(places.population)
        self.near = nearest_tied(places, degree > 0)
        self.near_t = self.near.T.tocsr()

    def distances_km(self, i: int) -> Floats:
        dlat = self.rad_lat - self.rad_lat[i]
        dlon = self.rad_lon - self.rad_lon[i]
        h = (
            np.sin(dlat / 2) ** 2
            + np.cos(self.rad_lat[i]) * np.cos(self.rad_lat) * np.sin(dlon / 2) ** 2
        )
        return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))))

    def rows(self, i: int) -> Floats:
        """A (nodes x features) matrix for city i against every node."""
        row = self.adjacency[i]
        common = np.asarray((row @ self.adjacency).todense()).ravel()
        adamic = np.asarray((row @ self.a_aa.T).todense()).ravel()
        resource = np.asarray((row @ self.a_ra.T).todense()).ravel()
        two = row @ self.adjacency
        three = np.asarray((two @ self.adjacency).todense()).ravel()
        country = self.places.country
        affinity = self.country_ties[country[i], country]
        partner_countries = np.asarray((row @ self.onehot).todense()).ravel()
        share = partner_countries[country] / max(1.0, self.degree[i])
        if self.places.organisations is not None:
            orgs = self.places.organisations
            shared = np.asarray((orgs[i] @ orgs.T).todense()).ravel()
        else:
            shared = np.zeros(len(country))
        habit = np.log1p(self.partners_by_country[:, country[i]].toarray().ravel())
        popularity = np.log1p(self.degree)
        # Twinning runs between areas (a county's towns with a region abroad): a's partners
        # that lie in c's area, cities of a's area tied to c, and ties between the two areas.
        partners_near = np.asarray((row @ self.near_t).todense()).ravel()
        area_ties = self.near[i] @ self.adjacency
        neighbours_tied = np.asarray(area_ties.todense()).ravel()
        between_areas = np.asarray((area_ties @ self.near_t).todense()).ravel()
        name = self.places.name
        same_name = (name == name[i]) if name is not None else np.zeros(len(country), bool)
        return np.column_stack([
            np.log1p(common), adamic, resource, np.log1p(three), affinity, share,
            popularity, self.log_population,
            np.abs(self.log_population - self.log_population[i]),
            np.log1p(self.distances_km(i)), (country == country[i]).astype(np.float64),
            np.log1p(shared), habit, affinity * popularity, habit * popularity,
            self.country_choice[country[i], country], self.choice_in_country,
            np.log1p(partners_near), np.log1p(neighbours_tied), np.log1p(between_areas),
            same_name.astype(np.float64),
        ])  # fmt: skip


@dataclass
class Model:
    weights: Floats
    mean: Floats
    scale: Floats

    def score(self, rows: Floats) -> Floats:
        return np.asarray(((rows - self.mean) / self.scale) @ self.weights[1:] + self.weights[0])

    def as_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "weights": self.weights.tolist(),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Model":
        return cls(np.asarray(data["weights"]), np.asarray(data["mean"]), np.asarray(data["scale"]))


def _fit_logistic(x: Floats, y: Floats, l2: float = 1.0) -> Model:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([np.ones(len(x)), (x - mean) / scale])

    def loss(w: Floats) -> tuple[float, Floats]:
        margin = z @ w
        # log(1 + exp(-y m)) with y in {-1, 1}, written to stay finite for large margins.
        signed = (2 * y - 1) * margin
        value = np.logaddexp(0, -signed).sum() + l2 * (w[1:] ** 2).sum() / 2
        p = 1 / (1 + np.exp(-margin))
        grad = z.T @ (p - y)
        grad[1:] += l2 * w[1:]
        return float(value), grad

    found = scipy.optimize.minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B")
    return Model(np.asarray(found.x), mean, scale)


def fit(
    adjacency: sp.csr_matrix,
    places: Places,
    *,
    seed: int = 7,
    hide: float = 0.1,
    negatives: int = 30,
    rounds: int = ROUNDS,
    max_cities: int = MAX_CITIES,
) -> Model:
    """Learn the weights from the graph itself: hide `hide` of its ties and learn to find
    them, `rounds` times with other ties hidden each time."""
    upper = sp.triu(adjacency, k=1).tocoo()
    pairs = np.column_stack([upper.row, upper.col])
    if len(pairs) < 10:
        return Model(
            np.array([0.0, *[1.0 if f == "resource_allocation" else 0.0 for f in FEATURES]]),
            np.zeros(len(FEATURES)),
            np.ones(len(FEATURES)),
        )
    rng = np.random.default_rng(seed)
    xs: list[Floats] = []
    ys: list[Floats] = []
    for _ in range(rounds):
        _samples(pairs, adjacency.shape[0], places, rng, hide, negatives, max_cities, xs, ys)
    return _fit_logistic(np.vstack(xs), np.concatenate(ys))


def _samples(
    pairs: npt.NDArray[np.int64],
    n: int,
    places: Places,
    rng: np.random.Generator,
    hide: float,
    negatives: int,
    max_cities: int,
    xs: list[Floats],
    ys: list[Floats],
) -> None:
    """One round of training rows: hide a share of the ties, then for up to `max_cities`
    cities with a hidden tie, the feature rows of those ties (1) and of drawn non-ties (0)."""
    hidden_mask = rng.random(len(pairs)) < hide
    kept = pairs[~hidden_mask]
    train = sp.csr_matrix((np.ones(len(kept)), (kept[:, 0], kept[:, 1])), shape=(n, n))
    train = (train + train.T).tocsr()
    features = PairFeatures(train, places)
    by_city: dict[int, list[int]] = {}
    for a, b in pairs[hidden_mask]:
        by_city.setdefault(int(a), []).append(int(b))
        by_city.setdefault(int(b), []).append(int(a))
    cities = list(by_city)
    rng.shuffle(cities)
    hard = [FEATURES.index(name) for name in HARD_NEGATIVE_FEATURES]
    for a in cities[:max_cities]:
        rows = features.rows(a)
        positives = by_city[a]
        drawn = rng.integers(0, n, size=negatives)
        # Half the negatives among cities the model would otherwise rate highly: partners of
        # partners, cities of favoured countries or areas, so it learns the hard cases.
        structural = np.flatnonzero(rows[:, hard].sum(axis=1) > 0)
        if len(structural):
            drawn[: negatives // 2] = rng.choice(structural, size=negatives // 2)
        # Never a city's remaining partners: at ranking time they are not candidates at all.
        known = np.concatenate([positives, train[a].indices, [a]])
        drawn = drawn[~np.isin(drawn, known)]
        xs.extend([rows[positives], rows[drawn]])
        ys.extend([np.ones(len(positives)), np.zeros(len(drawn))])


def ranks_of(scores: Floats, exclude: npt.NDArray[np.int64], targets: list[int]) -> list[float]:
    """The rank of each target among the candidates (ties share their mean rank)."""
    scores = scores.astype(np.float64).copy()
    scores[exclude] = -np.inf
    ranks = []
    for target in targets:
        value = scores[target]
        greater = int(np.count_nonzero(scores > value))
        equal = int(np.count_nonzero(scores == value))
        ranks.append(1 + greater + (equal - 1) / 2)
    return ranks


def top(scores: Floats, exclude: npt.NDArray[np.int64], k: int) -> npt.NDArray[np.int64]:
    scores = scores.astype(np.float64).copy()
    scores[exclude] = -np.inf
    k = min(k, max(0, len(scores) - len(exclude)))
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    best = np.argpartition(-scores, k - 1)[:k]
    return np.asarray(best[np.argsort(-scores[best], kind="stable")], dtype=np.int64)


def reasons(rows: Floats, i: int, distance_km: float) -> list[str]:
    """The checkable reasons behind one candidate's score, in words."""
    row = dict(zip(FEATURES, rows[i], strict=True))
    said: list[str] = []
    common = round(math.expm1(row["common_partners"]))
    if common:
        said.append(f"{common} partner{'s' if common > 1 else ''} in common")
    shared = round(math.expm1(row["shared_organisations"]))
    if shared:
        said.append(f"{shared} shared organisation{'s' if shared > 1 else ''}")
    if row["partner_country_share"] > 0:
        said.append(
            f"{round(100 * row['partner_country_share'])}% of its partners are in that country"
        )
    elif row["country_affinity"] > 0:
        said.append(f"{round(math.expm1(row['country_affinity']))} ties between the two countries")
    if row["same_name"]:
        said.append("the same name")
    near = round(math.expm1(row["partners_near_candidate"]))
    if near:
        said.append(f"{near} of the city's partners lie in its area ({NEAREST} nearest cities)")
    neighbours = round(math.expm1(row["neighbours_tied_to_candidate"]))
    if neighbours:
        said.append(f"tied to {neighbours} of the city's {NEAREST} nearest neighbours")
    elif row["ties_between_areas"] > 0:
        said.append(f"{round(math.expm1(row['ties_between_areas']))} ties between the two areas")
    habit = round(math.expm1(row["candidate_habit"]))
    if habit:
        said.append(f"already tied to {habit} {'city' if habit == 1 else 'cities'} of this country")
    if row["size_difference"] < 0.5:
        said.append("similar size")
    said.append(f"{round(distance_km):,} km away")
    return said
