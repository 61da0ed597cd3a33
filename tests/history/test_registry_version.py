"""The registry version (what cached public pages are keyed on) is bumped by every committed
write, whatever was rolled back on the same connection before it."""

import os
import subprocess
import sys
from pathlib import Path

# Run in a process of its own, on a fresh SQLite database: a test's own transaction never
# commits, and the rolled-back then committed transactions must be outermost ones.
SCRIPT = """
from django.db import transaction
from citydiplomacy.core.history.version import bump_after_commit, current_version

start = current_version()
try:
    with transaction.atomic():
        bump_after_commit()  # a write that is then refused (a protected delete, say)
        raise RuntimeError("refused")
except RuntimeError:
    pass
after_rollback = current_version()
with transaction.atomic():
    bump_after_commit()  # the next write, committed
with transaction.atomic():
    with transaction.atomic():
        bump_after_commit()  # one in a savepoint, then one at the outer level
    bump_after_commit()
print(after_rollback - start, current_version() - start)
"""


def test_a_write_committed_after_a_rolled_back_transaction_bumps_the_version(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "CITYDIPLOMACY_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cli = [sys.executable, "-m", "citydiplomacy.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [*cli, "shell", "-v0", "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["0", "2"]
