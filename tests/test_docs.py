"""The documentation is checked against the code: settings, CLI reference, templates."""

import os
import re
import subprocess
import sys
from pathlib import Path

from citydiplomacy.imports.csv_templates import TEMPLATES

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_of_the_settings_is_documented():
    settings = (ROOT / "citydiplomacy" / "settings.py").read_text()
    names = set(re.findall(r'env_\w+\("([A-Z_]+)"', settings))
    names |= set(re.findall(r'os\.environ(?:\.get)?[\[(]"([A-Z_]+)"', settings))
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"undocumented settings: {missing}"


def test_the_cli_reference_is_generated_from_the_commands():
    # Rendered with the project's own settings, as the docs are (the tests add a made-up app).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "citydiplomacy.settings"}
    rendered = subprocess.run(
        [sys.executable, "-m", "citydiplomacy.site.cli_docs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    reference = (ROOT / "docs" / "cli-reference.md").read_text()
    assert reference == rendered, (
        "docs/cli-reference.md is stale: run "
        ".venv/bin/python -m citydiplomacy.site.cli_docs > docs/cli-reference.md"
    )


def test_every_csv_template_column_is_documented():
    documented = (ROOT / "docs" / "data.md").read_text()
    for kind, template in TEMPLATES.items():
        assert f"`{kind}.csv`" in documented
        for column in template.columns:
            assert f"`{column}`" in documented, (kind, column)


def _all_docs() -> str:
    return "\n".join(path.read_text() for path in (ROOT / "docs").glob("*.md"))


def test_every_api_entity_of_the_project_is_documented():
    from citydiplomacy.core import extensions

    documented = _all_docs()
    project = [e for e in extensions.entities if e.model.__module__.startswith("citydiplomacy.")]
    missing = [e.plural for e in project if f"/api/{e.plural}/" not in documented]
    assert not missing, f"entities without a line in docs/api.md: {missing}"


def test_every_importer_is_documented():
    from citydiplomacy.core import extensions
    from citydiplomacy.imports.importers.registry import IMPORTERS

    documented = _all_docs()
    kinds = set(IMPORTERS) | set(extensions.importers.names())
    missing = sorted(kind for kind in kinds if f"`{kind}`" not in documented)
    assert not missing, f"importers without a section in docs/imports.md: {missing}"


def test_the_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "scripts/run" in readme and "scripts/test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test" in ci
