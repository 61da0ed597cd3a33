"""The project's URL map plus a page that fails, to see the 500 page as a visitor does."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from citydiplomacy.urls import handler500
from citydiplomacy.urls import urlpatterns as project_urls


def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure the visitor must not see")


urlpatterns = [path("failing/", failing), *project_urls]
__all__ = ["handler500", "urlpatterns"]
