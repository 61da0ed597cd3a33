"""Land borders between the 48 contiguous US states (and DC), by USPS code.

Written out for this project from the states' boundaries as the US Census Bureau's
TIGER/Line state shapes draw them: two states are neighbours when they share a border
segment of positive length, so the Four Corners point contacts (Arizona-Colorado, New
Mexico-Utah) are not ties. Alaska and Hawaii have no neighbours. Each pair is listed once;
`neighbours()` makes the relation symmetric. Kept as data in the code so nothing is
fetched at run time; `tests/practices/test_adjacency.py` checks its symmetry and counts.
"""

from collections import defaultdict
from functools import lru_cache

_BORDERS = """
AL: FL GA MS TN
AZ: CA NV NM UT
AR: LA MS MO OK TN TX
CA: NV OR
CO: KS NE NM OK UT WY
CT: MA NY RI
DE: MD NJ PA
DC: MD VA
FL: GA
GA: NC SC TN
ID: MT NV OR UT WA WY
IL: IN IA KY MO WI
IN: KY MI OH
IA: MN MO NE SD WI
KS: MO NE OK
KY: MO OH TN VA WV
LA: MS TX
ME: NH
MD: PA VA WV
MA: NH NY RI VT
MI: OH WI
MN: ND SD WI
MS: TN
MO: NE OK TN
MT: ND SD WY
NE: SD WY
NV: OR UT
NH: VT
NJ: NY PA
NM: OK TX
NY: PA VT
NC: SC TN VA
ND: SD
OH: PA WV
OK: TX
OR: WA
PA: WV
SD: WY
TN: VA
UT: WY
VA: WV
"""


@lru_cache(maxsize=1)
def neighbours() -> dict[str, frozenset[str]]:
    """Each state's neighbours (USPS codes), both directions."""
    found: dict[str, set[str]] = defaultdict(set)
    for line in _BORDERS.strip().splitlines():
        state, _, others = line.partition(":")
        for other in others.split():
            found[state.strip()].add(other)
            found[other].add(state.strip())
    return {state: frozenset(others) for state, others in found.items()}


def division_neighbours() -> dict[str, frozenset[str]]:
    """The same relation between ISO 3166-2 codes (US-CA: US-AZ, US-NV, US-OR)."""
    return {
        f"US-{state}": frozenset(f"US-{o}" for o in others)
        for state, others in neighbours().items()
    }


# The US Census Bureau's four census regions.
_CENSUS_REGIONS = {
    "northeast": "CT ME MA NH RI VT NJ NY PA",
    "midwest": "IL IN MI OH WI IA KS MN MO NE ND SD",
    "south": "DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX",
    "west": "AZ CO ID MT NV NM UT WY AK CA HI OR WA",
}


def census_region(state: str) -> str:
    for region, states in _CENSUS_REGIONS.items():
        if state in states.split():
            return region
    return ""
