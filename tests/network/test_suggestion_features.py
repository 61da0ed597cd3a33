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
