"""Who may see and change an office's private records: the one place that decides.

Every read of office records (pages, JSON twins, the API, search, type-ahead options, exports,
the change history) filters through `visible` or asks `can_read` / `can_write`, so a rule
changed here changes everywhere. Anonymous users belong to no office, and there is no
exception for superusers: an office's records are its members' alone.
"""

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404

from citydiplomacy.offices.models import Office, OfficeMembership, OfficeRecord, OfficeRole

WRITER_ROLES = (OfficeRole.EDITOR, OfficeRole.ADMIN)


def signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.pk)


def member_office_ids(user: Any, roles: tuple[str, ...] = ()) -> "QuerySet[OfficeMembership, Any]":
    """The ids of `user`'s offices (with one of `roles`, when given), as a subquery."""
    if not signed_in(user):
        return OfficeMembership.objects.none().values("office_id")
    rows = OfficeMembership.objects.filter(user_id=user.pk)
    if roles:
        rows = rows.filter(role__in=roles)
    return rows.values("office_id")


def offices_of(user: Any) -> QuerySet[Office]:
    return Office.objects.filter(pk__in=member_office_ids(user))


def writable_offices(user: Any) -> QuerySet[Office]:
    """The offices where `user` is an editor or an admin."""
    return Office.objects.filter(pk__in=member_office_ids(user, WRITER_ROLES))


def role_in(user: Any, office: Office | int | None) -> str | None:
    """`user`'s role in `office`, or None for anyone who is not a member."""
    if not signed_in(user) or office is None:
        return None
    office_id = office if isinstance(office, int) else office.pk
    return (
        OfficeMembership.objects.filter(user_id=user.pk, office_id=office_id)
        .order_by("pk")  # not Meta.ordering, which joins the office and the user
        .values_list("role", flat=True)
        .first()
    )


def can_read(user: Any, office: Office | int | None) -> bool:
    return role_in(user, office) is not None


def require_member(office: Office, user: Any) -> None:
    """For reads of one office's records that filter on the office alone: pages and panels
    that would otherwise nest a membership subquery in each of their queries (costlier than
    the rest of the panel) check once, here, that the visitor is one of its members."""
    if not can_read(user, office):
        # As if it did not exist, like the office's pages: a refusal would tell an outsider
        # that the office is there.
        raise Http404(f"No office {office.slug!r} that you are a member of.")


def can_write(user: Any, office: Office | int | None) -> bool:
    return role_in(user, office) in WRITER_ROLES


def can_manage(user: Any, office: Office | int | None) -> bool:
    return role_in(user, office) == OfficeRole.ADMIN


def can_write_somewhere(user: Any) -> bool:
    return member_office_ids(user, WRITER_ROLES).exists()


def visible[M: Model](queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """The rows of `queryset` (an office record's) that belong to one of `user`'s offices."""
    if not signed_in(user):
        return queryset.none()
    return queryset.filter(office_id__in=member_office_ids(user))


def private_models() -> list[type[Model]]:
    """The models whose rows, and whose change history, only an office's members may see."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, OfficeRecord) or model in (Office, OfficeMembership)
    ]


def private_content_type_ids() -> list[int]:
    """The content types of the private models (cached by Django after the first call)."""
    return [kind.pk for kind in ContentType.objects.get_for_models(*private_models()).values()]


def office_id_for_slug(slug: str) -> int | None:
    return Office.objects.filter(slug=slug).values_list("pk", flat=True).first()


def write_refusal(actor: Any, obj: Model, action: str) -> str:
    """The offices' write policy (see core.history.gate): an office's private records are
    written by its editors and admins; the office and its memberships by its admins, and a
    new office by a site administrator."""
    user = actor.user
    who = user.get_username() if user is not None else "Nobody signed in"
    if isinstance(obj, Office):
        if obj.pk is None or action == "create":
            allowed = bool(user is not None and user.is_superuser)
            need = "a site administrator"
        else:
            allowed = can_manage(user, obj.pk) or bool(user and user.is_superuser)
            need = "the office admin role"
    elif isinstance(obj, OfficeMembership):
        allowed = can_manage(user, obj.office_id) or bool(user and user.is_superuser)
        need = "the office admin role"
    elif getattr(obj, "office_id", None) is None and action == "create":
        # Asked ahead of a creation whose office the input has not named yet
        # (core.history.gate.check_ahead): an editor of some office may go on.
        allowed = can_write_somewhere(user)
        need = "the office editor or admin role in some office"
    else:
        allowed = can_write(user, getattr(obj, "office_id", None))
        need = "the office editor or admin role"
    if allowed:
        return ""
    return (
        f"{who} cannot change this office's records: that needs {need} "
        "(on the command line, give --user)."
    )


def governs(model: type[Model]) -> bool:
    return issubclass(model, OfficeRecord | Office | OfficeMembership)
