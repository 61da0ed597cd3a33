"""Authentication for API writes: an API token, or a browser session with its CSRF token."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security.base import AuthBase
from ninja.utils import check_csrf


class SignedIn(AuthBase):
    """Accepts a request whose user is signed in; session users must pass the CSRF check."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "auth_via_token", False):
            failure = check_csrf(request)
            if failure is not None:
                raise PermissionDenied(
                    "The CSRF check failed: send the csrftoken cookie's value in an "
                    "X-CSRFToken header, or use an API token."
                )
        return request.user


signed_in = SignedIn()
