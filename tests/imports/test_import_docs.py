"""The docs document every registered importer (in docs/imports.md, or in the page of the
domain that registers it) and every option it declares."""

import argparse
from pathlib import Path

from citydiplomacy.core import extensions

FOLDER = Path(__file__).resolve().parents[2] / "docs"
DOCS = (FOLDER / "imports.md").read_text()
ALL_DOCS = "\n".join(page.read_text() for page in sorted(FOLDER.glob("*.md")))


def test_every_registered_importer_has_a_section():
    missing = [name for name in extensions.importers.names() if f"`{name}`" not in ALL_DOCS]
    assert not missing, f"importers without a section in docs/imports.md: {missing}"


def test_every_option_an_importer_declares_is_documented():
    missing = []
    for entry in extensions.importers:
        if entry.add_arguments is None:
            continue
        parser = argparse.ArgumentParser()
        group = parser.add_argument_group(entry.name)
        entry.add_arguments(group)
        for action in group._group_actions:
            missing += [(entry.name, o) for o in action.option_strings if f"`{o}" not in ALL_DOCS]
    assert not missing, f"options missing from docs/imports.md: {missing}"


def test_the_common_options_of_the_import_command_are_documented():
    for option in ("--report", "--dry-run", "--overrides", "--ignore-coordinates",
                   "--gazetteer", "--geonames-file", "--encoding", "--user"):  # fmt: skip
        assert f"`{option}" in DOCS, option
