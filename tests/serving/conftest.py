"""Real production serving: `serve --production` (gunicorn) behind Debian's nginx with a
self-signed certificate, on a scratch database of its own, sharing a Redis of its own.

nginx, openssl and redis-server come from `scripts/install-production`; outside CI a missing
one skips these tests, on CI it fails them. The scratch database is SQLite in a temporary
directory, or a PostgreSQL database beside the test database when DATABASE_URL names one.
"""

import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from citydiplomacy.site.nginx import NginxSite, scratch_config, self_signed_certificate

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
REDIS = shutil.which("redis-server")
OPENSSL = shutil.which("openssl")
START_TIMEOUT = 60
PASSWORD = "correct horse battery staple 42"


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tools() -> None:
    missing = [
        name
        for name, present in (
            ("nginx", NGINX.exists()),
            ("redis-server", REDIS),
            ("openssl", OPENSSL),
        )
        if not present
    ]
    if not missing:
        return
    message = f"{', '.join(missing)} missing: install them with scripts/install-production"
    if _ci():
        pytest.fail(f"{message} (CI is set, so the serving tests must run)", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"process exited early:\n{log.read_text(errors='replace')}", pytrace=False)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing listened on {port}:\n{log.read_text(errors='replace')}", pytrace=False)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _scratch_database(tmp: Path) -> tuple[str, str | None]:
    """(DATABASE_URL for the servers, PostgreSQL database name to drop afterwards or None)."""
    test_url = os.environ.get("DATABASE_URL", "")
    if not test_url.startswith("postgres"):
        return f"sqlite:///{tmp / 'serving.sqlite3'}", None
    import psycopg

    parts = urlsplit(test_url)
    name = f"{parts.path.lstrip('/') or 'citydiplomacy'}_serving"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _drop_database(name: str) -> None:
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Deployment:
    """nginx on `https_port` in front of one or more app servers; logs in `tmp`."""

    tmp: Path
    env: dict[str, str]
    https_port: int
    http_port: int
    app_ports: list[int]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"https://localhost:{self.https_port}"

    def app_base(self, index: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def cli(self, *args: str, stdin: str = "") -> str:
        result = subprocess.run(
            [sys.executable, "-m", "citydiplomacy.cli", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"citydiplomacy {args}: {result.stdout}{result.stderr}"
        return result.stdout

    def app_log(self, index: int) -> str:
        return (self.tmp / f"app{index}.log").read_text(errors="replace")

    def nginx_log(self) -> str:
        path = self.tmp / "nginx-access.log"
        return path.read_text(errors="replace") if path.exists() else ""


def tls_context() -> ssl.SSLContext:
    """Trusts nothing but checks nothing either: the certificate is our own self-signed one."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
) -> tuple[int, dict[str, str], bytes, list[str]]:
    """(status, headers, body, Set-Cookie values) without following redirects."""
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=tls_context())
    )
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            cookies = response.headers.get_all("Set-Cookie") or []
            return response.status, dict(response.headers.items()), response.read(), cookies
    except urllib.error.HTTPError as error:
        cookies = error.headers.get_all("Set-Cookie") or []
        return error.code, dict(error.headers.items()), error.read(), cookies


@pytest.fixture(scope="module")
def deployment(request: pytest.FixtureRequest) -> Iterator[Deployment]:
    """Two `serve --production` app servers behind one nginx, one database, one Redis."""
    require_tools()
    tmp = Path(tempfile.mkdtemp(prefix="cd-serving-"))
    database_url, pg_name = _scratch_database(tmp)
    redis_port, https_port, http_port = free_port(), free_port(), free_port()
    app_ports = [free_port(), free_port()]
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "CITYDIPLOMACY_DATA_DIR": str(tmp / "data"),
            "CITYDIPLOMACY_PRODUCTION": "1",
            "SECRET_KEY": "serving-test-" + "x" * 50,
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://localhost:{https_port}",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "CITYDIPLOMACY_ACCESS_LOG": "1",
            "LOG_LEVEL": "INFO",
            "SECURE_HSTS_PRELOAD": "0",
        }
    )
    deployment = Deployment(tmp, env, https_port, http_port, app_ports)
    try:
        redis_log = tmp / "redis.log"
        with redis_log.open("wb") as log:
            redis = subprocess.Popen(
                [str(REDIS), "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deployment.processes.append(redis)
        wait_for_port(redis_port, redis, redis_log)
        deployment.cli("migrate", "--noinput", "-v", "0")
        deployment.cli("createuser", "editor", "--editor", "--password-stdin", stdin=PASSWORD)
        for index, port in enumerate(app_ports):
            log_path = tmp / f"app{index}.log"
            with log_path.open("wb") as log:
                app = subprocess.Popen(
                    [sys.executable, "-m", "citydiplomacy.cli", "serve", "--production",
                     "--port", str(port), "--workers", "2"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                )  # fmt: skip
            deployment.processes.append(app)
            wait_for_port(port, app, log_path)
        cert, key = self_signed_certificate(tmp, str(OPENSSL))
        site = NginxSite(
            server_name="localhost",
            certificate=str(cert),
            certificate_key=str(key),
            upstreams=[f"127.0.0.1:{port}" for port in app_ports],
            http_port=http_port,
            https_port=https_port,
            access_log=str(tmp / "nginx-access.log"),
        )
        conf = scratch_config(tmp, site)
        nginx_log = tmp / "nginx-error.log"
        nginx = subprocess.Popen(
            [str(NGINX), "-c", str(conf), "-p", str(tmp)],
            stdout=nginx_log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deployment.processes.append(nginx)
        wait_for_port(https_port, nginx, nginx_log)
        yield deployment
    finally:
        for process in reversed(deployment.processes):
            stop(process)
        if pg_name:
            _drop_database(pg_name)
        shutil.rmtree(tmp, ignore_errors=True)
