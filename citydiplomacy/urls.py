"""URL map: each app's pages, the REST API under /api/, accounts under /accounts/."""

from django.urls import include, path

from citydiplomacy.api import api
from citydiplomacy.core import extensions

urlpatterns = [
    path("", include("citydiplomacy.site.urls")),
    path("", include("citydiplomacy.geo.urls")),
    path("", include("citydiplomacy.organisations.urls")),
    path("agreements/", include("citydiplomacy.agreements.urls")),
    path("", include("citydiplomacy.people.urls")),
    path("sources/", include("citydiplomacy.sources.urls")),
    path("history/", include("citydiplomacy.core.history.urls")),
    path("imports/", include("citydiplomacy.imports.urls")),
    path("accounts/", include("citydiplomacy.core.accounts.urls")),
    path("", include("citydiplomacy.offices.urls")),
    path("", include("citydiplomacy.contacts.urls")),
    path("", include("citydiplomacy.engagements.urls")),
    # Apps registered through core.extensions (those not listed above).
    *[path(item.prefix, include(item.module)) for item in extensions.urls],
    path("api/", api.urls),
]
