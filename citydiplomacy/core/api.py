"""The REST API: typed operations under /api/, an OpenAPI 3 document and docs at /api/docs.

Errors always come back as JSON with a readable `detail`: 401 when not signed in, 403 when not
allowed, 404 when not found, 409 for a duplicate or an edit conflict, 422 for invalid input.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError

from citydiplomacy import __version__
from citydiplomacy.core import extensions
from citydiplomacy.core.crud import entity_router
from citydiplomacy.core.errors import describe, error_codes, error_messages
from citydiplomacy.core.history.services import EditConflict
from citydiplomacy.core.schemas import ErrorOut

# Error answers any operation may give besides its own, declared on every operation of the
# OpenAPI document so that clients (and the schemathesis run in scripts/test) know them.
COMMON_ERRORS = {
    "400": "The request body could not be read (not JSON, or not UTF-8)",
    "401": "The API token is not valid or has been revoked, or signing in is needed",
    "403": "Not allowed (a role is missing, or the CSRF check of a session write failed)",
    "404": "No such record, or not one you may see",
    "422": "Invalid input: `errors` names each parameter or field and what is wrong",
    "429": "Throttled: wait the Retry-After seconds",
}


class RegistryAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in COMMON_ERRORS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": error}},
                        },
                    )
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "ErrorOut", ErrorOut.model_json_schema()
        )
        return schema


api = RegistryAPI(
    title="citydiplomacy API",
    version=__version__,
    description=(
        "The public registry of city diplomacy and each office's private records, visible "
        "only to the office's members; the operations are grouped by the entity each domain "
        "registers. Reading the registry is open; writing needs a registry editor (or, for "
        "office records, the office editor role), signed in with a session (and CSRF token) "
        "or an API token sent as `Authorization: Bearer ...`."
    ),
    urls_namespace="api",
)


def mount_routers() -> None:
    """Every registered entity's operations and every app's explicit routers."""
    explicit = list(extensions.api_routers)
    for extra in (r for r in explicit if r.order < 100):
        api.add_router(f"/{extra.prefix}", extra.router())
    for entity in extensions.entities:
        api.add_router(f"/{entity.plural}", entity_router(entity))
    for extra in (r for r in explicit if r.order >= 100):
        api.add_router(f"/{extra.prefix}", extra.router())


mount_routers()


@api.exception_handler(MultiPartParserError)
def on_unreadable_upload(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # A multipart body without its boundary, or cut short: the client's error, not ours.
    body = {"detail": f"The upload could not be read: {exc}", "errors": {"file": [str(exc)]}}
    return api.create_response(request, body, status=422)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    status = 409 if error_codes(exc) & {"duplicate", "unique", "unique_together"} else 422
    body = {"detail": describe(exc), "errors": error_messages(exc)}
    return api.create_response(request, body, status=status)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload")]
        errors.setdefault(".".join(location) or "__all__", []).append(str(item.get("msg", "")))
    detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(EditConflict)
def on_conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    body = {
        "detail": exc.message(),
        "current_version": exc.current_version,
        "changes": exc.change_summary(),
    }
    return api.create_response(request, body, status=409)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or "You do not have permission to do this."
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = "Sign in, or send an API token as 'Authorization: Bearer <token>'."
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)
