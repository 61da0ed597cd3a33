"""schemathesis over every API operation, anonymous and with a token: no 5xx, no answer that
breaks the OpenAPI document (status, content type, body schema). Bounded in time."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.serving.conftest import PASSWORD, ROOT, free_port, stop, wait_for_port

pytestmark = pytest.mark.serving
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SECONDS_PER_IDENTITY = int(os.environ.get("CITYDIPLOMACY_FUZZ_SECONDS", "90"))
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "citydiplomacy.cli", *args],
        cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"citydiplomacy {args}: {done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def server() -> tuple[str, str]:
    if not SCHEMATHESIS.exists():
        pytest.fail(f"{SCHEMATHESIS} is missing: scripts/setup installs it", pytrace=False)
    tmp = Path(tempfile.mkdtemp(prefix="cd-fuzz-"))
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # its own SQLite database: fuzzing writes
    env.update({"PYTHONPATH": str(ROOT), "CITYDIPLOMACY_DATA_DIR": str(tmp)})
    # The anonymous run sends made-up tokens by the thousand; the throttle (tested on its own)
    # would then refuse the second run's real token from the same address.
    env["CITYDIPLOMACY_TOKEN_FAILURE_LIMIT"] = str(10**9)
    _cli(env, "migrate", "--noinput", "-v", "0")
    _cli(env, "createuser", "fuzzer", "--editor", "--password-stdin", stdin=PASSWORD)
    token = _cli(env, "token", "create", "fuzzer", "fuzzing").splitlines()[0].split(": ")[-1]
    port = free_port()
    log = tmp / "server.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "citydiplomacy.cli", "serve", "--port", str(port)],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for_port(port, process, log)
        yield f"http://127.0.0.1:{port}", token.strip()
    finally:
        stop(process)
        shutil.rmtree(tmp, ignore_errors=True)


def _fuzz(base: str, *headers: str) -> None:
    args = [
        str(SCHEMATHESIS), "run", f"{base}/api/openapi.json", "--checks", CHECKS,
        "--max-time", str(SECONDS_PER_IDENTITY), "-n", "20", "--no-shrink", "-w", "2",
        "--phases", "examples,coverage,fuzzing", "--request-timeout", "30",
    ]  # fmt: skip
    for header in headers:
        args += ["-H", header]
    with tempfile.TemporaryDirectory(prefix="cd-fuzz-run-") as workdir:  # its cache stays out
        done = subprocess.run(
            args,
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=SECONDS_PER_IDENTITY * 3 + 120,
            check=False,
        )
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]


def test_fuzzing_every_operation_anonymously_finds_no_5xx_and_no_schema_break(
    server: tuple[str, str],
) -> None:
    _fuzz(server[0])


def test_fuzzing_every_operation_with_a_token_finds_no_5xx_and_no_schema_break(
    server: tuple[str, str],
) -> None:
    base, token = server
    _fuzz(base, f"Authorization: Bearer {token}")
