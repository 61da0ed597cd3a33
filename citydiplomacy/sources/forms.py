"""The source form of the web UI."""

from citydiplomacy.core.editing import RecordForm
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.services import SOURCE_EDITABLE, source_create, source_update


class SourceForm(RecordForm):
    create_service = staticmethod(source_create)
    update_service = staticmethod(source_update)
    update_fields = SOURCE_EDITABLE

    class Meta:
        model = Source
        fields = ["key", "title", "kind", "author", "published", "url", "file_name", "note"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["key"].disabled = True
