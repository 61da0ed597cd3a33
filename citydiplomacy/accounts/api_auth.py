"""Authentication for API writes: an API token, or a browser session with its CSRF token."""

from typing import Any

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
                return None
        return request.user


signed_in = SignedIn()
