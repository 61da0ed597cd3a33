"""API of sources."""

from citydiplomacy.core.crud import Entity
from citydiplomacy.sources import inputs
from citydiplomacy.sources.filtersets import SourceFilterSet
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.schemas import SourceIn, SourceOut, SourcePatch

SOURCE = Entity[Source](
    name="source",
    plural="sources",
    title="Sources",
    model=Source,
    lookup="key",
    out_schema=SourceOut,
    in_schema=SourceIn,
    patch_schema=SourcePatch,
    filterset=SourceFilterSet,
    queryset=lambda user: Source.objects.all(),
    create=inputs.create,
    update=inputs.update,
    delete=inputs.delete,
)
