"""Where browser tests leave what a reviewer looks at: a screenshot of each key page.

Each test gets its own folder under `var/test-artefacts/` (or under the directory named by
`CITYDIPLOMACY_TEST_ARTEFACTS`), named after the test, so a run's screenshots can be read
next to its report and the next run replaces them.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]


def artefacts_dir(request: pytest.FixtureRequest) -> Path:
    base = Path(os.environ.get("CITYDIPLOMACY_TEST_ARTEFACTS", ROOT / "var" / "test-artefacts"))
    folder = base / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page: Page, request: pytest.FixtureRequest, name: str) -> Path:
    """Save the whole page as `<name>.png` in the test's artefacts folder; return its path."""
    path = artefacts_dir(request) / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
