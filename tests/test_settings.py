"""Production settings: `kotacerdas check --deploy` passes with the variables the README lists."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("KOTACERDAS_", "DATABASE_URL", "REDIS_URL", "MQTT_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        )
    }
    env.update(
        {
            "KOTACERDAS_DEBUG": "0",
            "KOTACERDAS_SECRET_KEY": secrets.token_urlsafe(50),
            "KOTACERDAS_ALLOWED_HOSTS": "smartcity.bekasikota.go.id",
            "KOTACERDAS_CSRF_TRUSTED_ORIGINS": "https://smartcity.bekasikota.go.id",
            "KOTACERDAS_VAR_DIR": str(tmp_path),
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kotacerdas.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_without_warnings_with_the_production_variables(tmp_path):
    result = check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_fails_on_a_weak_secret_key(tmp_path):
    result = check_deploy(production_env(tmp_path, KOTACERDAS_SECRET_KEY="pendek"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["KOTACERDAS_SECRET_KEY"]
    result = check_deploy(env)
    assert result.returncode != 0
    assert "KOTACERDAS_SECRET_KEY is required" in result.stderr
