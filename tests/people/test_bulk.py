"""People and their terms written in bulk: validated before anything is written, cited by
their rows, recorded in the history, and written once however often they are loaded."""

import pytest

from citydiplomacy.core.history.models import ChangeRecord, Via
from citydiplomacy.core.history.services import Actor, bulk_create_recorded
from citydiplomacy.core.runs.models import Run
from citydiplomacy.core.slugs import unique_slugs
from citydiplomacy.people.bulk import TermRow, TermWriter
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.people.services import office_record, person_create
from citydiplomacy.sources.models import Citation
from tests.conftest import LONDON, PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_actor() -> Actor:
    run = Run.objects.create(kind="test-people", category="import")
    return Actor(via=Via.IMPORT, label="test import", import_run=run)


@pytest.fixture
def rows(city):
    london, paris = city(LONDON), city(PARIS)
    return [
        TermRow(row=2, name="Ada Example", city=london, wikidata_id="Q900001", born="1900-05-02",
                title="Mayor of London", start="1950", end="1954", party="Whig Party"),
        TermRow(row=3, name="Ada Example", city=london, wikidata_id="Q900001", born="1900",
                title="Mayor of London", start="1958-03-04", end="1962"),
        TermRow(row=4, name="Bo Example", city=paris, wikidata_id="Q900002",
                title="Maire de Paris", start="1960", as_written="Paris (ville)"),
    ]  # fmt: skip


def write(rows, actor, source):
    writer = TermWriter(actor, source)
    for row in rows:
        writer.add(row)
    return writer.plan(), writer.flush()


def counts():
    return (
        Person.objects.count(),
        OfficeHeld.objects.count(),
        Citation.objects.count(),
        ChangeRecord.objects.count(),
    )


def records_of(obj):
    return ChangeRecord.objects.filter(
        content_type__model=obj._meta.model_name, object_id=str(obj.pk)
    ).order_by("id")


def test_people_and_terms_are_created_cited_by_their_rows_and_recorded(
    rows, run_actor, test_source
):
    planned, outcome = write(rows, run_actor, test_source)
    assert planned == 5  # two people, three terms
    assert [(n, o.status, o.person) for n, o in outcome.items()] == [
        (2, "created", "created"),
        (3, "created", "created"),
        (4, "created", "created"),
    ]
    assert outcome[3].notes == ["born: kept 1900-05-02 (this row says 1900)"]
    ada = Person.objects.get(wikidata_id="Q900001")
    assert (ada.name, ada.slug, ada.born, ada.version) == (
        "Ada Example",
        "ada-example",
        "1900-05-02",
        1,
    )
    assert [c.locator for c in ada.citations.all()] == ["row 2"]
    terms = list(ada.offices.order_by("start"))
    assert [(t.city_id, t.start, t.end, t.party) for t in terms] == [
        (LONDON, "1950", "1954", "Whig Party"),
        (LONDON, "1958-03-04", "1962", ""),
    ]
    bo_term = OfficeHeld.objects.get(person__wikidata_id="Q900002")
    (citation,) = bo_term.citations.all()
    assert (citation.locator, citation.as_written) == ("row 4", "Paris (ville)")
    assert citation.import_run == run_actor.import_run
    (record,) = records_of(terms[0])
    assert record.action == "create" and record.import_run == run_actor.import_run
    assert record.after["citations"] == ["test-fixture (row 2)"]
    assert record.after["party"] == "Whig Party" and record.after["person_id"] == ada.pk


def test_a_refused_row_is_reported_with_its_row_and_nothing_of_it_is_written(
    rows, city, run_actor, test_source
):
    london = city(LONDON)
    bad = [
        # Cy's first term breaks a rule: Cy is written from his second row alone.
        TermRow(row=5, name="Cy Example", city=london, wikidata_id="Q900003", born="1921",
                start="1970", party="P" * 201),
        TermRow(row=6, name="Cy Example", city=london, wikidata_id="Q900003", born="1920",
                start="1980"),
        # Di's only term is refused: Di is not written at all.
        TermRow(row=7, name="Di Example", city=london, wikidata_id="Q900004", start="1990",
                title="T" * 201),
        # Ed's Wikidata id is not one: the person, and so both terms, are refused.
        TermRow(row=8, name="Ed Example", city=london, wikidata_id="Q0", start="2000"),
        TermRow(row=9, name="Ed Example", city=london, wikidata_id="Q0", start="2004"),
    ]  # fmt: skip
    _, outcome = write(rows + bad, run_actor, test_source)
    assert {n: o.status for n, o in outcome.items()} == {
        2: "created", 3: "created", 4: "created",
        5: "refused", 6: "created", 7: "refused", 8: "refused", 9: "refused",
    }  # fmt: skip
    assert outcome[5].notes[0].startswith("party: Ensure this value has at most 200 characters")
    assert outcome[7].notes[0].startswith("title: ")
    assert outcome[8].notes == ["the person: wikidata_id: A Wikidata id looks like Q60."]
    cy = Person.objects.get(wikidata_id="Q900003")
    assert cy.born == "1920" and [c.locator for c in cy.citations.all()] == ["row 6"]
    assert [t.start for t in cy.offices.all()] == ["1980"]
    assert not Person.objects.filter(name__in=["Di Example", "Ed Example"]).exists()
    assert not ChangeRecord.objects.filter(object_repr__in=["Di Example", "Ed Example"]).exists()
    assert not Citation.objects.filter(locator__in=["row 5", "row 7", "row 8", "row 9"]).exists()


def test_loading_the_same_rows_again_writes_nothing(rows, run_actor, test_source):
    write(rows, run_actor, test_source)
    before = counts()
    planned, outcome = write(rows, run_actor, test_source)
    assert planned == 0 and counts() == before
    assert {(o.status, o.person) for o in outcome.values()} == {("unchanged", "unchanged")}


def test_a_stored_person_and_term_take_the_rows_citation_and_empty_fields(
    city, cite, system, run_actor, test_source
):
    # The starter data's way: a mayor without Wikidata id, a term known to the year.
    ada = person_create(name="Ada Example", citations=cite, actor=system)
    term = office_record(person=ada, city=city(LONDON), start="2016", citations=cite, actor=system)
    row = TermRow(
        row=2,
        name="Ada Example",
        city=city(LONDON),
        wikidata_id="Q900001",
        born="1970-01-02",
        start="2016-05-09",
        end="2021-05-08",
        party="Labour",
    )
    _, outcome = write([row], run_actor, test_source)
    assert (outcome[2].status, outcome[2].person) == ("merged", "merged")
    assert outcome[2].notes == ["start: kept 2016 (the source says 2016-05-09)"]
    ada.refresh_from_db()
    term.refresh_from_db()
    assert (ada.wikidata_id, ada.born, ada.version) == ("Q900001", "1970-01-02", 2)
    assert (term.start, term.end, term.party, term.version) == ("2016", "2021-05-08", "Labour", 2)
    assert Person.objects.filter(name="Ada Example").count() == 1
    update = records_of(term).last()
    assert update.action == "update" and update.import_run == run_actor.import_run
    assert update.before["citations"] == ["test-fixture (test)"]
    assert update.after["citations"] == ["test-fixture (row 2)", "test-fixture (test)"]
    assert (update.before["end"], update.after["end"]) == ("", "2021-05-08")
    assert records_of(ada).last().after["wikidata_id"] == "Q900001"


def test_the_same_term_twice_in_one_bulk_write_is_refused(city, cite, system):
    ada = person_create(name="Ada Example", citations=cite, actor=system)
    terms = [OfficeHeld(person=ada, city=city(LONDON), start="2016") for _ in range(2)]
    result = bulk_create_recorded(terms, actor=system, partial=True)
    assert [r.obj for r in result.refused] == [terms[1]]
    assert "already holds this office from that date" in result.refused[0].message()
    assert ada.offices.count() == 1


def test_namesakes_created_together_get_numbered_slugs(cite, system):
    person_create(name="Ada Example", citations=cite, actor=system)
    assert unique_slugs(Person, ["Ada Example", "Bo Example", "Ada  example"]) == [
        "ada-example-2",
        "bo-example",
        "ada-example-3",
    ]
