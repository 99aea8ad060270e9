"""A user's own API tokens: list, create (raw token shown once), revoke (Foundation item 5)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from kotacerdas.core.models import ApiToken
from kotacerdas.core.services import tokens as token_services


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama token"),
        max_length=token_services.NAME_MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("Nama token wajib diisi."),
            "max_length": gettext_lazy("Nama token paling panjang %(limit_value)d karakter."),
        },
        help_text=gettext_lazy('Untuk apa token ini dipakai, misalnya "skrip laporan bulanan".'),
    )


@login_required
@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    raw_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, raw_token = token_services.token_create(
                    actor=request.user, user=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("name", message)
            else:
                form = TokenCreateForm()
        if form.errors:
            status = 400
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    # The raw token lives only in this response (never stored, never cached).
    return render(
        request,
        "core/tokens/token_list.html",
        {"tokens": tokens, "form": form, "raw_token": raw_token},
        status=status,
    )


@login_required
@never_cache
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's token is "not found", not "forbidden": its existence is not disclosed.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method == "POST":
        if token.revoked_at is None:
            token_services.token_revoke(actor=request.user, token=token)
            messages.success(request, _("Token “%(name)s” telah dicabut.") % {"name": token.name})
        return redirect("core:token_list")
    return render(request, "core/tokens/token_revoke.html", {"token": token})
