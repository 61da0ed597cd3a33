"""Reading the change history, as far as the visitor may see it.

Change records of an office's private records (`ChangeRecord.private_to`, and the private kinds
registered in `core.extensions.privacy`) are visible only to that office's members; the registry's
history is open to all. API token records are nobody's to browse. A record the visitor may
not see is absent from every list and count, exactly as if it did not exist.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from citydiplomacy.core.accounts.models import ApiToken
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.privacy import member_scope_ids, private_content_type_ids, signed_in


def visible_to(user: Any) -> Q:
    """The change records `user` may see: the registry's, and their own offices'."""
    # A private kind without an office (its office deleted) stays hidden; API token records
    # hold who has which token and its hash, and user records their e-mail addresses, so
    # they are nobody's to browse.
    accounts = ContentType.objects.get_for_models(ApiToken, get_user_model()).values()
    hidden = [*private_content_type_ids(), *(kind.pk for kind in accounts)]
    public = Q(private_to__isnull=True) & ~Q(content_type_id__in=hidden)
    if not signed_in(user):
        return public
    for scope_ids in member_scope_ids(user):
        public |= Q(private_to__in=scope_ids)
    return public


def change_records(user: Any = None) -> QuerySet[ChangeRecord]:
    """Change records visible to `user` (None: an anonymous visitor)."""
    return ChangeRecord.objects.select_related("content_type").filter(visible_to(user))


def content_type_for(label: str) -> ContentType:
    """The content type named `app_label.model`, or Http404."""
    app_label, _, model = label.lower().partition(".")
    found = ContentType.objects.filter(app_label=app_label, model=model).first()
    if found is None:
        raise Http404(f"No kind of record called {label!r}.")
    return found


def history_of(
    content_type: ContentType, object_id: str, user: Any = None
) -> QuerySet[ChangeRecord]:
    return change_records(user).filter(content_type=content_type, object_id=object_id)
