"""The tokens page: a user lists, creates (shown once) and revokes their own API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from citydiplomacy.core.accounts.models import ApiToken
from citydiplomacy.core.accounts.services import token_create, token_revoke
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.pages import PageData, PageResult, render_page


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. 'nightly sync'.")


def _token_row(token: ApiToken) -> PageData:
    return {
        "id": token.pk,
        "name": token.name,
        "hint": token.hint,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
        "active": token.is_active,
    }


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Your API tokens; a new token's value is shown once, in the answer that creates it."""
    form = TokenForm(request.POST or None)
    created = ""
    if request.method == "POST" and form.is_valid():
        _, created = token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            actor=Actor.from_request(request),
        )
        form = TokenForm()
    data: PageData = {
        "title": "API tokens",
        "tokens": [_token_row(t) for t in ApiToken.objects.filter(user_id=request.user.pk or 0)],
    }
    if created:
        data["new_token"] = created
    status = 400 if form.errors else 200
    html = {"form": form}
    return render_page(
        request, "accounts/tokens.html", PageResult(data, status=status, html_context=html)
    )


@require_POST
@login_required
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of your own tokens (anyone else's is a 404)."""
    token = get_object_or_404(ApiToken, pk=pk, user_id=request.user.pk)
    token_revoke(token, actor=Actor.from_request(request))
    messages.success(request, f"Revoked {token}.")
    return HttpResponseRedirect(reverse("accounts:tokens"))
