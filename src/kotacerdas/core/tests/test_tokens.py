"""API tokens: the service, the `kotacerdas token` command, the API header and the pages."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from kotacerdas.core.models import ApiToken, AuditEvent
from kotacerdas.core.services.tokens import token_authenticate, token_create, token_revoke
from kotacerdas.core.tests.factories import AdminFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

RAW_TOKEN = re.compile(r"^kc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")


def auth_header(raw: str) -> dict[str, str]:
    return {"Authorization": f"Token {raw}"}


# --- service ------------------------------------------------------------------------------


def test_token_create_returns_the_raw_token_once_and_stores_only_a_hash():
    user = UserFactory()

    token, raw = token_create(actor=user, user=user, name="skrip laporan")

    assert RAW_TOKEN.match(raw)
    secret = raw.split("_", 2)[2]
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(secret not in str(value) for value in row.values())
    assert row["secret_hash"] != secret
    assert len(row["secret_hash"]) == 64
    for changes in AuditEvent.objects.values_list("changes", flat=True):
        assert secret not in json.dumps(changes)
    assert AuditEvent.objects.get(action="token.create").changes == {
        "user": user.username,
        "name": "skrip laporan",
        "prefix": token.prefix,
    }


def test_token_authenticate_accepts_the_right_token_and_marks_it_used():
    user = UserFactory()
    token, raw = token_create(actor=user, user=user, name="a")

    assert token_authenticate(raw=raw) == user
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),  # wrong secret
        lambda raw: "xx" + raw[2:],  # wrong scheme prefix
        lambda raw: raw.rsplit("_", 1)[0],  # secret missing
        lambda raw: "kc_000000000000_" + raw.split("_", 2)[2],  # unknown prefix
        lambda raw: "",
        lambda raw: "kc_" + "f" * 5000 + "_x",  # absurdly long
    ],
)
def test_token_authenticate_refuses_wrong_tokens(mangle):
    user = UserFactory()
    _token, raw = token_create(actor=user, user=user, name="a")
    assert token_authenticate(raw=mangle(raw)) is None


def test_token_of_an_inactive_user_is_refused():
    user = UserFactory()
    _token, raw = token_create(actor=user, user=user, name="a")
    user.is_active = False
    user.save()
    assert token_authenticate(raw=raw) is None


def test_token_create_refuses_overlong_name_and_writes_nothing():
    user = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        token_create(actor=user, user=user, name="n" * 101)
    assert "name" in excinfo.value.message_dict
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.exists()


def test_token_create_for_someone_else_is_refused():
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        token_create(actor=other, user=user, name="a")
    assert not ApiToken.objects.exists()


def test_token_revoke_by_owner_is_audited_once():
    user = UserFactory()
    token, raw = token_create(actor=user, user=user, name="a")

    token_revoke(actor=user, token=token)
    token_revoke(actor=user, token=token)

    assert token_authenticate(raw=raw) is None
    assert AuditEvent.objects.filter(action="token.revoke").count() == 1


def test_token_revoke_by_another_user_is_refused_and_changes_nothing():
    user, other = UserFactory(), OfficerFactory()
    token, raw = token_create(actor=user, user=user, name="a")

    with pytest.raises(PermissionDenied):
        token_revoke(actor=other, token=token)

    token.refresh_from_db()
    assert token.revoked_at is None
    assert token_authenticate(raw=raw) == user


def test_administrator_may_revoke_anyones_token():
    user, admin = UserFactory(), AdminFactory()
    token, _raw = token_create(actor=user, user=user, name="a")
    token_revoke(actor=admin, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None


# --- command line ---------------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_create_prints_only_the_raw_token():
    user = UserFactory(username="walidata")

    out, _err = run("create", "walidata", "--name", "sinkron CKAN")

    raw = out.strip()
    assert out == raw + "\n"
    assert RAW_TOKEN.match(raw)
    assert token_authenticate(raw=raw) == user
    assert ApiToken.objects.get().name == "sinkron CKAN"
    assert AuditEvent.objects.get(action="token.create").actor_repr == "cli"


def test_cli_create_for_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match=re.escape("Pengguna 'tidak.ada' tidak ditemukan.")):
        run("create", "tidak.ada")
    assert not ApiToken.objects.exists()


def test_cli_create_with_overlong_name_is_a_clear_error():
    UserFactory(username="walidata")
    with pytest.raises(CommandError, match="paling panjang 100 karakter"):
        run("create", "walidata", "--name", "n" * 101)
    assert not ApiToken.objects.exists()


def test_cli_list_shows_prefix_name_and_status():
    user = UserFactory(username="walidata")
    active, _ = token_create(actor=user, user=user, name="aktif-satu")
    revoked, _ = token_create(actor=user, user=user, name="lama")
    token_revoke(actor=user, token=revoked)

    out, _err = run("list", "walidata")

    lines = sorted(line.split("\t") for line in out.strip().splitlines())
    assert [(row[0], row[1], row[4]) for row in lines] == sorted(
        [(active.prefix, "aktif-satu", "aktif"), (revoked.prefix, "lama", "dicabut")]
    )


def test_cli_revoke_by_prefix():
    user = UserFactory()
    token, raw = token_create(actor=user, user=user, name="a")

    run("revoke", token.prefix)

    assert token_authenticate(raw=raw) is None
    assert AuditEvent.objects.get(action="token.revoke").actor_repr == "cli"


def test_cli_revoke_unknown_prefix_is_a_clear_error():
    with pytest.raises(CommandError, match="tidak ditemukan"):
        run("revoke", "abcdef")


# --- API ------------------------------------------------------------------------------------


def test_api_me_with_token(client):
    officer = OfficerFactory(username="opd.uji", first_name="Siti", last_name="Aminah")
    _token, raw = token_create(actor=officer, user=officer, name="a")

    response = client.get("/api/v1/me", headers=auth_header(raw))

    assert response.status_code == 200
    assert response.json() == {
        "username": "opd.uji",
        "name": "Siti Aminah",
        "roles": ["agency_officer"],
        "role_labels": ["Petugas Perangkat Daerah"],
        "agency": officer.agency.code,
    }


def test_api_accepts_bearer_scheme_too(client):
    user = UserFactory()
    _token, raw = token_create(actor=user, user=user, name="a")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Token kc_000000000000_salah", "Token ", "Basic dXNlcjpwYXNz", "Token tanpa-format"],
)
def test_api_wrong_token_is_a_structured_401(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["message"]


def test_api_revoked_token_is_a_401(client):
    user = UserFactory()
    token, raw = token_create(actor=user, user=user, name="a")
    assert client.get("/api/v1/me", headers=auth_header(raw)).status_code == 200
    token_revoke(actor=user, token=token)

    response = client.get("/api/v1/me", headers=auth_header(raw))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_api_wrong_token_does_not_fall_back_to_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/api/v1/me", headers={"Authorization": "Token kc_0_salah"})
    assert response.status_code == 401


def test_api_me_anonymous_is_a_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_api_me_with_session(client):
    user = UserFactory(username="siti")
    client.force_login(user)
    assert client.get("/api/v1/me").json()["username"] == "siti"


def test_api_session_of_admin_who_has_not_passed_2fa_is_refused(client):
    client.force_login(AdminFactory())
    assert client.get("/api/v1/me").status_code == 401


def test_api_lists_only_own_tokens(client):
    user, other = UserFactory(), UserFactory()
    mine, raw = token_create(actor=user, user=user, name="milik saya")
    token_create(actor=other, user=other, name="milik orang lain")

    response = client.get("/api/v1/me/tokens", headers=auth_header(raw))

    assert response.status_code == 200
    body = response.json()
    assert [(item["id"], item["name"], item["prefix"], item["active"]) for item in body] == [
        (mine.pk, "milik saya", mine.prefix, True)
    ]
    assert "secret_hash" not in body[0]


def test_api_revoke_own_token(client):
    user = UserFactory()
    _auth, raw = token_create(actor=user, user=user, name="dipakai")
    target, target_raw = token_create(actor=user, user=user, name="dicabut")

    response = client.post(f"/api/v1/me/tokens/{target.pk}/revoke", headers=auth_header(raw))

    assert response.status_code == 200
    assert response.json()["active"] is False
    assert token_authenticate(raw=target_raw) is None


def test_api_revoke_another_users_token_is_404_and_changes_nothing(client):
    user, other = UserFactory(), UserFactory()
    _mine, raw = token_create(actor=user, user=user, name="a")
    theirs, theirs_raw = token_create(actor=other, user=other, name="b")
    events_before = AuditEvent.objects.count()

    response = client.post(f"/api/v1/me/tokens/{theirs.pk}/revoke", headers=auth_header(raw))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert token_authenticate(raw=theirs_raw) == other
    assert AuditEvent.objects.count() == events_before


def test_api_create_token_returns_it_once(client):
    user = UserFactory()
    _auth, raw = token_create(actor=user, user=user, name="a")

    response = client.post(
        "/api/v1/me/tokens",
        data={"name": "integrasi"},
        content_type="application/json",
        headers=auth_header(raw),
    )

    assert response.status_code == 201
    new_raw = response.json()["token"]
    assert RAW_TOKEN.match(new_raw)
    assert token_authenticate(raw=new_raw) == user
    listing = client.get("/api/v1/me/tokens", headers=auth_header(raw)).json()
    assert all("token" not in item for item in listing)


# --- pages ----------------------------------------------------------------------------------


def test_token_page_requires_login(client):
    response = client.get(reverse("core:token_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


def test_token_page_creates_and_shows_the_raw_token_once(client):
    user = UserFactory()
    client.force_login(user)

    created = client.post(reverse("core:token_list"), {"name": "laporan bulanan"})

    assert created.status_code == 200
    raw = created.context["raw_token"]
    assert RAW_TOKEN.match(raw)
    assert raw in created.content.decode()
    assert "no-store" in created["Cache-Control"] or "no-cache" in created["Cache-Control"]
    again = client.get(reverse("core:token_list"))
    body = again.content.decode()
    assert raw not in body
    assert "laporan bulanan" in body
    assert ApiToken.objects.get(user=user).name == "laporan bulanan"


def test_token_page_rejects_overlong_name_and_writes_nothing(client):
    client.force_login(UserFactory())

    response = client.post(reverse("core:token_list"), {"name": "n" * 101})

    assert response.status_code == 400
    assert "Nama token paling panjang 100 karakter." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_page_lists_only_own_tokens(client):
    user, other = UserFactory(), UserFactory()
    token_create(actor=other, user=other, name="rahasia orang lain")
    client.force_login(user)
    assert "rahasia orang lain" not in client.get(reverse("core:token_list")).content.decode()


def test_token_revoke_page_asks_before_revoking(client):
    user = UserFactory()
    token, raw = token_create(actor=user, user=user, name="a")
    client.force_login(user)
    url = reverse("core:token_revoke", args=[token.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ya, cabut token" in confirm.content.decode()
    assert token_authenticate(raw=raw) == user  # the GET changed nothing

    done = client.post(url)
    assert done.status_code == 302
    assert done.url == reverse("core:token_list")
    assert token_authenticate(raw=raw) is None


def test_token_revoke_page_for_another_users_token_is_404(client):
    user, other = UserFactory(), UserFactory()
    theirs, raw = token_create(actor=other, user=other, name="b")
    client.force_login(user)
    url = reverse("core:token_revoke", args=[theirs.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert token_authenticate(raw=raw) == other
    assert not AuditEvent.objects.filter(action="token.revoke").exists()


def test_cli_help_lists_the_actions():
    from kotacerdas.core.management.commands.token import Command

    text = Command().create_parser("kotacerdas", "token").format_help()

    assert "create|list|revoke" in text
    assert "Membuat, menampilkan, dan mencabut token API." in text
