"""Pages of contacts and the consular corps (each view is its page's data function).

Every record is read through `offices.visibility`: a visitor who is not a member of the
record's office gets a 404, whether the record exists or not.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from citydiplomacy.contacts.erasure import contact_erase, erasure_refusal
from citydiplomacy.contacts.filtersets import ConsularPostFilterSet, ContactFilterSet
from citydiplomacy.contacts.forms import ConsularPostForm, ContactForm
from citydiplomacy.contacts.schemas import ConsularPostOut, ContactOut
from citydiplomacy.contacts.selectors import (
    contact_export,
    visible_consular_posts,
    visible_contacts,
)
from citydiplomacy.contacts.services import consular_post_delete, contact_delete
from citydiplomacy.core.editing import history_url
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.engagements.schemas import EngagementRef
from citydiplomacy.engagements.selectors import member_engagements
from citydiplomacy.offices.views_editing import edit_office_record, remove_office_record
from citydiplomacy.offices.visibility import (
    can_manage,
    can_write,
    can_write_somewhere,
)

ENGAGEMENTS_SHOWN = 50


@page("contacts/contact_list.html")
def contact_list(request: HttpRequest) -> PageResult:
    result = list_data(
        request,
        title="Contacts",
        filterset_class=ContactFilterSet,
        queryset=visible_contacts(request.user),
        row=lambda contact: dump(ContactOut, contact),
    )
    result.html_context["can_write"] = can_write_somewhere(request.user)
    return result


@page("contacts/contact_detail.html")
def contact_detail(request: HttpRequest, pk: int) -> PageResult:
    contact = get_object_or_404(visible_contacts(request.user), pk=pk)
    engagements = member_engagements(request.user).filter(contacts=contact)
    data: PageData = {
        "title": contact.name,
        "contact": dump(ContactOut, contact),
        "consular_posts": [
            dump(ConsularPostOut, post)
            for post in visible_consular_posts(request.user).filter(holder=contact)
        ],
        "engagement_count": engagements.count(),
        "engagements": [
            {**dump(EngagementRef, e), "kind_label": e.get_kind_display()}
            for e in engagements[:ENGAGEMENTS_SHOWN]
        ],
        "history_url": history_url(contact),
    }
    html = {
        "can_write": can_write(request.user, contact.office_id),
        "can_manage": can_manage(request.user, contact.office_id),
    }
    return PageResult(data, html_context=html)


def contact_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return edit_office_record(
        request,
        visible=visible_contacts(request.user),
        pk=pk,
        form_class=ContactForm,
        new_title="New contact",
        success_url=lambda c: reverse("contacts:detail", args=[c.pk]),
        initial={"office": request.GET.get("office")},
    )


def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return remove_office_record(
        request,
        visible=visible_contacts(request.user),
        pk=pk,
        delete=contact_delete,
        success_url=reverse("contacts:list"),
    )


def contact_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the office holds about the person, as a JSON file (editors and admins)."""
    contact = get_object_or_404(visible_contacts(request.user), pk=pk)
    if not can_write(request.user, contact.office_id):
        raise PermissionDenied("Exporting a person's data needs the office editor or admin role.")
    body = json.dumps(contact_export(contact), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


def contact_erase_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then erase the person on request (office admins)."""
    contact = get_object_or_404(visible_contacts(request.user), pk=pk)
    refused = erasure_refusal(request.user, contact)
    if refused:  # before the confirmation is even shown
        raise PermissionDenied(refused)
    if request.method == "POST":
        contact_erase(contact, actor=Actor.from_request(request))
        messages.success(request, f"Erased contact {pk} and every mention of them.")
        return HttpResponseRedirect(reverse("contacts:list"))
    context = {"title": f"Erase {contact.name}", "contact": contact}
    return render(request, "contacts/contact_erase.html", context)


@page("contacts/post_list.html")
def post_list(request: HttpRequest) -> PageResult:
    """The consular corps of the cities of the visitor's offices."""
    result = list_data(
        request,
        title="Consular corps",
        filterset_class=ConsularPostFilterSet,
        queryset=visible_consular_posts(request.user),
        row=lambda post: dump(ConsularPostOut, post),
    )
    result.html_context["can_write"] = can_write_somewhere(request.user)
    return result


@page("contacts/post_detail.html")
def post_detail(request: HttpRequest, pk: int) -> PageResult:
    post = get_object_or_404(visible_consular_posts(request.user), pk=pk)
    data: PageData = {
        "title": str(post),
        "post": dump(ConsularPostOut, post),
        "history_url": history_url(post),
    }
    return PageResult(data, html_context={"can_write": can_write(request.user, post.office_id)})


def post_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return edit_office_record(
        request,
        visible=visible_consular_posts(request.user),
        pk=pk,
        form_class=ConsularPostForm,
        new_title="New consular post",
        success_url=lambda p: reverse("contacts:post", args=[p.pk]),
        initial={"office": request.GET.get("office"), "holder": request.GET.get("holder")},
    )


def post_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return remove_office_record(
        request,
        visible=visible_consular_posts(request.user),
        pk=pk,
        delete=consular_post_delete,
        success_url=reverse("contacts:posts"),
    )
