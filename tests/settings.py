"""The test suite's settings: the project's own, plus the made-up domain of
tests/dummy_domain (one line, as adding any domain is), and a scratch folder for reports."""

import atexit
import shutil
import tempfile
from pathlib import Path

from citydiplomacy.settings import *  # noqa: F403
from citydiplomacy.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.dummy_domain"]

# Every import run keeps its report: the tests' go to a scratch folder (one per worker),
# not into the checkout's data directory, whose gazetteer cache they do share.
REPORTS_DIR = Path(tempfile.mkdtemp(prefix="cd-test-reports-"))
atexit.register(shutil.rmtree, REPORTS_DIR, True)
