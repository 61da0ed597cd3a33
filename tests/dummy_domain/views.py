from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from citydiplomacy.core.pages import PageData, page
from tests.dummy_domain.domain import visible_notes


@page("dummy_domain/note.html")
def note_detail(request: HttpRequest, pk: int) -> PageData:
    note = get_object_or_404(visible_notes(request.user), pk=pk)
    return {"title": note.title, "note": {"id": note.pk, "title": note.title, "text": note.text}}
