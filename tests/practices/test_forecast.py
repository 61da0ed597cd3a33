import dataclasses

import numpy as np
import pytest

from citydiplomacy.practices.adjacency import census_region, neighbours
from citydiplomacy.practices.diffusion import cumulative, fit_logistic
from citydiplomacy.practices.forecast import (
    History,
    Model,
    Panel,
    matrix_from_pairs,
    rank_next,
)


def test_the_contiguous_state_borders_are_symmetric_and_complete():
    borders = neighbours()
    assert len(borders) == 49  # the 48 contiguous states and DC
    assert all(state in borders[other] for state, others in borders.items() for other in others)
    assert sum(len(o) for o in borders.values()) // 2 == 107  # 105 between states, 2 for DC
    assert borders["TN"] == {"AL", "AR", "GA", "KY", "MS", "MO", "NC", "VA"}
    assert "CO" not in borders["AZ"]  # the Four Corners touch at a point only
    assert "AK" not in borders and census_region("AK") == "west"


def test_a_logistic_curve_is_fitted_to_an_s_shaped_series():
    years = []
    previous = 0
    for t in range(31):
        total = round(40 / (1 + np.exp(-0.4 * (t - 15))))
        years += [1990 + t] * (total - previous)
        previous = total
    fit = fit_logistic(years, ceiling_max=50)
    assert fit is not None
    assert abs(fit.ceiling - 40) < 3 and abs(fit.midpoint - 2005) < 1.5 and fit.r_squared > 0.98
    assert cumulative([2000, 2002])[-1] == (2002, 2)
    assert fit_logistic([2000, 2001, 2002]) is None  # fewer than four years


def _chain_panel() -> Panel:
    """Ten units on a line; every policy spreads from unit 0 to its neighbours a year a step."""
    units = [f"u{i}" for i in range(10)]
    ties = {u: {units[i - 1]} if i else set() for i, u in enumerate(units)}
    for i, u in enumerate(units[:-1]):
        ties[units[i + 1]].add(u)
        ties[u].add(units[i + 1])
    years = np.array([[1950 + 3 * p + i for i in range(10)] for p in range(12)], dtype=float)
    return Panel(
        units=units,
        policies=[f"p{p}" for p in range(12)],
        years=years,
        ties={"neighbours": matrix_from_pairs(units, ties)},
        size=np.zeros(10),
        region=["a"] * 5 + ["b"] * 5,
    )


def test_the_forecast_ranks_the_neighbour_of_the_last_adopter_first_with_reasons():
    panel = _chain_panel()
    model = Model.fit(panel, cutoff=1990)
    last = 11  # spreads from 1983: by 1987 units 0-3 have adopted, u4 is next
    ranked = rank_next(model, panel, last, 1987, top=3)
    assert ranked[0]["unit"] == "u4"
    assert ranked[0]["reasons"]


def test_a_panel_without_history_before_the_cutoff_is_refused():
    with pytest.raises(ValueError, match="Too little"):
        Model.fit(_chain_panel(), cutoff=1950)


@pytest.mark.django_db
def test_the_registry_forecast_is_the_benchmarked_model_and_ranks_the_neighbours_first(
    make_practice, adopt
):
    from citydiplomacy.geo.models import Division
    from citydiplomacy.practices.forecast import feature_names
    from citydiplomacy.practices.forecast_data import forecast_for_practice, registry_panel

    codes = ["CA", "NV", "OR", "AZ", "WA", "ID", "UT"]
    state = {code: Division.objects.get(code=f"US-{code}") for code in codes}
    waves = [["CA"], ["NV", "OR", "AZ"], ["WA", "ID", "UT"]]  # California, then its borders
    for p in range(6):
        practice = make_practice(slug=f"wave-{p}", title=f"Wave {p}")
        for step, codes in enumerate(waves):
            for code in codes:
                adopt(practice, state[code], adopted_on=str(1980 + 3 * p + step))
    target = make_practice(slug="wave-next", title="The next wave")
    adopt(target, state["CA"], adopted_on="1999")
    forecast = forecast_for_practice(target, top=3)
    # The page's model is the class the SPID benchmark evaluates, with the same features.
    assert list(forecast["coefficients"]) == feature_names(registry_panel())
    assert {"alike_early", "innovativeness_x_national_share"} <= set(forecast["coefficients"])
    top = [row["unit"] for row in forecast["candidates"]]
    assert set(top) == {"division:US-NV", "division:US-OR", "division:US-AZ"}
    assert all(row["reasons"] for row in forecast["candidates"])


def _calendar_panel() -> Panel:
    """Three units: `odd` adopts only in odd years, `even` only in even ones, `any` both."""
    units = ["any", "even", "odd"]
    years = np.array(
        [[1960 + p, 1960 + 2 * (p // 2) + 2, 1960 + 2 * (p // 2) + 1] for p in range(30)],
        dtype=float,
    )
    return Panel(units=units, policies=[f"p{p}" for p in range(30)], years=years)


def test_the_session_calendar_feature_favours_the_years_a_unit_usually_adopts_in():
    history = History.learn(_calendar_panel(), cutoff=1980)
    odd_year, even_year = history.session_year(1981), history.session_year(1982)
    assert odd_year[2] > 0.5 and odd_year[1] < -0.5  # 'odd' in an odd year, 'even' not
    assert even_year[1] > 0.5 and even_year[2] < -0.5
    assert abs(odd_year[0]) < 0.2  # a unit adopting in both kinds of year stays near even
    # Only the SESSION_YEARS before the year (and before the cut-off) are read.
    assert np.array_equal(history.session_year(1990), history.session_year(1980))


def test_nothing_from_the_cutoff_on_reaches_the_fit_or_the_window_forecast():
    panel = _chain_panel()
    cutoff = 1970
    model = Model.fit(panel, cutoff)
    shuffled = panel.years.copy()
    later = shuffled >= cutoff
    shuffled[later] = np.random.default_rng(1).permutation(shuffled[later])[::-1] + 0.0
    shuffled[later] = np.maximum(shuffled[later], cutoff)  # still from the cut-off on
    assert not np.array_equal(shuffled, panel.years)
    changed = dataclasses.replace(panel, years=shuffled)
    blind = Model.fit(changed, cutoff)
    for p in range(len(panel.policies)):
        if (panel.years[p] < cutoff).any():
            chance = model.window_score(panel, p, cutoff, 5)
            assert np.array_equal(chance, blind.window_score(changed, p, cutoff, 5))
            assert ((chance >= 0) & (chance <= 1)).all()
            one_year = model.window_score(panel, p, cutoff, 1)
            assert (chance >= one_year).all()  # five years' chance >= one year's
