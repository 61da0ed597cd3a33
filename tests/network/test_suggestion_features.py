"""The affinity model's two-step country choice, worked out by hand on a tiny graph."""

import math

import numpy as np
import scipy.sparse as sp

from citydiplomacy.network.suggestions import FEATURES, PairFeatures, Places

# Cities 0 and 1 in France (country 0), 2 and 3 in Germany (1), 4 in Japan (2).
# Ties: 0-2, 1-2, 0-3, so France and Germany share three ties and Japan none.
EDGES = [(0, 2), (1, 2), (0, 3)]


def _features() -> PairFeatures:
    rows, cols = zip(*EDGES, strict=True)
    a = sp.csr_matrix((np.ones(3), (rows, cols)), shape=(5, 5))
    places = Places(
        country=np.array([0, 0, 1, 1, 2]),
        latitude=np.zeros(5), longitude=np.zeros(5), population=np.ones(5),
    )  # fmt: skip
    return PairFeatures((a + a.T).tocsr(), places)


def test_the_country_choice_is_the_smoothed_share_of_the_countrys_ties_going_there():
    rows = _features().rows(1)  # from city 1, in France
    choice = rows[:, FEATURES.index("country_choice")]
    # France's ties by country, each + 0.1: France 0.1, Germany 3.1, Japan 0.1 (sum 3.3).
    assert np.allclose(choice, np.log([0.1, 0.1, 3.1, 3.1, 0.1]) - math.log(3.3))


def test_the_choice_within_a_country_follows_partners_plus_one():
    rows = _features().rows(1)
    within = rows[:, FEATURES.index("choice_in_country")]
    # Partners + 1: France 3 and 2 (of 5), Germany 3 and 2 (of 5), Japan 1 (of 1).
    assert np.allclose(within, np.log([3 / 5, 2 / 5, 3 / 5, 2 / 5, 1.0]))


def test_the_area_features_count_ties_around_the_two_cities():
    # On a line of longitudes 0..4 (all at the equator), a city's area is its nearest tied
    # cities (NEAREST of them); with four tied cities, at most three: every other tied city.
    rows, cols = zip(*EDGES, strict=True)
    a = sp.csr_matrix((np.ones(3), (rows, cols)), shape=(5, 5))
    places = Places(
        country=np.array([0, 0, 1, 1, 2]), latitude=np.zeros(5),
        longitude=np.arange(5.0), population=np.ones(5), name=np.array([0, 1, 2, 0, 3]),
    )  # fmt: skip
    features = PairFeatures((a + a.T).tocsr(), places)
    near = features.near.toarray()
    # City 4 has no tie, so it is in no area; its own is the three tied cities nearest it.
    assert near[:, 4].sum() == 0 and list(np.flatnonzero(near[4])) == [1, 2, 3]
    assert all(list(np.flatnonzero(near[i])) == [j for j in range(4) if j != i] for i in range(4))
    rows_of_1 = features.rows(1)
    column = {name: rows_of_1[:, FEATURES.index(name)] for name in FEATURES}
    # City 1's only partner is 2, which lies in the areas of 0, 3 and 4, not in its own.
    assert np.allclose(np.expm1(column["partners_near_candidate"])[[0, 2, 3, 4]], [1, 0, 1, 1])
    # Cities of 1's area (0, 2, 3) tied to each candidate: to 0, cities 2 and 3; to 1, 2;
    # to 2 and to 3, city 0; to 4, none.
    assert np.allclose(np.expm1(column["neighbours_tied_to_candidate"]), [2, 1, 1, 1, 0])
    assert np.array_equal(column["same_name"], [0, 1, 0, 0, 0])
    same = PairFeatures((a + a.T).tocsr(), places).rows(0)[:, FEATURES.index("same_name")]
    assert np.array_equal(same, [1, 0, 0, 1, 0])
