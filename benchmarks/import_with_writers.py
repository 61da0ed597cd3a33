#!/usr/bin/env python3
"""SQLite during an import: 8 API writers while the twin-town list is imported.

A fresh SQLite data directory gets `init`; `citydiplomacy serve` serves it; 8 threads each
create sources through the API (one request after another, with an API token) while
`citydiplomacy import twin-cities` runs in another process, and for as long again without
it (the baseline, same run). Printed: writes, failures (anything but 201), p50, p99 and the
longest wait, with and without the import; and how long the import took. The goal of issue
11 is 0 failures: writers wait for the import's write lock but never fail.

Run: .venv/bin/python benchmarks/import_with_writers.py [--writers 8]
"""

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from _common import PROJECT_DIR, cli_env, fail, machine, percentile, run_cli

DATA = PROJECT_DIR.parent / "shared" / "data" / "hekman-twincities" / "app_public_twin_cities.csv"
PASSWORD = "benchmark password 42 staple"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write(base: str, token: str, key: str) -> tuple[bool, float]:
    body = json.dumps({"key": key, "title": f"Writer {key}", "kind": "entry"}).encode()
    request = urllib.request.Request(
        f"{base}/api/sources/",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            ok = response.status == 201
    except (urllib.error.URLError, OSError):
        ok = False
    return ok, time.perf_counter() - started


def writers(
    base: str, token: str, count: int, label: str, stop: threading.Event
) -> list[tuple[bool, float]]:
    results: list[tuple[bool, float]] = []
    lock = threading.Lock()

    def loop(n: int) -> None:
        i = 0
        while not stop.is_set():
            outcome = write(base, token, f"{label}-{n}-{i}")
            with lock:
                results.append(outcome)
            i += 1

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    stop.wait()
    for thread in threads:
        thread.join()
    return results


def report(label: str, results: list[tuple[bool, float]]) -> None:
    times = [t * 1000 for _, t in results]
    failures = sum(not ok for ok, _ in results)
    print(
        f"  {label:<22} {len(results):>6} {failures:>8} {percentile(times, 0.5):>8.0f} "
        f"{percentile(times, 0.99):>8.0f} {max(times):>8.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--file", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.file.exists():
        print(f"{args.file} is missing; nothing to measure.")
        return
    print(f"Benchmark: {args.writers} API writers during a twin-town import on SQLite")
    print(f"  machine:  {machine()}")
    data_dir = Path(tempfile.mkdtemp(prefix="cd-bench-writers-"))
    env = cli_env(data_dir, None)
    env["PYTHONPATH"] = str(PROJECT_DIR)
    env["CITYDIPLOMACY_PASSWORD"] = PASSWORD
    server = None
    try:
        run_cli(["init", "-v0"], env)
        run_cli(["createuser", "writer", "--editor"], env)
        output, _ = run_cli(["token", "create", "writer", "benchmark"], env)
        token = output.splitlines()[0].split(": ")[-1].strip()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (data_dir / "server.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "citydiplomacy.cli", "serve", "--port", str(port),
             "--threads", str(args.writers * 2)],
            cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/sources/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        stop = threading.Event()
        collected: list[tuple[bool, float]] = []
        runner = threading.Thread(
            target=lambda: collected.extend(writers(base, token, args.writers, "during", stop))
        )
        runner.start()
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "citydiplomacy.cli", "import", "twin-cities", str(args.file),
             "-v0"],
            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        import_seconds = time.perf_counter() - started
        stop.set()
        runner.join()
        during = list(collected)
        if done.returncode != 0:
            raise RuntimeError(f"the import failed:\n{done.stdout}{done.stderr}")
        stop = threading.Event()
        timer = threading.Timer(min(import_seconds, 30), stop.set)
        timer.start()
        alone = writers(base, token, args.writers, "alone", stop)
        print(f"  import:   {import_seconds:.0f} s ({done.stdout.strip().splitlines()[-1]})\n")
        widths = {"writes": 6, "failures": 8, "p50 ms": 8, "p99 ms": 8, "max ms": 8}
        print(f"  {'writers':<22} " + " ".join(f"{c:>{w}}" for c, w in widths.items()))
        report("during the import", during)
        report("alone (baseline)", alone)
        print("\n  goal: 0 failures during the import")
    except Exception as error:
        fail(error)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
