"""API of agreements."""

from citydiplomacy.agreements import inputs
from citydiplomacy.agreements.filtersets import AgreementFilterSet
from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.schemas import AgreementIn, AgreementOut, AgreementPatch
from citydiplomacy.agreements.selectors import agreements
from citydiplomacy.core.crud import Entity

AGREEMENT = Entity[Agreement](
    name="agreement",
    plural="agreements",
    title="Agreements",
    model=Agreement,
    lookup="pk",
    out_schema=AgreementOut,
    in_schema=AgreementIn,
    patch_schema=AgreementPatch,
    filterset=AgreementFilterSet,
    queryset=lambda user: agreements(),
    create=inputs.create,
    update=inputs.update,
    delete=inputs.delete,
)
