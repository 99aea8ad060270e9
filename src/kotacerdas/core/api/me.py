"""/api/v1/me: the signed-in account and its API tokens (Foundation item 5)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.models import ApiToken
from kotacerdas.core.services.tokens import NAME_MAX_LENGTH, token_create, token_revoke

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class MeOut(Schema):
    username: str
    name: str
    roles: list[str]
    role_labels: list[str]
    agency: str | None = Field(None, description="Kode Perangkat Daerah, jika ada")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool


class TokenCreateIn(Schema):
    name: str = Field(..., min_length=1, max_length=NAME_MAX_LENGTH)


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="Token mentah; hanya ditampilkan sekali")


def _token_out(token: ApiToken) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "active": token.is_active,
    }


@router.get("", response=MeOut, summary="Akun yang sedang masuk")
def me(request: HttpRequest):
    user = request.auth
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "roles": list(user.roles or []),
        "role_labels": user.role_labels(),
        "agency": user.agency.code if user.agency_id else None,
    }


@router.get("/tokens", response=list[TokenOut], summary="Token API milik akun ini")
def my_tokens(request: HttpRequest):
    tokens = ApiToken.objects.filter(user=request.auth).order_by("-created_at", "-pk")
    return [_token_out(token) for token in tokens]


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Buat token API")
def my_token_create(request: HttpRequest, payload: TokenCreateIn):
    token, raw = token_create(actor=request.auth, user=request.auth, name=payload.name)
    return Status(201, {**_token_out(token), "token": raw})


@router.post("/tokens/{token_id}/revoke", response=TokenOut, summary="Cabut token API")
def my_token_revoke(request: HttpRequest, token_id: int):
    # Another account's token answers 404: its existence is not disclosed.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.auth)
    token = token_revoke(actor=request.auth, token=token)
    return _token_out(token)
