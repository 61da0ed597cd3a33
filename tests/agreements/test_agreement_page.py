"""The agreement page is a compact fact sheet: a long note shows its start and folds the
rest, so a 100,000-character note neither breaks the page nor goes missing."""

import re

import pytest

from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.agreements.views import fold_note
from tests.conftest import BERLIN, PARIS

pytestmark = pytest.mark.django_db


def make(city, cite, system, note):
    return agreement_record(
        city_a=city(PARIS), city_b=city(BERLIN), note=note, citations=cite, actor=system
    )


def test_a_huge_note_is_folded_inside_details(client, city, cite, system):
    note = "Opening words of the note. " + "word " * 20_000 + "LAST-WORD"
    assert len(note) >= 100_000
    agreement = make(city, cite, system, note)
    response = client.get(f"/agreements/{agreement.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    dd = re.search(r'<dd data-testid="note">(.*?)</dd>', html, re.S)
    assert dd is not None
    shown, _, folded = dd.group(1).partition('<details data-testid="note-rest">')
    assert "Opening words of the note." in shown
    assert len(shown) < 800
    assert "LAST-WORD" in folded and "</details>" in folded
    # The JSON twin keeps the whole note.
    body = client.get(f"/agreements/{agreement.pk}/?format=json").json()
    assert body["agreement"]["note"] == note


def test_a_short_note_is_shown_whole_without_folding(client, city, cite, system):
    agreement = make(city, cite, system, "Renewed in 2015 after a mayoral visit.")
    html = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "Renewed in 2015 after a mayoral visit." in html
    assert 'data-testid="note-rest"' not in html


def test_folding_loses_nothing_but_the_space_it_cuts_at():
    note = ("alpha beta " * 100).strip()
    folded = fold_note(note)
    assert len(folded["head"]) <= 600
    assert folded["head"] + " " + folded["rest"] == note
    unbroken = "x" * 1000
    assert fold_note(unbroken) == {"head": "x" * 600, "rest": "x" * 400}
