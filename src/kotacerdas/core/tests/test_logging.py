import io
import json
import logging

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from kotacerdas.core.logging import RedactSecretsFilter
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import DEFAULT_PASSWORD, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The configured JSON handler on the root logger, writing into a buffer for the test."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactSecretsFilter) for f in h.filters)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)

    def lines() -> list[str]:
        return [line for line in buffer.getvalue().splitlines() if line.strip()]

    yield lines
    handler.setStream(previous)


def test_a_request_logs_one_json_line(client, log_lines):
    client.get("/healthz", HTTP_X_REQUEST_ID="uji-123")
    records = [json.loads(line) for line in log_lines()]
    requests = [r for r in records if r["logger"] == "kotacerdas.request"]
    assert len(requests) == 1
    record = requests[0]
    assert (record["method"], record["path"], record["status"]) == ("GET", "/healthz", 200)
    assert record["request_id"] == "uji-123"
    assert record["level"] == "INFO"
    assert isinstance(record["duration_ms"], float)


def test_the_query_string_is_not_logged(client, log_lines):
    client.get("/healthz?token=rahasia-di-url-123")
    text = "\n".join(log_lines())
    assert "rahasia-di-url-123" not in text
    assert '"path": "/healthz"' in text


def test_an_authorization_token_never_reaches_the_logs(client, log_lines):
    user = OfficerFactory()
    _token, raw = token_create(actor=user, user=user, name="uji")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer kc_000000000000_salahsalahsalah")
    logging.getLogger("kotacerdas.test").warning("ditolak: Token %s", raw)
    text = "\n".join(log_lines())
    secret = raw.split("_", 2)[2]
    assert secret not in text
    assert "salahsalahsalah" not in text
    assert "[disembunyikan]" in text


def test_a_password_never_reaches_the_logs(log_lines):
    user = OfficerFactory()
    request = RequestFactory().post("/masuk/")
    assert authenticate(request, username=user.username, password="salah-sandi-987") is None
    assert authenticate(request, username=user.username, password=DEFAULT_PASSWORD) == user
    logging.getLogger("kotacerdas.test").info(
        "login", extra={"password": "sandi-di-extra-654", "api_key": "kunci-rahasia-321"}
    )
    lines = log_lines()
    text = "\n".join(lines)
    assert lines  # the attempts and the extra record were logged
    for secret in ("salah-sandi-987", DEFAULT_PASSWORD, "sandi-di-extra-654", "kunci-rahasia-321"):
        assert secret not in text
    record = json.loads(lines[-1])
    assert record["password"] == "[disembunyikan]"
    assert record["api_key"] == "[disembunyikan]"
