"""Fixtures for the browser tests: the real app in its own process, and Debian's Chromium.

The app is started the way a user starts it: `citydiplomacy init` in a fresh data directory
(SQLite, the GeoNames gazetteer and the starter data), the tests' own records added through
`citydiplomacy add`, then `citydiplomacy serve` on a free port. Chromium is Debian's
(`scripts/install-browser`); Playwright's own browser download is never used.
"""

import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / ".venv" / "bin" / "citydiplomacy"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The records the tests need beyond the starter data, added through the real CLI.
# São Paulo (GeoNames 3448439) has no membership in the starter data.
FIXTURE_RECORDS = [
    [
        "add",
        "membership",
        "city=3448439",
        "organisation=c40",
        "role=member",
        "joined=2005",
        "--source",
        "seed-004-stren-friendly-mayors",
        "--locator",
        "browser test fixture",
    ],
]

# A name as a user-supplied GeoNames dump could bring it: markup that must stay text. Wolfsburg
# (GeoNames 2807184) gets it, and a partnership with Luton (2643339) puts it on Luton's map.
HOSTILE_CITY = 2807184
HOSTILE_PARTNER = 2643339
HOSTILE_NAME = '<img src=x onerror="window.__hostile=1">Wolfsburg<b>bold</b>'
FIXTURE_RECORDS.append(
    [
        "add",
        "agreement",
        f"city_a={HOSTILE_CITY}",
        f"city_b={HOSTILE_PARTNER}",
        "kind=sister-city",
        "signed=1950",
        "--source",
        "seed-004-stren-friendly-mayors",
        "--locator",
        "browser test fixture",
    ]
)
# Run through `citydiplomacy shell`: the gazetteer is read-only to every command.
HOSTILE_RENAME = (
    "from citydiplomacy.geo.models import City; "
    f"City.objects.filter(pk={HOSTILE_CITY}).update(name={HOSTILE_NAME!r})"
)

# Enough ties for a clustered map: the five largest cities of Chile, each tied to 14 cities of
# Argentina (75 points and 70 lines on Chile's map of ties).
CLUSTER_COUNTRY, CLUSTER_PAIRS = "CL", 70
CLUSTER_TIES = (
    "from citydiplomacy.agreements.services import agreement_record; "
    "from citydiplomacy.core.history.services import Actor; "
    "from citydiplomacy.geo.models import City; "
    "from citydiplomacy.sources.models import Source; "
    "from citydiplomacy.sources.services import CitationSpec; "
    "cite = [CitationSpec(Source.objects.get(key='seed-004-stren-friendly-mayors'), "
    "locator='browser test fixture')]; "
    "home = list(City.objects.filter(country_id='CL').order_by('-population')[:5]); "
    "away = list(City.objects.filter(country_id='AR').order_by('-population')[:70]); "
    "[agreement_record(city_a=home[n // 14], city_b=city, citations=cite, "
    "actor=Actor.system('browser test')) for n, city in enumerate(away)]"
)

# An organisation with enough members for a clustered map: the largest German cities, written
# as an import writes them (the bulk membership writer), in one country so the map's view
# fitted to them is smaller than the world's.
CLUSTER_ORGANISATION, CLUSTER_MEMBERS = "browser-test-network", 400
CLUSTER_MEMBERSHIPS = (
    "from citydiplomacy.core.history.services import Actor; "
    "from citydiplomacy.geo.models import City; "
    "from citydiplomacy.organisations.bulk import MembershipWriter; "
    "from citydiplomacy.organisations.services import organisation_create; "
    "from citydiplomacy.sources.models import Source; "
    "from citydiplomacy.sources.services import CitationSpec; "
    "actor = Actor.system('browser test'); "
    "source = Source.objects.get(key='seed-004-stren-friendly-mayors'); "
    f"network = organisation_create(name='Browser Test Network', slug={CLUSTER_ORGANISATION!r}, "
    "kind='city-network', citations=[CitationSpec(source, locator='browser test fixture')], "
    "actor=actor); "
    "writer = MembershipWriter(actor, source); "
    "cities = City.objects.filter(country_id='DE').order_by('-population')"
    f".values_list('pk', flat=True)[:{CLUSTER_MEMBERS}]; "
    "[writer.add(city=city, organisation=network.pk, role='member', row=n + 1, "
    "locator='browser test fixture') for n, city in enumerate(cities)]; "
    "writer.flush()"
)

INIT_TIMEOUT = 300  # seconds; `init` loads 34,006 cities and takes about 20-30 s
SERVER_START_TIMEOUT = 30
PAGE_TIMEOUT_MS = 15_000

expect.set_options(timeout=PAGE_TIMEOUT_MS)


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    """Fail on CI, skip elsewhere, when Debian's Chromium is not installed."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's Chromium with scripts/install-browser"
    if _ci():
        pytest.fail(f"{message} (CI is set, so the browser tests must run)", pytrace=False)
    pytest.skip(message)


def _app_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The browser tests always run on SQLite in their own data directory.
    env.pop("DATABASE_URL", None)
    env.pop("CITYDIPLOMACY_PRODUCTION", None)  # no HTTPS redirect on the test server
    env["CITYDIPLOMACY_DATA_DIR"] = str(data_dir)
    # The app as a user runs it: the project's settings, not the tests' (which add an app).
    env["DJANGO_SETTINGS_MODULE"] = "citydiplomacy.settings"
    return env


def _cli(env: dict[str, str], *args: str, timeout: float = 120) -> None:
    result = subprocess.run(
        [str(CLI), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`citydiplomacy {' '.join(args)}` exited with {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _start_server(env: dict[str, str], log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start `citydiplomacy serve` on a free port; return the process and its base URL."""
    for _attempt in range(3):  # another process may take the port between pick and bind
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [str(CLI), "serve", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while process.poll() is None and time.monotonic() < deadline:
            if _answers(f"{base_url}/"):
                if process.poll() is None:  # it is our server that answered
                    return process, base_url
                break
            time.sleep(0.2)
        _stop(process)
        if b"Address already in use" not in log_path.read_bytes():
            break
    pytest.fail(
        f"`citydiplomacy serve` did not answer on {base_url} within {SERVER_START_TIMEOUT} s;"
        f" its output:\n{log_path.read_text(errors='replace')}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server() -> Iterator[str]:
    """The base URL of the real app, served by `citydiplomacy serve` from a fresh database."""
    with tempfile.TemporaryDirectory(
        prefix="citydiplomacy-browser-", ignore_cleanup_errors=True
    ) as tmp:
        data_dir = Path(tmp)
        env = _app_env(data_dir)
        _cli(env, "init", "-v0", timeout=INIT_TIMEOUT)
        for record in FIXTURE_RECORDS:
            _cli(env, *record)
        _cli(env, "shell", "-c", HOSTILE_RENAME)
        _cli(env, "shell", "-c", CLUSTER_TIES)
        _cli(env, "shell", "-c", CLUSTER_MEMBERSHIPS)
        process, base_url = _start_server(env, data_dir / "serve.log")
        try:
            yield base_url
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser, app_server: str) -> Iterator[Page]:
    """A fresh page (own cookies) whose relative URLs go to the test server."""
    context = browser.new_context(base_url=app_server, locale="en-GB")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


# --- The international office flow: a second app whose database also holds an office ---

OFFICE_USER = "ana"
OFFICE_PASSWORD = "a long browser-test password 42"
OFFICE_SLUG = "la-international"
VISITING_MAYOR = "Klara Weiss"
# A user of the site who is no member of the office: its records are not theirs to see.
OUTSIDER = "olaf"
# The office's consular post of Germany (in Los Angeles), on its panel of German pages.
CONSULAR_POST = "Consulate general of Germany"
# An office, its editor, and a contact who is the mayor of a partner city (Berlin), made
# through the real CLI as a user would; the password comes from CITYDIPLOMACY_PASSWORD.
OFFICE_RECORDS = [
    ["createuser", OFFICE_USER],
    [
        "office",
        "create",
        OFFICE_SLUG,
        "Los Angeles Mayor's Office of International Affairs",
        "--city",
        "5368361",
        "--admin",
        OFFICE_USER,
    ],
    [
        "add",
        "contact",
        f"office={OFFICE_SLUG}",
        f"name={VISITING_MAYOR}",
        "kind=foreign-official",
        "title=Governing Mayor of Berlin",
        "city=2950159",
        "languages=German, English",
        "--user",
        OFFICE_USER,
    ],
    # Partners of the office's city for its dashboard: Berlin (the contact's city) and
    # Nagoya, with which the office records nothing (so it shows as dormant). Cited to a
    # source that says what it is: a test fixture.
    ["createuser", OUTSIDER],
    [
        "add",
        "consular-post",
        f"office={OFFICE_SLUG}",
        "country=DE",
        "kind=consulate-general",
        "holder_title=Consul General",
        "since=2021",
        "--user",
        OFFICE_USER,
    ],
    ["add", "source", "key=browser-test-fixture", "title=Browser test fixture", "kind=entry"],
    *(
        [
            "add",
            "agreement",
            "city_a=5368361",
            f"city_b={partner}",
            "kind=sister-city",
            "--source",
            "browser-test-fixture",
            "--locator",
            "office browser tests",
        ]
        for partner in (2950159, 1856057)
    ),
]


@pytest.fixture(scope="session")
def office_server() -> Iterator[str]:
    """The base URL of an app served from a fresh database that also holds an office."""
    with tempfile.TemporaryDirectory(
        prefix="citydiplomacy-office-", ignore_cleanup_errors=True
    ) as tmp:
        data_dir = Path(tmp)
        env = {**_app_env(data_dir), "CITYDIPLOMACY_PASSWORD": OFFICE_PASSWORD}
        _cli(env, "init", "-v0", timeout=INIT_TIMEOUT)
        for record in OFFICE_RECORDS:
            _cli(env, *record)
        process, base_url = _start_server(env, data_dir / "serve.log")
        try:
            yield base_url
        finally:
            _stop(process)


@pytest.fixture
def office_page(browser: Browser, office_server: str) -> Iterator[Page]:
    """A fresh page (own cookies) whose relative URLs go to the office's test server."""
    context = browser.new_context(base_url=office_server, locale="en-GB")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()
