#!/usr/bin/env python3
"""Load on the production server: req/s, p50 and p99 at 200 connections, beside a static file.

A scratch PostgreSQL database gets `init` and the twin-town list (`import twin-cities` of
../shared/data/hekman-twincities/app_public_twin_cities.csv); `serve --production` (gunicorn,
workers sized to the cores) serves it with Redis as the cache. wrk (Debian's, from
scripts/install-production) then holds 200 keep-alive connections on loopback against each
address for --duration seconds: first a static file served by the same server (the
baseline: what the machine allows without the app), then the Berlin profile, the agreements
list and the API's agreements list, read anonymously (the page cache keyed on the registry
version serves them after the first request).

With --through-nginx, Debian's nginx runs in front with the documented recipe's site
(`citydiplomacy.site.nginx`, TLS with a throw-away certificate, upstream keep-alive) and wrk
speaks HTTPS to nginx: the deployment docs/configuration.md describes, where nginx holds the
client connections and the app server sees a few upstream ones.

The figures are printed beside the goal of issue 11 (p99 under 500 ms, 0 errors). The
machine is shared: the load generator runs on the same cores as the server.

Run: .venv/bin/python benchmarks/serving.py [--duration 60] [--through-nginx]
                                           [--database-url postgres://...]
"""

import argparse
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _common import PROJECT_DIR, cli_env, fail, machine, run_cli

from citydiplomacy.site.nginx import NginxSite, scratch_config, self_signed_certificate

DATA = PROJECT_DIR.parent / "shared" / "data" / "hekman-twincities" / "app_public_twin_cities.csv"
BERLIN = 2950159
TARGETS = [
    ("static file (baseline)", "/static/citydiplomacy/app.js"),
    ("Berlin profile", f"/cities/{BERLIN}/"),
    ("agreements list", "/agreements/"),
    ("API agreements list", "/api/agreements/"),
]
GOAL_P99_MS = 500.0
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/cd_production_bench"
NGINX = Path("/usr/sbin/nginx")
UNVERIFIED = ssl._create_unverified_context()  # the throw-away certificate of --through-nginx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def scratch_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if match is None:
        raise ValueError(f"wrk printed a latency this script cannot read: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output: str) -> dict[str, float]:
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        # Lines of the latency distribution only: "+/- Stdev" figures such as "60.99%" end
        # in the same digits.
        "p50": _milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "p99": _milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "requests": float(re.search(r"(\d+) requests in", output).group(1)),  # type: ignore[union-attr]
    }
    errors = 0.0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(float(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += float(non_2xx.group(1))
    figures["errors"] = errors
    return figures


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited; see its log")
        try:
            url = f"{base}/static/citydiplomacy/app.js"
            with urllib.request.urlopen(url, timeout=2, context=UNVERIFIED):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer within 60 s")


def load(base: str, path: str, connections: int, duration: int) -> dict[str, float]:
    with urllib.request.urlopen(f"{base}{path}", timeout=60, context=UNVERIFIED) as response:
        assert response.status == 200, (path, response.status)  # and the cache is warm
    wrk = shutil.which("wrk")
    assert wrk, "wrk is missing: run scripts/install-production"
    done = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s",
         f"{base}{path}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    try:
        return parse_wrk(done.stdout)
    except (AttributeError, ValueError) as error:
        raise RuntimeError(f"unreadable wrk output for {path} ({error}):\n{done.stdout}") from error


def common_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the benchmarks that run the production server on the twin-town list."""
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--file", type=Path, default=DATA)


def production_env(args: argparse.Namespace, data_dir: Path, prefix: str) -> dict[str, str]:
    env = cli_env(data_dir, args.database_url)
    env.update(
        {
            "REDIS_URL": args.redis_url,
            "CITYDIPLOMACY_CACHE_PREFIX": f"{prefix}-{os.getpid()}",
            "PYTHONPATH": str(PROJECT_DIR),
        }
    )
    return env


def load_twin_towns(args: argparse.Namespace, env: dict[str, str]) -> float:
    """A scratch database with `init` and the twin-town list; returns the seconds it took."""
    scratch_database(args.database_url)
    started = time.perf_counter()
    run_cli(["init", "-v0"], env)
    run_cli(["import", "twin-cities", str(args.file), "-v0"], env)
    return time.perf_counter() - started


def start_cli(
    args: list[str], data_dir: Path, env: dict[str, str], name: str
) -> subprocess.Popen[bytes]:
    """`citydiplomacy <args>` in the background, its output in `<name>.log`."""
    log = (data_dir / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "citydiplomacy.cli", *args],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def start_proxy(app_port: int, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Debian's nginx with the recipe's site in front of the app server on `app_port`;
    returns the process and the HTTPS address wrk should load."""
    if not NGINX.exists():
        raise RuntimeError(f"{NGINX} is missing: run scripts/install-production")
    cert, key = self_signed_certificate(data_dir)
    https_port = free_port()
    site = NginxSite(
        server_name="localhost 127.0.0.1",
        certificate=str(cert),
        certificate_key=str(key),
        upstreams=[f"127.0.0.1:{app_port}"],
        http_port=free_port(),
        https_port=https_port,
    )
    # As many workers as cores, as Debian's own nginx.conf has it (worker_processes auto).
    conf = scratch_config(data_dir, site, workers="auto")
    log = (data_dir / "nginx.log").open("wb")
    proxy = subprocess.Popen(
        [str(NGINX), "-c", str(conf), "-p", str(data_dir)], stdout=log, stderr=subprocess.STDOUT
    )
    return proxy, f"https://127.0.0.1:{https_port}"


def measure_targets(base: str, args: argparse.Namespace) -> None:
    """Load each address in turn and print its figures beside the static file's."""
    print(f"  {'address':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  ratio")
    baseline = None
    for label, path in TARGETS:
        figures = load(base, path, args.connections, args.duration)
        baseline = baseline or figures["rps"]
        goal = "" if path.startswith("/static/") else (
            "  ok" if figures["p99"] < GOAL_P99_MS and not figures["errors"] else "  MISSED"
        )  # fmt: skip
        print(
            f"  {label:<26} {figures['rps']:>8.0f} {figures['p50']:>8.1f} "
            f"{figures['p99']:>8.1f} {figures['errors']:>7.0f}  "
            f"{figures['rps'] / baseline:>4.2f}x static{goal}"
        )
    print(f"\n  goal: p99 < {GOAL_P99_MS:.0f} ms and 0 errors at {args.connections} connections")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="Seconds per address.")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument(
        "--through-nginx", action="store_true", help="Load nginx (HTTPS) in front of the server."
    )
    common_arguments(parser)
    args = parser.parse_args()
    if not args.file.exists():
        print(f"{args.file} is missing; nothing to measure.")
        return
    print(f"Benchmark: serve --production under load\n  machine:  {machine()}")
    data_dir = Path(tempfile.mkdtemp(prefix="cd-bench-serving-"))
    env = production_env(args, data_dir, "bench-serving")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        seconds = load_twin_towns(args, env)
        print(f"  data:     init + twin-town list imported in {seconds:.0f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        processes.append(
            start_cli(["serve", "--production", "--port", str(port)], data_dir, env, "server")
        )
        wait_until_up(base, processes[0])
        if args.through_nginx:
            proxy, base = start_proxy(port, data_dir)
            processes.append(proxy)
            wait_until_up(base, proxy)
        workers = 2 * (os.cpu_count() or 1) + 1
        front = "nginx (HTTPS, upstream keep-alive 32) in front of " if args.through_nginx else ""
        print(
            f"  server:   {front}gunicorn, {workers} workers x 2 threads; wrk "
            f"{args.connections} connections for {args.duration} s per address\n"
        )
        measure_targets(base, args)
    except Exception as error:
        fail(error)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)
        drop_database(args.database_url)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
