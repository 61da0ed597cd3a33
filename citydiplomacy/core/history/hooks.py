"""Extension points of the write path, which apps fill in their AppConfig.ready().

`before_delete` hooks run inside the transaction of every recorded deletion, before the row
goes: an app whose records refer to the deleted one detaches them there, through its own
recorded updates. This is how a registry organisation or agreement can be deleted without
silently changing (or revealing) an office's private records that mention it.
"""

from collections.abc import Callable

from django.db.models import Model

BeforeDelete = Callable[[Model, object], None]
_BEFORE_DELETE: list[BeforeDelete] = []


def before_delete(hook: BeforeDelete) -> BeforeDelete:
    """Register `hook(obj, actor)` to run before every recorded deletion."""
    if hook not in _BEFORE_DELETE:
        _BEFORE_DELETE.append(hook)
    return hook


def run_before_delete(obj: Model, actor: object) -> None:
    for hook in _BEFORE_DELETE:
        hook(obj, actor)
