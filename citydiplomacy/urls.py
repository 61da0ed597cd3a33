"""URL map: each app's pages as it registered them (`extensions.urls`), the REST API under
/api/. No app is named here."""

from django.urls import URLPattern, URLResolver, include, path

from citydiplomacy.core import extensions
from citydiplomacy.core.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    *(path(item.prefix, include(item.module)) for item in extensions.urls),
    path("api/", api.urls),
]
