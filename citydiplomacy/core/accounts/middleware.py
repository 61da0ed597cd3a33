"""Bearer-token authentication, so scripts reach the API as a user without a session."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from citydiplomacy.core.accounts.services import token_user
from citydiplomacy.core.accounts.throttling import token_attempts_blocked, token_failed


class TokenAuthenticationMiddleware:
    """Sets request.user from an `Authorization: Bearer <token>` header.

    A request that presents a token the system does not know (or that was revoked) is refused
    outright rather than treated as anonymous, so a script learns its token stopped working.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.auth_via_token = False  # type: ignore[attr-defined]
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            blocked = token_attempts_blocked(request)
            if blocked is not None:
                return blocked
            user = token_user(header[7:].strip())
            if user is None:
                token_failed(request)
                return JsonResponse(
                    {"detail": "The API token is not valid or has been revoked."}, status=401
                )
            request.user = user
            request.auth_via_token = True  # type: ignore[attr-defined]
        return self.get_response(request)
