"""Editing records in the web UI: one form base and one create/edit/delete view for all.

A `RecordForm` is a ModelForm (so model validation shows as form errors) whose `commit`
calls the app's service function; the views only handle permissions, conflicts and
redirects. Cited records get the citation fields of `sources.citation_forms.CitationFormMixin`.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy

from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.gate import refusal
from citydiplomacy.core.history.models import ChangeAction
from citydiplomacy.core.history.services import Actor, EditConflict


class RemoteSelect(forms.Select):
    """A select that renders only its chosen option; the browser searches the rest remotely.

    Used for cities (tens of thousands) and other long lists: `static/citydiplomacy/app.js`
    turns it into a searchable box that asks the `site:options` URL of `kind` for options.
    """

    def __init__(self, kind: str, attrs: dict[str, Any] | None = None) -> None:
        url = reverse_lazy("site:options", args=[kind])
        super().__init__(attrs={**(attrs or {}), "data-options-url": url})

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        chosen = [v for v in value if v not in (None, "")]
        field = getattr(self.choices, "field", None)
        if not chosen or field is None:
            return []
        key = field.to_field_name or "pk"
        try:
            found = list(field.queryset.filter(**{f"{key}__in": chosen}))
        except (ValueError, TypeError, OverflowError, ValidationError):
            # A value that is no key at all (?city=Berlin) or one too large for the database
            # (SQLite's integers are 64-bit): the field's error says so; the box shows nothing
            # chosen rather than failing the page.
            found = []
        options = [
            self.create_option(name, getattr(obj, key), field.label_from_instance(obj), True, i)
            for i, obj in enumerate(found)
        ]
        return [(None, options, 0)]


class RemoteSelectMultiple(RemoteSelect, forms.SelectMultiple):
    """A RemoteSelect that takes several values (partner cities, participants)."""


class RecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """A form that writes through its app's services; `version` guards concurrent edits.

    Subclasses name `create_service` and `update_service` (called with the form's fields as
    keyword arguments) and `update_fields`, the fields an edit may change.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    create_service: ClassVar[Callable[..., Any]]
    update_service: ClassVar[Callable[..., Any]]
    update_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        else:
            del self.fields["version"]
        self.init_extra(self.instance)

    # Hooks for mixins that add fields the model does not have (sources.citation_forms).
    def init_extra(self, instance: Model) -> None:
        pass

    def clean_extra(self) -> None:
        pass

    def extra_service_values(self, instance: Model | None, actor: Actor) -> dict[str, Any]:
        return {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_extra()
        return data

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}

    def commit(self, actor: Actor) -> Model:
        values = self.service_values()
        adding = self.instance.pk is None
        extra = self.extra_service_values(None if adding else self.instance, actor)
        if adding:
            return type(self).create_service(**values, **extra, actor=actor)  # type: ignore[no-any-return]
        changes = {name: value for name, value in values.items() if name in self.update_fields}
        return type(self).update_service(  # type: ignore[no-any-return]
            self.instance,
            **changes,
            **extra,
            actor=actor,
            expected_version=self.cleaned_data["version"],
        )


def _refusal(request: HttpRequest, obj: Model, action: str) -> str:
    return refusal(Actor.from_request(request), obj, action)


def _deny_or_login(request: HttpRequest, denied: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(denied)


def edit_record(
    request: HttpRequest,
    *,
    form_class: type[RecordForm],
    instance: Model | None,
    title: str,
    success_url: Callable[[Any], str],
    initial: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
    ahead: Model | None = None,
) -> HttpResponse:
    """Show the form; on a valid POST, commit through the service and go to the record.

    Who may is the write gate's answer, asked before the form shows about `ahead` (by default
    the record, or a blank one of the form's model); `form_kwargs` go to the form (e.g. the
    user, whose offices limit its choices).
    """
    if instance is not None:
        refused = _refusal(request, ahead or instance, ChangeAction.UPDATE)
    else:
        refused = _refusal(request, ahead or form_class._meta.model(), ChangeAction.CREATE)
    if refused:
        return _deny_or_login(request, refused)
    form = form_class(
        request.POST or None, instance=instance, initial=initial, **(form_kwargs or {})
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.commit(Actor.from_request(request))
        except EditConflict as conflict:
            form.add_error(None, conflict.message())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved {saved}.")
            return HttpResponseRedirect(success_url(saved))
    status = 400 if form.errors else 200
    return render(request, "editing/form.html", {"form": form, "title": title}, status=status)


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def delete_record(
    request: HttpRequest,
    *,
    instance: Model,
    delete: Callable[[Any, Actor, int | None], None],
    success_url: str,
) -> HttpResponse:
    """Ask for confirmation; on POST, delete through the service (leaving history)."""
    refused = _refusal(request, instance, ChangeAction.DELETE)
    if refused:
        return _deny_or_login(request, refused)
    error, status = "", 200
    if request.method == "POST":
        version = _posted_version(request.POST.get("version", ""))
        if version is None:
            error, status = VERSION_NEEDED, 422
        else:
            try:
                delete(instance, Actor.from_request(request), version)
            except (EditConflict, ValidationError) as problem:
                if isinstance(problem, EditConflict):
                    error = problem.message()
                else:
                    error = describe(problem)
                status = 409
            else:
                messages.success(request, f"Deleted {instance}.")
                return HttpResponseRedirect(success_url)
    context = {"object": instance, "error": error, "title": f"Delete {instance}"}
    return render(request, "editing/confirm_delete.html", context, status=status)


VERSION_NEEDED = (
    "version: the form did not say which version of the record you are deleting; "
    "reload the page and confirm again. Nothing was deleted."
)


def _posted_version(raw: str) -> int | None:
    """The version a delete form sent, or None when it is missing or not a version number."""
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return int(raw) or None


def history_url(instance: Model) -> str:
    label = f"{instance._meta.app_label}.{instance._meta.model_name}"
    return reverse("history:record", args=[label, instance.pk])
