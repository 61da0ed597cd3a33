"""Extension points: what each app contributes, declared once in its `AppConfig.ready()`.

The API, the site (navigation, search, type-ahead options, exports, stats), the home page, the
profiles of cities, countries and organisations and the office dashboard (all as panels),
personal-data export and erasure, the importers, the worker's run kinds, the network
layers and the office's calendar feed iterate these registries; none of them names a domain.
Adding a domain is: the app, its registrations in `ready()`, one line in `INSTALLED_APPS`.

Each registry refuses a second contribution under the same name, so two apps cannot silently
shadow each other. Contributions are plain frozen dataclasses of callables: a registry holds
declarations, never state.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Registry[T]:
    """Contributions of one kind, by name, listed in their declared order."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        name = _name_of(item)
        if name in self._items and self._items[name] is not item:
            raise ImproperlyConfigured(f"Two {self.kind} are registered as {name!r}.")
        self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        """Take a contribution back (the tests' dummy domain uses it to clean up)."""
        self._items.pop(name, None)

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"No {self.kind} {name!r}; known: {', '.join(self._items)}.") from None

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(
            sorted(self._items.values(), key=lambda item: (_order_of(item), _name_of(item)))
        )

    def names(self) -> list[str]:
        return [_name_of(item) for item in self]

    def __len__(self) -> int:
        return len(self._items)


def _name_of(item: Any) -> str:
    return str(getattr(item, "name", None) or item.kind)


def _order_of(item: Any) -> int:
    return int(getattr(item, "order", 100))


# ----------------------------------------------------------------------------- the site


@dataclass(frozen=True)
class UrlInclude:
    """An app's pages: `include(module)` at `prefix` in the root URL map."""

    name: str
    module: str
    prefix: str = ""
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation (`section="main"`) or the signed-in row (`"user"`)."""

    name: str
    label: str
    url_name: str
    order: int = 100
    section: str = "main"
    testid: str = ""


@dataclass(frozen=True)
class ApiRouter:
    """Explicit API operations beyond the generated entity ones (mounted at /api/<prefix>)."""

    name: str
    prefix: str
    router: Callable[[], Any]  # returns a ninja.Router; called once when the API is built
    order: int = 100


@dataclass(frozen=True)
class Count:
    """One figure of the registry's counts (home page, `citydiplomacy stats`)."""

    name: str
    label: str
    count: Callable[[], int]
    url_name: str = ""  # the list page the figure links to on the home page
    order: int = 100
    home: bool = True  # shown on the home page (all counts are in `stats`)


@dataclass(frozen=True)
class SearchProvider:
    """One group of search results. `search(text, limit, user)` returns rows as dicts with
    at least `label` and `url` (and `detail`, shown small), plus the record's API fields,
    and `reason`, why the row matched ("alternate name: Koeln"; "name" when its own name
    did, which the page does not repeat). The pickers' options carry the same reasons.

    `private` providers must return only what `user`'s offices hold (nothing for anonymous
    visitors); the privacy tests ask every private provider.
    """

    name: str
    title: str
    noun: str  # one result's kind, as the type-ahead labels it ("city", "contact")
    search: Callable[[str, int, Any], list[dict[str, Any]]]
    order: int = 100
    private: bool = False


@dataclass(frozen=True)
class OptionProvider:
    """Options of a searchable form field: `options(text, user)` -> [{value, label, ...}]."""

    name: str
    options: Callable[[str, Any], list[dict[str, Any]]]
    private: bool = False


@dataclass(frozen=True)
class ExportDataset:
    """A dataset the export engine can write (`/export/<name>.<format>`, `citydiplomacy
    export`). `records(user)` gives the base queryset (for a private dataset only the
    user's offices' rows); the FilterSet narrows it like the list page does."""

    name: str
    filterset: type[Any] | None = None
    records: Callable[[Any], Any] | None = None
    row: Callable[[Any], dict[str, Any]] | None = None
    columns: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("csv", "json")
    private: bool = False
    # GraphML: a row as ((node id, attrs), (node id, attrs), edge attrs); GeoJSON reads the
    # rows' city_a_/city_b_ (a line) or city_ (a point) latitude and longitude columns.
    graph_edge: Callable[[dict[str, Any]], tuple[Any, Any, dict[str, Any]]] | None = None
    order: int = 100
    # Big datasets stream their rows from the filtered queryset as plain values,
    # `rows(queryset)` in id order, instead of one `row(record)` per model instance.
    rows: Callable[[Any], Iterator[dict[str, Any]]] | None = None
    # A dataset that is not a list of records (a graph layer) writes itself instead:
    # `render(format, filters, user)` gives the whole file's chunks (text or bytes), or
    # raises ValueError naming the bad filter. It then needs no filterset, records or row.
    render: Callable[[str, Any, Any], Iterable[str | bytes]] | None = None


@dataclass(frozen=True)
class CsvTemplate:
    """A CSV template users fill in (`citydiplomacy import csv-<name>`, the starter data)."""

    name: str
    spec: Any  # the imports framework's template specification
    order: int = 100


@dataclass(frozen=True)
class Importer:
    """An importer run by `citydiplomacy import <name>`; `importer` is the framework's object,
    `add_arguments(parser)` its own CLI options."""

    name: str
    importer: Any
    add_arguments: Callable[[Any], None] | None = None
    order: int = 100


@dataclass(frozen=True)
class RunKind:
    """Long work the task worker can execute: `execute(run)` does it, reporting progress
    through `core.runs.services.run_progress`; `category` is import, rebuild, report or
    export. Started with `core.runs.services.run_enqueue(name, options, actor)`."""

    name: str
    category: str
    execute: Callable[[Any], None]
    title: str = ""


class InitFailed(Exception):
    """An init step could not complete; its message says what to fix."""


@dataclass(frozen=True)
class InitStep:
    """A step of `citydiplomacy init`, run in order after the migrations: `run(options,
    actor)` loads what the app needs (idempotent: a second run changes nothing) and returns
    lines saying what it did, or raises InitFailed. `add_arguments(parser)` gives it its own
    options; `starter` steps are skipped with --no-starter-data."""

    name: str
    run: Callable[[dict[str, Any], Any], list[str]]
    add_arguments: Callable[[Any], None] | None = None
    starter: bool = False
    order: int = 100


# ------------------------------------------------------------------------ profile pages


@dataclass
class PanelData:
    """What a panel adds to a profile page: keys of the page's data (and its JSON twin),
    figures for the page's counts, and the cited records whose sources the page lists."""

    data: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    cited: list[Any] = field(default_factory=list)
    # One-line facts for the page's summary: {"text": ..., "url": ...} (url may be empty).
    summary: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ProfilePanel:
    """A section of the home page, of a city's, country's or organisation's page, or of an
    office's dashboard (`target`; on the home page `obj` is None).

    `data(obj, request)` returns PanelData, or None to leave the panel out (a private panel
    returns None for anyone who is not a member). `template` renders it with the page's context.
    """

    name: str
    target: str  # "home", "city", "country", "organisation" or "office"
    data: Callable[[Any, Any], PanelData | None]
    template: str = ""
    order: int = 100
    private: bool = False


# "office" is an office's dashboard: its panels are private by nature, and the dashboard
# itself answers only the office's members.
PROFILE_TARGETS = ("home", "city", "country", "organisation", "office")


# ---------------------------------------------------------------------- office calendar


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a calendar: an all-day event when `start` is a date (`end` then is its
    last day, inclusive), a timed one when it is a datetime. The uid must stay the same for
    the same record, so a calendar application updates the event instead of adding another."""

    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None  # None: a single day (or an instant)
    description: str = ""
    location: str = ""
    url: str = ""


@dataclass(frozen=True)
class CalendarSource:
    """Events of an office's private calendar feed. `events(office, base_url)` yields
    CalendarEvents of the office's own records, or public facts about the office's city; never
    another office's records. `base_url` ("https://host/", or "") makes links absolute."""

    name: str
    events: Callable[[Any, str], Iterable[CalendarEvent]]
    order: int = 100


# ------------------------------------------------------------------------ personal data


@dataclass(frozen=True)
class PersonalDataHandler:
    """Where one kind of office record holds a person's data.

    `export(subject)` returns the records that name the person (JSON-ready lists by key);
    `erase(subject, actor)` unlinks and redacts them through recorded writes. A subject has
    `office_id`, `record` (the contact), `needles` and `pattern` (see contacts.erasure).
    `example(contact, actor)` makes a record of the handler's kind that names the person, so
    the generated export and erasure tests cover every handler.
    """

    name: str
    export: Callable[[Any], dict[str, Any]]
    erase: Callable[[Any, Any], None]
    example: Callable[[Any, Any], Any]
    order: int = 100


# -------------------------------------------------------------------------- privacy


@dataclass(frozen=True)
class PrivatePath:
    url: str
    member_sees: bool = True  # a viewer of the record's office finds the record there
    outsider: tuple[int, ...] = (404,)  # what an outsider may get (a 302 must go to login)


@dataclass(frozen=True)
class PrivateKind:
    """An office's private record kind, for the privacy matrix every build runs.

    `example(office, actor, marker)` creates one record of the kind in `office` whose text
    carries `marker`; `paths(obj)` lists the record's own pages (HTML, JSON twin, edit and
    other pages that show it). The matrix adds what it can derive from the other
    registrations (API reads and lists, exports, search, options, history) and checks that
    another office's member, an officeless user and an anonymous visitor get nothing on each,
    while a viewer of the office reaches the record where `member_sees`.
    """

    name: str
    model: type[Any]
    example: Callable[[Any, Any, str], Any]
    paths: Callable[[Any], list[PrivatePath]]
    searchable: bool = False  # the site search finds the record by its marker
    order: int = 100


@dataclass(frozen=True)
class PrivacyScope:
    """Who may read private records: registered once, by the app that owns the scopes (the
    offices). `member_scopes(user)` gives the ids of the scopes `user` belongs to (an iterable
    or a subquery), `private_models()` the models whose rows and history are private,
    `scope_id(key)` the id of a scope named by its key (a slug), or None."""

    name: str
    member_scopes: Callable[[Any], Any]
    private_models: Callable[[], list[type[Any]]]
    scope_id: Callable[[str], int | None]
    is_member: Callable[[Any, int], bool]


@dataclass(frozen=True)
class WritePolicy:
    """Who may write records of the models `applies(model)` accepts: `refusal(actor, obj,
    action)` returns why the actor may not (a message), or "" when they may. The write path
    (`core.history.gate`) asks the first policy that applies; without one, writes need a
    registry editor."""

    name: str
    applies: Callable[[type[Any]], bool]
    refusal: Callable[[Any, Any, str], str]
    order: int = 100


@dataclass(frozen=True)
class CityMover:
    """Moves a domain's ties from one city to another: `move(from_id, to_id, actor)` returns
    how many records it moved or merged. A provisional place settled as a gazetteer city
    hands over its ties this way (`geo.settling`) before it is removed; a mover merges what
    would be duplicated (keeping both citations) and records every write."""

    name: str
    move: Callable[[int, int, Any], int]
    order: int = 100


# --------------------------------------------------------------------------- network


@dataclass(frozen=True)
class Edge:
    source: int  # GeoNames id of a city
    target: int | str  # a city's GeoNames id, or another node's key in a bipartite layer
    weight: float = 1.0
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphLayer:
    """A layer of the graph of cities: `edges(as_of, user)` yields Edges of ties in force on
    `as_of` (None: today). A private layer yields only the user's offices' ties and never
    enters a public figure."""

    name: str
    title: str
    edges: Callable[[Any, Any], Iterable[Edge]]
    private: bool = False
    directed: bool = False
    bipartite: bool = False
    order: int = 100


# ------------------------------------------------------------------------- tests' help


@dataclass(frozen=True)
class EntityExample:
    """A valid create payload and a patch for an entity, so the generated API tests (and
    readers of the docs) can exercise it. `payload(context)` may create what it refers to;
    `context` has `actor`, `office` (an office the test's writer edits, for private
    entities), `user` (that writer) and `unique` (a short string unique per call)."""

    name: str  # the entity's name
    payload: Callable[[Any], dict[str, Any]]
    patch: dict[str, Any]


urls: Registry[UrlInclude] = Registry("URL includes")
nav: Registry[NavItem] = Registry("navigation items")
entities: Registry[Any] = Registry("entities")  # core.crud.Entity
api_routers: Registry[ApiRouter] = Registry("API routers")
counts: Registry[Count] = Registry("counts")
search: Registry[SearchProvider] = Registry("search providers")
options: Registry[OptionProvider] = Registry("option providers")
exports: Registry[ExportDataset] = Registry("export datasets")
csv_templates: Registry[CsvTemplate] = Registry("CSV templates")
importers: Registry[Importer] = Registry("importers")
run_kinds: Registry[RunKind] = Registry("run kinds")
init_steps: Registry[InitStep] = Registry("init steps")
profile_panels: Registry[ProfilePanel] = Registry("profile panels")
personal_data: Registry[PersonalDataHandler] = Registry("personal-data handlers")
private_kinds: Registry[PrivateKind] = Registry("private kinds")
privacy: Registry[PrivacyScope] = Registry("privacy scopes")
write_policies: Registry[WritePolicy] = Registry("write policies")
graph_layers: Registry[GraphLayer] = Registry("graph layers")
examples: Registry[EntityExample] = Registry("entity examples")
calendar_sources: Registry[CalendarSource] = Registry("calendar sources")
city_movers: Registry[CityMover] = Registry("city movers")


def panels_for(target: str) -> list[ProfilePanel]:
    if target not in PROFILE_TARGETS:
        raise ValueError(f"No profile {target!r}; choose one of {', '.join(PROFILE_TARGETS)}.")
    return [panel for panel in profile_panels if panel.target == target]


def collect_panels(target: str, obj: Any, request: Any) -> tuple[PanelData, list[dict[str, Any]]]:
    """Every panel's data for `obj`'s page, merged: (data, counts, cited) and the panels
    shown, in order, as {name, template} for the page to include."""
    merged = PanelData()
    shown: list[dict[str, Any]] = []
    for panel in panels_for(target):
        result = panel.data(obj, request)
        if result is None:
            continue
        merged.data.update(result.data)
        merged.counts.update(result.counts)
        merged.cited.extend(result.cited)
        merged.summary.extend(result.summary)
        if panel.template:
            shown.append({"name": panel.name, "template": panel.template})
    return merged, shown
