"""URL map: each app's pages as it registered them (`extensions.urls`), the REST API under
/api/. No domain is named here."""

from django.urls import URLPattern, URLResolver, include, path

from citydiplomacy.core import extensions
from citydiplomacy.core.api import api

# The error pages in the site's layout (see site.views.server_error).
handler500 = "citydiplomacy.site.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    *(path(item.prefix, include(item.module)) for item in extensions.urls),
    path("api/", api.urls),
]
