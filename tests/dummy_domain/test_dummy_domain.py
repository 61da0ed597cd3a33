"""Adding a domain touches nothing outside it: the field notes are registered from their own
folder only, and the generated suites (API, privacy matrix, personal data) pick them up."""

import subprocess
from pathlib import Path

from citydiplomacy.core import extensions

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def test_the_generated_suites_cover_the_new_domain():
    assert "field-note" in extensions.entities
    assert "field-note" in extensions.examples
    assert "field-note" in extensions.private_kinds
    assert "field-notes" in extensions.personal_data
    assert "field-notes" in extensions.exports
    assert "field_notes" in extensions.search


def test_no_file_outside_the_domain_names_it_but_the_line_that_installs_it():
    # Code only: docs/architecture.md points newcomers to this folder as a worked example.
    named = subprocess.run(
        [
            "git",
            "grep",
            "--untracked",
            "-l",
            "-i",
            "-E",
            "dummy_domain|field.?note",
            "--",
            ".",
            ":!*.md",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    outside = [name for name in named if not (ROOT / name).resolve().is_relative_to(HERE)]
    assert outside == ["tests/settings.py"]
