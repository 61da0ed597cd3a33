"""The citation fields of the web forms of cited records: an existing source or a new
document, a page, and the citations to remove. Mixed into `core.editing.RecordForm`
subclasses (`class AgreementForm(CitationFormMixin, RecordForm)`) through its hooks."""

from typing import Any

from django import forms

from citydiplomacy.core.editing import RemoteSelect
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.slugs import unique_slug
from citydiplomacy.sources.models import Citation, CitedModel, Source, SourceKind
from citydiplomacy.sources.services import CitationSpec, source_create


class CitationFormMixin(forms.Form):
    """Where the fact comes from: an existing source or a new document, plus a page."""

    source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        to_field_name="key",
        required=False,
        help_text="A source already in the registry.",
        widget=RemoteSelect("source"),
    )
    new_source_title = forms.CharField(
        required=False, max_length=500, label="…or a new source: title"
    )
    new_source_url = forms.URLField(required=False, label="New source: web address")
    page = forms.CharField(required=False, max_length=50, label="Page or section")
    remove_citations = forms.ModelMultipleChoiceField(
        queryset=Citation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Remove these citations",
    )

    def init_extra(self, instance: Any) -> None:
        field = self.fields["remove_citations"]
        if instance is None or instance.pk is None:
            del self.fields["remove_citations"]
        else:
            field.queryset = instance.citations.select_related("source")  # type: ignore[attr-defined]

    def clean_extra(self) -> None:
        data = self.cleaned_data
        if data.get("new_source_url") and not data.get("new_source_title"):
            self.add_error("new_source_title", "Give the new source a title.")

    def citation_specs(self, instance: CitedModel | None, actor: Actor) -> list[CitationSpec]:
        """The record's citations after this edit: kept ones, plus the one added."""
        data = self.cleaned_data
        removed = {c.pk for c in data.get("remove_citations") or ()}
        specs = []
        if instance is not None and instance.pk is not None:
            specs = [
                CitationSpec(c.source, page=c.page, locator=c.locator, quote=c.quote)
                for c in instance.citations.select_related("source")
                if c.pk not in removed
            ]
        source = data.get("source")
        title = data.get("new_source_title")
        if title:
            source = Source.objects.filter(
                title=title, url=data.get("new_source_url") or ""
            ).first()
            if source is None:
                source = source_create(
                    key=unique_slug(Source, title, field="key"),
                    title=title,
                    kind=SourceKind.DOCUMENT,
                    url=data.get("new_source_url") or "",
                    actor=actor,
                )
        if source is not None:
            specs.append(CitationSpec(source, page=data.get("page") or ""))
        return list({spec.key(): spec for spec in specs}.values())

    def extra_service_values(self, instance: Any, actor: Actor) -> dict[str, Any]:
        return {"citations": self.citation_specs(instance, actor)}
