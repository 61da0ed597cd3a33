"""Every registry and office list offers the column choice: its table names the list (the
key its choice is remembered under) and every header a column, with a label to show in the
menu; some wide or secondary columns are hidden until chosen. The choosing itself runs in
the browser (tests/browser/test_lists_and_navigation.py)."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

REGISTRY_LISTS = {
    "/cities/": "cities",
    "/countries/": "countries",
    "/agreements/": "agreements",
    "/organisations/": "organisations",
    "/memberships/": "memberships",
    "/people/": "people",
    "/sources/": "sources",
    "/practices/": "practices",
    "/commitments/": "commitments",
    "/imports/": "import-runs",
}
OFFICE_LISTS = {
    "/engagements/": "engagements",
    "/follow-ups/": "follow-ups",
    "/contacts/": "contacts",
    "/consular-posts/": "consular-posts",
    "/visits/": "visits",
    "/gifts/": "gifts",
    "/history/": "changes",
}


class ListTable(HTMLParser):
    """The chooser key of the page's list table and its headers: (column, hidden by default,
    label)."""

    def __init__(self) -> None:
        super().__init__()
        self.key: str | None = None
        self.headers: list[tuple[str | None, bool, str]] = []
        self._in_table = self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "table" and named.get("data-testid") == "list-table":
            self._in_table = True
            self.key = named.get("data-column-chooser")
        elif self._in_table and tag == "thead":
            self._in_head = True
        elif self._in_head and tag == "th":
            hidden = "data-hidden-by-default" in named
            self.headers.append((named.get("data-column"), hidden, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data: str) -> None:
        if self._in_head and self.headers:
            column, hidden, label = self.headers[-1]
            self.headers[-1] = (column, hidden, label + data.strip())


def list_table(html: str) -> ListTable:
    parser = ListTable()
    parser.feed(html)
    return parser


def assert_choosable(html: str, key: str) -> ListTable:
    table = list_table(html)
    assert table.key == key
    columns = [column for column, _hidden, _label in table.headers]
    assert columns and all(columns), f"a header without data-column: {table.headers}"
    assert len(set(columns)) == len(columns)
    assert all(label for _column, _hidden, label in table.headers), table.headers
    # At least one column stays shown by default, so a first visit never shows an empty table.
    assert not all(hidden for _column, hidden, _label in table.headers)
    return table


@pytest.mark.parametrize(("path", "key"), REGISTRY_LISTS.items())
def test_each_registry_list_offers_a_column_choice(client, path, key):
    response = client.get(path)
    assert response.status_code == 200
    assert_choosable(response.content.decode(), key)


@pytest.mark.parametrize(("path", "key"), OFFICE_LISTS.items())
def test_each_office_list_offers_a_column_choice(login, la_admin, la_records, path, key):
    response = login(la_admin).get(path)
    assert response.status_code == 200
    assert_choosable(response.content.decode(), key)


def test_wide_columns_are_hidden_until_chosen(client):
    headers = list_table(client.get("/organisations/").content.decode()).headers
    hidden = {column for column, is_hidden, _label in headers if is_hidden}
    assert hidden == {"themes"}


def test_the_dashboards_follow_up_tables_are_not_a_remembered_list(login, la_admin, la_records):
    # The dashboard's open and overdue follow-ups share the list's table but not its choice:
    # hiding a column of the follow-up list must not hide it on the dashboard.
    office = la_records.engagement.office
    html = login(la_admin).get(f"/offices/{office.slug}/").content.decode()
    assert la_records.follow_up.what in html
    assert 'data-column-chooser="follow-ups"' not in html
