"""People and their terms in office written in bulk (imports): found, matched, validated,
cited and recorded in the history.

A load states terms: a person (Wikidata id, name, birth date) holding a role in a city, with
the office's title, start, end and party, at a row of the source. `TermWriter` collects the
rows, reads the people and terms the registry holds in a few queries, and writes through the
validated bulk path of `sources.bulk`: every new or changed record gets a change record
naming the run and a citation of its row.

A person is the one with the row's Wikidata id, else the only person of that name without
one who holds the role in the city (so the starter data's mayors are completed rather than
duplicated, and rows without an id that name the same person in the same city are one
person), else a new one. A term is the stored or earlier loaded term of that person, role and
city that `selectors.term_among` says it describes, which takes the row's citation and fills
its empty fields (a value that disagrees is kept as stored and reported), else a new term.

Every record is validated before anything is written: a row whose term or person breaks a
rule is refused with the reason, and nothing of it is written. A person takes their values
and their citation from their first row that is written. Loading the same rows again writes
nothing.
"""

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from citydiplomacy.core.history.bulk_validation import validate_bulk
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.slugs import unique_slugs
from citydiplomacy.geo.models import City
from citydiplomacy.people.models import OfficeHeld, OfficeRole, Person
from citydiplomacy.people.selectors import term_among
from citydiplomacy.sources.bulk import Cite, CitingWriter, Merged
from citydiplomacy.sources.models import Source

PERSON_FILLABLE = ("wikidata_id", "born")
TERM_FILLABLE = ("title", "start", "end", "party")
# A person of the load: their Wikidata id, else their name and the city of their first row.
PersonKey = tuple[str, str, int]
TermKey = tuple[PersonKey, str, int]  # person, role, city


@dataclass(frozen=True)
class TermRow:
    """What one row of a source states: a person holding an office in a city."""

    row: int
    name: str
    city: City
    wikidata_id: str = ""
    born: str = ""
    role: str = OfficeRole.MAYOR
    title: str = ""
    start: str = ""
    end: str = ""
    party: str = ""
    locator: str = ""  # where the source states it; "row <n>" when not given
    as_written: str = ""  # the place as the source wrote it

    def cite(self) -> Cite:
        return Cite(self.locator or f"row {self.row}", self.as_written)

    def person_key(self) -> PersonKey:
        if self.wikidata_id:
            return (self.wikidata_id, "", 0)
        return ("", self.name, self.city.pk)


@dataclass
class TermOutcome:
    """What became of a row: its term created, merged, unchanged or refused; its person."""

    status: str
    person: str = ""  # created, merged or unchanged ("" when the row was refused)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Record:
    """A person or a term as this load leaves it: a new record, or a copy of the stored one
    carrying what the load fills in."""

    obj: Any
    stored: Any = None
    labels: list[str] = field(default_factory=list)  # the stored record's citations
    fills: dict[str, str] = field(default_factory=dict)
    cites: list[Cite] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    refusal: str = ""

    def status(self) -> str:
        if self.stored is None:
            return "created"
        return "merged" if self.fills or self.cites else "unchanged"


class _People(CitingWriter):
    model = Person


class _Terms(CitingWriter):
    model = OfficeHeld


def _fill(record: _Record, values: dict[str, str]) -> tuple[bool, list[str]]:
    """Fill the record's empty fields with the row's values; returns whether any was
    filled, and the disagreements as `sources.services.merge_cited` words them."""
    filled, notes = False, []
    for name, value in values.items():
        current = getattr(record.obj, name)
        if not value:
            continue
        if not current:
            setattr(record.obj, name, value)
            filled = True
            if record.stored is not None:
                record.fills[name] = value
        elif current != value:
            notes.append(f"{name}: kept {current} (the source says {value})")
    return filled, notes


def _refuse_invalid(records: list[_Record], *, creating: bool) -> None:
    """Validate the records as the bulk path will (fields, clean(), uniqueness), noting why
    each refused one is refused; nothing is written."""
    _, refused = validate_bulk([r.obj for r in records], creating=creating)
    by_obj = {id(r.obj): r for r in records}
    for refusal in refused:
        by_obj[id(refusal.obj)].refusal = refusal.message()


class TermWriter:
    """Collects rows (`add`), matches and validates them (`plan`), writes them (`flush`)."""

    def __init__(self, actor: Actor, source: Source) -> None:
        self.people_writer = _People(actor, source)
        self.terms_writer = _Terms(actor, source)
        self.rows: list[TermRow] = []
        self.progress: Callable[[int], None] | None = None  # told of each batch written
        self.people: dict[PersonKey, _Record] = {}
        self.terms: dict[TermKey, list[_Record]] = defaultdict(list)
        self.term_of: dict[int, _Record] = {}  # row -> its term
        # What a row's values disagree in, with its person's and with its term's.
        self.person_notes: dict[int, list[str]] = defaultdict(list)
        self.term_notes: dict[int, list[str]] = defaultdict(list)
        self.adding: set[int] = set()  # rows that add to a stored term (a citation, a value)
        self._to_write: int | None = None

    def add(self, row: TermRow) -> None:
        self.rows.append(row)

    def plan(self) -> int:
        """Find, match and validate every row; returns the number of records to write."""
        if self._to_write is not None:
            return self._to_write
        self._find_people()
        self._load_terms()
        for row in self.rows:
            self._match(row)
        self._validate_terms()
        self._settle_people()
        self._to_write = sum(
            1 for record in self._records() if not record.refusal and record.status() != "unchanged"
        )
        return self._to_write

    def _records(self) -> Iterable[_Record]:
        yield from self.people.values()
        for records in self.terms.values():
            yield from records

    def _find_people(self) -> None:
        """Each row's person: stored (by Wikidata id, else a namesake), or a new one."""
        qids = {row.wikidata_id for row in self.rows if row.wikidata_id}
        by_qid = {p.wikidata_id: p for p in Person.objects.filter(wikidata_id__in=qids)}
        namesakes = self._namesakes([r for r in self.rows if r.wikidata_id not in by_qid])
        claimed: set[int] = set()
        for row in self.rows:
            key = row.person_key()
            if key in self.people:
                continue
            found = by_qid.get(row.wikidata_id) if row.wikidata_id else None
            if found is None:
                candidates = namesakes.get((row.name, row.role, row.city.pk), [])
                if len(candidates) == 1 and candidates[0].pk not in claimed:
                    found = candidates[0]
                    claimed.add(found.pk)  # its Wikidata id is now this row's
            if found is None:
                self.people[key] = _Record(Person())
            else:
                self.people[key] = _Record(copy.copy(found), stored=found)
        stored = {r.stored.pk: r for r in self.people.values() if r.stored is not None}
        labels = self.people_writer.cited_labels(list(stored))
        for pk, record in stored.items():
            record.labels = labels.get(pk, [])

    def _namesakes(self, rows: list[TermRow]) -> dict[tuple[str, str, int], list[Person]]:
        """People without a Wikidata id holding the rows' role in the rows' city, by name."""
        if not rows:
            return {}
        found: dict[tuple[str, str, int], dict[int, Person]] = defaultdict(dict)
        held = OfficeHeld.objects.filter(
            person__wikidata_id="",
            person__name__in={row.name for row in rows},
            role__in={row.role for row in rows},
            city_id__in={row.city.pk for row in rows},
        ).select_related("person")
        for office in held:
            assert office.city_id is not None
            found[(office.person.name, office.role, office.city_id)][office.person_id] = (
                office.person
            )
        return {key: list(people.values()) for key, people in found.items()}

    def _load_terms(self) -> None:
        """The stored terms of the stored people, in the roles the rows name."""
        key_of = {r.stored.pk: key for key, r in self.people.items() if r.stored is not None}
        if not key_of:
            return
        stored = list(
            OfficeHeld.objects.filter(
                # The rows name cities: an organisation's offices are not theirs to match.
                person_id__in=list(key_of),
                role__in={row.role for row in self.rows},
                city__isnull=False,
            ).select_related("person", "city", "organisation")
        )
        labels = self.terms_writer.cited_labels([o.pk for o in stored])
        for office in stored:
            assert office.city_id is not None  # read with a city only
            record = _Record(copy.copy(office), stored=office, labels=labels.get(office.pk, []))
            self.terms[(key_of[office.person_id], office.role, office.city_id)].append(record)

    def _match(self, row: TermRow) -> None:
        """The term the row states: one it describes, which takes its citation and fills,
        else a new one."""
        person = self.people[row.person_key()]
        candidates = self.terms[(row.person_key(), row.role, row.city.pk)]
        found = term_among([r.obj for r in candidates], start=row.start, end=row.end)
        if found is None:
            term = OfficeHeld(
                person=person.obj,
                role=row.role,
                title=row.title,
                city=row.city,
                start=row.start,
                end=row.end,
                party=row.party,
            )
            record = _Record(term, cites=[row.cite()], rows=[row.row])
            candidates.append(record)
        else:
            record = next(r for r in candidates if r.obj is found)
            filled, notes = _fill(record, {name: getattr(row, name) for name in TERM_FILLABLE})
            self.term_notes[row.row] += notes
            if self.terms_writer.label(row.cite()) not in record.labels:
                record.cites.append(row.cite())
                filled = True
            if filled:
                self.adding.add(row.row)
            record.rows.append(row.row)
        self.term_of[row.row] = record

    def _validate_terms(self) -> None:
        records = [r for rs in self.terms.values() for r in rs if r.status() != "unchanged"]
        _refuse_invalid([r for r in records if r.stored is None], creating=True)
        _refuse_invalid([r for r in records if r.stored is not None and r.fills], creating=False)

    def _settle_people(self) -> None:
        """Each person's values from their first row whose term is written; validated."""
        rows_of: dict[PersonKey, list[TermRow]] = defaultdict(list)
        for row in self.rows:
            if not self.term_of[row.row].refusal:
                rows_of[row.person_key()].append(row)
        new: list[_Record] = []
        for key, rows in rows_of.items():
            record, first = self.people[key], rows[0]
            values = {"wikidata_id": first.wikidata_id, "born": first.born}
            if record.stored is None:
                record.obj.name = first.name
                new.append(record)
            self.person_notes[first.row] += _fill(record, values)[1]
            if self.people_writer.label(Cite(first.cite().locator)) not in record.labels:
                record.cites.append(Cite(first.cite().locator))
            record.rows = [row.row for row in rows]
            for later in rows[1:]:
                born = record.obj.born
                if later.born and born and later.born != born:
                    note = f"born: kept {born} (this row says {later.born})"
                    self.person_notes[later.row].append(note)
        for record, slug in zip(new, unique_slugs(Person, [r.obj.name for r in new]), strict=True):
            record.obj.slug = slug
        # People no written row names (all their rows refused) are left alone.
        for key in set(self.people) - set(rows_of):
            del self.people[key]
        _refuse_invalid(new, creating=True)
        _refuse_invalid(
            [r for r in self.people.values() if r.stored is not None and r.fills], creating=False
        )
        self._refuse_terms_of_refused_people()

    def _refuse_terms_of_refused_people(self) -> None:
        for record in self.people.values():
            if record.refusal:
                for row in record.rows:
                    self.term_of[row].refusal = f"the person: {record.refusal}"

    def flush(self) -> dict[int, TermOutcome]:
        """Write the people, then their terms; returns what became of each row."""
        self.plan()
        people = [r for r in self.people.values() if not r.refusal]
        self._write(self.people_writer, people, list(PERSON_FILLABLE))
        self._refuse_terms_of_refused_people()
        terms = [r for r in {id(r): r for r in self.term_of.values()}.values() if not r.refusal]
        for record in terms:
            if record.stored is None:
                record.obj.person_id = record.obj.person.pk  # a new person's, just written
        self._write(self.terms_writer, terms, list(TERM_FILLABLE))
        return {row.row: self._outcome(row) for row in self.rows}

    def _write(self, writer: CitingWriter, records: list[_Record], fields: list[str]) -> None:
        """Create the new records and merge into the stored ones; refusals are noted."""
        writer.progress = self.progress
        new = [r for r in records if r.stored is None]
        cites = {id(r.obj): r.cites for r in new}
        writer.create_cited([r.obj for r in new], lambda obj: cites[id(obj)])
        merges = [
            Merged(r.stored, r.cites, r.fills, r.labels)
            for r in records
            if r.stored is not None and r.status() == "merged"
        ]
        writer.save_merges(merges, fields)
        if merges and self.progress is not None:
            self.progress(len(merges))
        for record in records:
            key: Model = record.obj if record.stored is None else record.stored
            if id(key) in writer.refused:
                record.refusal = writer.refused[id(key)]

    def _outcome(self, row: TermRow) -> TermOutcome:
        term = self.term_of[row.row]
        if term.refusal:
            return TermOutcome("refused", notes=[term.refusal])
        status = term.status()
        if term.stored is None and term.rows[0] != row.row:
            status = "merged"  # into a term an earlier row of this load created
        elif term.stored is not None and row.row not in self.adding:
            status = "unchanged"
        person = self.people[row.person_key()].status()
        notes = self.person_notes[row.row] + self.term_notes[row.row]
        return TermOutcome(status, person, notes)
