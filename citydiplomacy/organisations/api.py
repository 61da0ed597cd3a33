"""API of organisations and memberships."""

from citydiplomacy.core.crud import Entity
from citydiplomacy.organisations import inputs
from citydiplomacy.organisations.filtersets import MembershipFilterSet, OrganisationFilterSet
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.schemas import (
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    OrganisationIn,
    OrganisationListOut,
    OrganisationPatch,
)
from citydiplomacy.organisations.selectors import memberships, organisations_with_counts
from citydiplomacy.sources.selectors import with_sources

ORGANISATION = Entity[Organisation](
    name="organisation",
    plural="organisations",
    title="Organisations",
    model=Organisation,
    lookup="slug",
    out_schema=OrganisationListOut,
    in_schema=OrganisationIn,
    patch_schema=OrganisationPatch,
    filterset=OrganisationFilterSet,
    queryset=lambda user: organisations_with_counts().prefetch_related("themes", with_sources()),
    create=inputs.create_organisation,
    update=inputs.update_organisation,
    delete=inputs.delete_organisation,
)

MEMBERSHIP = Entity[Membership](
    name="membership",
    plural="memberships",
    title="Memberships",
    model=Membership,
    lookup="pk",
    out_schema=MembershipOut,
    in_schema=MembershipIn,
    patch_schema=MembershipPatch,
    filterset=MembershipFilterSet,
    queryset=lambda user: memberships(),
    create=inputs.create_membership,
    update=inputs.update_membership,
    delete=inputs.delete_membership,
)
