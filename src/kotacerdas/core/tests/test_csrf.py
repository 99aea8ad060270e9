"""Every state-changing form of the accounts area refuses a POST without the CSRF token."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from kotacerdas.core.models import ApiToken, AuditEvent
from kotacerdas.core.services.tokens import token_authenticate, token_create
from kotacerdas.core.tests.factories import DEFAULT_PASSWORD, AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_login_without_csrf_token_is_403_and_signs_nobody_in(strict_client):
    UserFactory(username="siti")

    response = strict_client.post(
        reverse("core:login"), {"username": "siti", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session
    assert not AccessAttempt.objects.exists()
    assert not AuditEvent.objects.exists()


def test_login_with_csrf_token_works(strict_client):
    """The control for the test above: the same request with the token succeeds."""
    UserFactory(username="siti")
    strict_client.get(reverse("core:login"))
    token = strict_client.cookies["csrftoken"].value

    response = strict_client.post(
        reverse("core:login"),
        {"username": "siti", "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert "_auth_user_id" in strict_client.session


def test_logout_without_csrf_token_is_403_and_keeps_the_session(strict_client):
    user = UserFactory()
    strict_client.force_login(user)

    response = strict_client.post(reverse("core:logout"))

    assert response.status_code == 403
    assert strict_client.session["_auth_user_id"] == str(user.pk)
    assert not AuditEvent.objects.filter(action="logout").exists()


def test_token_create_page_without_csrf_token_is_403_and_creates_nothing(strict_client):
    strict_client.force_login(UserFactory())

    response = strict_client.post(reverse("core:token_list"), {"name": "x"})

    assert response.status_code == 403
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.exists()


def test_token_revoke_page_without_csrf_token_is_403_and_revokes_nothing(strict_client):
    user = UserFactory()
    token, raw = token_create(actor=user, user=user, name="a")
    strict_client.force_login(user)

    response = strict_client.post(reverse("core:token_revoke", args=[token.pk]))

    assert response.status_code == 403
    assert token_authenticate(raw=raw) == user


def test_language_switch_without_csrf_token_is_403_and_saves_nothing(strict_client):
    user = UserFactory()
    strict_client.force_login(user)

    response = strict_client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.preferred_language == ""


def test_otp_setup_without_csrf_token_is_403_and_confirms_nothing(strict_client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = AdminFactory()
    strict_client.force_login(admin)

    response = strict_client.post(reverse("core:otp_setup"), {"action": "confirm", "token": "1"})

    assert response.status_code == 403
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_api_write_with_session_and_no_csrf_token_is_a_structured_403(strict_client):
    strict_client.force_login(UserFactory())

    response = strict_client.post(
        "/api/v1/me/tokens", data={"name": "x"}, content_type="application/json"
    )

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "permission_denied"
    assert "CSRF" in error["message"]
    assert not ApiToken.objects.exists()


def test_api_write_with_token_needs_no_csrf_token(strict_client):
    user = UserFactory()
    _token, raw = token_create(actor=user, user=user, name="a")

    response = strict_client.post(
        "/api/v1/me/tokens",
        data={"name": "dari skrip"},
        content_type="application/json",
        headers={"Authorization": f"Token {raw}"},
    )

    assert response.status_code == 201
    assert ApiToken.objects.filter(user=user, name="dari skrip").exists()
