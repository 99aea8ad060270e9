"""/api/v1/me: bad input is answered with the structured error and nothing is written."""

from __future__ import annotations

import pytest

from kotacerdas.core.models import ApiToken, AuditEvent
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/me/tokens"


@pytest.fixture
def api(client):
    """A client whose requests carry a valid token; `written()` counts rows written since."""
    user = UserFactory()
    _token, raw = token_create(actor=user, user=user, name="penguji")
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {raw}"
    client.user = user
    baseline = (ApiToken.objects.count(), AuditEvent.objects.count())
    client.written = lambda: (
        ApiToken.objects.count() - baseline[0],
        AuditEvent.objects.count() - baseline[1],
    )
    return client


def post_raw(client, body: str, content_type: str = "application/json"):
    return client.generic("POST", TOKENS, body.encode(), content_type=content_type)


@pytest.mark.parametrize(
    "body", ['{"name": "x"', "{name: 'x'}", "bukan json", '{"name": "x"}}', "\xff"]
)
def test_malformed_json_is_a_structured_400_and_writes_nothing(api, body):
    response = post_raw(api, body)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == {
        "code": "malformed_json",
        "message": "Isi permintaan bukan JSON yang sah.",
    }
    assert api.written() == (0, 0)


@pytest.mark.parametrize("body", ["[]", '"nama"', "42", "null", "{}", '{"nama": "x"}'])
def test_json_of_the_wrong_shape_is_a_structured_422_and_writes_nothing(api, body):
    response = post_raw(api, body)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert api.written() == (0, 0)


def test_overlong_token_name_is_422_and_writes_nothing(api):
    response = api.post(TOKENS, data={"name": "n" * 101}, content_type="application/json")

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "Data yang dikirim tidak valid."
    assert any("name" in detail["loc"] for detail in error["details"])
    assert api.written() == (0, 0)


def test_token_name_of_exactly_the_limit_is_accepted(api):
    response = api.post(TOKENS, data={"name": "n" * 100}, content_type="application/json")
    assert response.status_code == 201
    assert api.written() == (1, 1)


def test_empty_token_name_is_422_and_writes_nothing(api):
    response = api.post(TOKENS, data={"name": ""}, content_type="application/json")
    assert response.status_code == 422
    assert api.written() == (0, 0)


def test_blank_token_name_gets_the_default_name(api):
    # Blank after trimming: the service names it "Token API" rather than store blanks.
    response = api.post(TOKENS, data={"name": "   "}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["name"] == "Token API"


def test_wrong_type_in_path_is_422(api):
    response = api.post(f"{TOKENS}/bukan-angka/revoke")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_unknown_token_id_is_404(api):
    response = api.post(f"{TOKENS}/999999/revoke")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert api.written() == (0, 0)


def test_me_endpoints_are_documented_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/me", "/api/v1/me/tokens", "/api/v1/me/tokens/{token_id}/revoke"} <= set(paths)
