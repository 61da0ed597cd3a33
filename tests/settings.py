"""The test suite's settings: the project's own, plus the made-up domain of
tests/dummy_domain (one line, as adding any domain is)."""

from citydiplomacy.settings import *  # noqa: F403
from citydiplomacy.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.dummy_domain"]
