"""Users: login, logout, API tokens, the first user created from the CLI."""

from typing import Any

from django.apps import AppConfig


def _is_token(model: type[Any]) -> bool:
    from citydiplomacy.core.accounts.models import ApiToken

    return issubclass(model, ApiToken)


def _token_refusal(actor: Any, token: Any, action: str) -> str:
    # A user's tokens are theirs alone to create and revoke.
    if actor.user is not None and actor.user.pk == token.user_id:
        return ""
    return "Only a token's owner can create or revoke it."


class AccountsConfig(AppConfig):
    name = "citydiplomacy.core.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    layer = "core"

    def ready(self) -> None:
        from citydiplomacy.core import extensions as ext

        ext.urls.register(
            ext.UrlInclude("accounts", "citydiplomacy.core.accounts.urls", "accounts/", 90)
        )
        ext.write_policies.register(ext.WritePolicy("api-tokens", _is_token, _token_refusal))
        ext.nav.register(
            ext.NavItem("tokens", "API tokens", "accounts:tokens", order=90, section="user")
        )
