"""The documentation is checked against the code: settings, CLI reference, templates."""

import re
from pathlib import Path

from citydiplomacy.imports.csv_templates import TEMPLATES
from citydiplomacy.site.cli_docs import render

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_of_the_settings_is_documented():
    settings = (ROOT / "citydiplomacy" / "settings.py").read_text()
    names = set(re.findall(r'env_\w+\("([A-Z_]+)"', settings))
    names |= set(re.findall(r'os\.environ(?:\.get)?[\[(]"([A-Z_]+)"', settings))
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"undocumented settings: {missing}"


def test_the_cli_reference_is_generated_from_the_commands():
    reference = (ROOT / "docs" / "cli-reference.md").read_text()
    assert reference == render(), (
        "docs/cli-reference.md is stale: run "
        ".venv/bin/python -m citydiplomacy.site.cli_docs > docs/cli-reference.md"
    )


def test_every_csv_template_column_is_documented():
    documented = (ROOT / "docs" / "data.md").read_text()
    for kind, template in TEMPLATES.items():
        assert f"`{kind}.csv`" in documented
        for column in template.columns:
            assert f"`{column}`" in documented, (kind, column)


def test_the_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "scripts/run" in readme and "scripts/test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test" in ci
