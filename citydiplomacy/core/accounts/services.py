"""Creating users and API tokens; revoking tokens."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from citydiplomacy.core.accounts.models import ApiToken, hash_token, new_token_value
from citydiplomacy.core.accounts.permissions import REGISTRY_EDIT
from citydiplomacy.core.history.models import ChangeAction
from citydiplomacy.core.history.services import (
    Actor,
    create_recorded,
    record_change,
    update_recorded,
)


def _user_values(user: User) -> dict[str, object]:
    # What the history keeps of a user: never the password or its hash.
    return {
        "username": user.get_username(),
        "email": user.email,
        "is_superuser": user.is_superuser,
        "registry_editor": user.has_perm(REGISTRY_EDIT),
    }


def user_create(
    *,
    username: str,
    password: str,
    email: str = "",
    registry_editor: bool = False,
    superuser: bool = False,
    actor: Actor | None = None,
) -> User:
    """Create a user (recorded in the history); the password must pass Django's validators."""
    user_model = get_user_model()
    user = user_model(username=username, email=email, is_superuser=superuser, is_staff=superuser)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    actor = actor or Actor.system("createuser")
    with transaction.atomic():
        user.set_password(password)
        user.save()
        record_change(
            actor=actor,
            obj=user,
            action=ChangeAction.CREATE,
            before=None,
            after=_user_values(user),
            version=None,
        )
        if registry_editor and not superuser:
            registry_editor_grant(user, actor=actor)
    return user


def registry_editor_grant(user: User, *, actor: Actor) -> None:
    """Let `user` edit the shared registry; the grant is recorded in the history."""
    before = _user_values(user)
    app_label, codename = REGISTRY_EDIT.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    # has_perm caches the user's permissions: read them afresh for the record.
    fresh = get_user_model().objects.get(pk=user.pk)
    record_change(
        actor=actor,
        obj=fresh,
        action=ChangeAction.UPDATE,
        before=before,
        after=_user_values(fresh),
        version=None,
    )


def token_create(*, user: User, name: str, actor: Actor) -> tuple[ApiToken, str]:
    """Create a token; the value is returned once and only its hash is stored."""
    value = new_token_value()
    token = ApiToken(user=user, name=name, hint=value[:10], key_hash=hash_token(value))
    create_recorded(token, actor=actor)
    return token, value


def token_revoke(token: ApiToken, *, actor: Actor) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        update_recorded(token, actor=actor, expected_version=None)


def token_user(value: str) -> User | None:
    """The active user whose unrevoked token this is, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(value), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
