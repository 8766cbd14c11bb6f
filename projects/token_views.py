"""The API tokens page: create a token (its secret is shown once), see yours, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from projects.tokens import token_create, token_list, token_revoke

LIFETIMES = [("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("never", "Never expires")]


class TokenForm(forms.Form):
    expires = forms.ChoiceField(choices=LIFETIMES, initial="90", label="Expires after",
                                help_text="A token that never expires suits a build server; revoke it when done.")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; a POST creates one and shows its secret on this response only."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires"]
        secret = token_create(user=_user(request), expires_in_days=None if expires == "never" else int(expires)).secret
        form = TokenForm()
    context = {"form": form, "tokens": token_list(user=_user(request)), "secret": secret}
    return render(request, "account/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_delete(request: HttpRequest, key: str) -> HttpResponseBase:
    if token_revoke(user=_user(request), key=key):
        messages.success(request, f"Token {key}… revoked: it no longer works.")
    else:
        messages.error(request, "That token does not exist (it may have been revoked already).")
    return redirect("tokens")
