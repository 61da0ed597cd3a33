"""Taylor's interlocking network model, pinned on a matrix small enough to check by hand."""

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from citydiplomacy.imports.tabular import FileRefused
from citydiplomacy.network.connectivity import (
    ServiceMatrix,
    connectivity,
    from_values,
    links,
    parse_matrix,
)

# Three cities, three firms. By hand:
#   r(A,B) = 5*2 + 0*3 + 1*0 = 10;  r(A,C) = 5*1 + 0*0 + 1*4 = 9;  r(B,C) = 2*1 + 3*0 + 0*4 = 2
#   N(A) = 19, N(B) = 12, N(C) = 11; relative to A: 1, 12/19, 11/19.
MATRIX = "city,firm1,firm2,firm3\nA,5,0,1\nB,2,3,0\nC,1,0,4\n"


def test_the_connectivity_of_a_hand_built_matrix_matches_the_values_worked_out_by_hand():
    matrix = parse_matrix(MATRIX, Path("hand.csv"))
    result = connectivity(matrix)
    assert result.cities == ["A", "B", "C"]
    assert result.total.tolist() == [19.0, 12.0, 11.0]
    assert np.allclose(result.relative, [1.0, 12 / 19, 11 / 19])
    assert links(matrix, 0).tolist() == [0.0, 10.0, 9.0]
    ranking = result.ranking()
    assert [row["city"] for row in ranking] == ["A", "B", "C"]
    assert ranking[1]["relative"] == round(12 / 19, 6)


def test_the_vectorised_connectivity_equals_the_sum_of_links_over_other_cities():
    rng = np.random.default_rng(3)
    dense = rng.integers(0, 6, size=(40, 12)).astype(float)
    matrix = ServiceMatrix(
        [str(i) for i in range(40)], [str(j) for j in range(12)], sp.csr_matrix(dense)
    )
    r = dense @ dense.T
    np.fill_diagonal(r, 0)
    assert np.allclose(connectivity(matrix).total, r.sum(axis=1))


def test_registry_memberships_become_a_matrix_of_service_values():
    matrix = from_values({(1, "c40"): 4, (2, "c40"): 1, (2, "iclei"): 1})
    assert matrix.cities == ["1", "2"] and matrix.organisations == ["c40", "iclei"]
    assert connectivity(matrix).total.tolist() == [4.0, 4.0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("city,f1\nA,7\n", "line 2, column 'f1': '7' is outside 0 to 5"),
        ("city,f1\nA,high\n", "line 2, column 'f1': 'high' is not a number"),
        ("city,f1\nA,1\nA,2\n", "line 3: 'A' already appears on line 2"),
        ("city\nA\n", "names no organisation column"),
        ("city,f1\n", "has a header but no city"),
        ("city,f1,f2\nA,1\n", "line 2 has 2 fields but the header has 3"),
    ],
)
def test_a_bad_matrix_is_refused_naming_the_line_and_column(text, message):
    with pytest.raises(FileRefused, match=message.replace("(", r"\(")):
        parse_matrix(text, Path("m.csv"))


def test_semicolons_and_decimal_commas_are_read_as_in_spreadsheet_exports():
    matrix = parse_matrix("city;f1;f2\nA;2,5;0\nB;1;\n", Path("m.csv"))
    assert connectivity(matrix).total.tolist() == [2.5, 2.5]
