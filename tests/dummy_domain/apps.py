"""A made-up domain, added by the test settings only: an office's field notes.

It shows what adding a domain costs: this folder and one line in INSTALLED_APPS (see
tests/settings.py). Its registrations below give it the API and CLI, search, an export, the
privacy matrix and the personal-data export and erasure tests, with no file outside it
naming it (tests/dummy_domain/test_dummy_domain.py checks that).
"""

from django.apps import AppConfig


class DummyDomainConfig(AppConfig):
    name = "tests.dummy_domain"
    label = "dummy_domain"
    verbose_name = "Field notes (test domain)"
    layer = "office"

    def ready(self) -> None:
        from tests.dummy_domain import registrations

        registrations.register()
