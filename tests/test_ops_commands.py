"""The operator's commands: setup, seed_demo, serve and scheduler, run as real processes."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kotacerdas.core.demo import accounts as demo_accounts_module
from kotacerdas.core.management.commands import scheduler
from kotacerdas.core.management.commands.serve import demo_account_lines
from kotacerdas.core.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


def command_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a child `kotacerdas` process with its own SQLite home."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("KOTACERDAS_", "DATABASE_URL", "PORT", "REDIS_URL", "MQTT_URL", "DJANGO_ALLOW_ASYNC")
        )
    }
    env.update(
        {"KOTACERDAS_VAR_DIR": str(var_dir), "KOTACERDAS_DEBUG": "1", "PYTHONUNBUFFERED": "1"}
    )
    env.update(extra)
    return env


def kotacerdas(*args: str, env: dict[str, str], timeout: int = 300):
    return subprocess.run(
        [sys.executable, "-m", "kotacerdas.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_") and name not in {"django_session", "kotacerdas_cache"}
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_output(path: Path, pattern: str, process: subprocess.Popen, seconds: float) -> str:
    """Wait until the child's output matches `pattern` (or it exits, or time runs out)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = path.read_text(errors="replace") if path.exists() else ""
        if re.search(pattern, text):
            return text
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"no {pattern!r} in the output:\n{path.read_text(errors='replace')}")


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@pytest.fixture(scope="module")
def prepared_home(tmp_path_factory):
    """A var/ directory after one `kotacerdas setup --demo`, as `make run` leaves it."""
    var_dir = tmp_path_factory.mktemp("var")
    result = kotacerdas("setup", "--demo", env=command_env(var_dir))
    assert result.returncode == 0, result.stderr
    assert "Persiapan selesai." in result.stdout
    return var_dir


def test_setup_with_demo_twice_changes_nothing(prepared_home):
    database = prepared_home / "kotacerdas.sqlite3"
    before = row_counts(database)
    assert before["django_migrations"] > 0
    assert before["core_agency"] > 0  # reference data came with the migrations
    result = kotacerdas("setup", "--demo", env=command_env(prepared_home))
    assert result.returncode == 0, result.stderr
    assert row_counts(database) == before


def test_setup_in_production_collects_static_files(tmp_path):
    env = command_env(
        tmp_path,
        KOTACERDAS_DEBUG="0",
        KOTACERDAS_SECRET_KEY="uji-" + "x7Qp2" * 12,
        KOTACERDAS_ALLOWED_HOSTS="kotacerdas.example",
    )
    result = kotacerdas("setup", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert (tmp_path / "static" / "vendor" / "htmx" / "htmx.min.js").exists()


def test_serve_runs_web_worker_and_scheduler_and_stops_them_on_sigterm(prepared_home, tmp_path):
    port = free_port()
    output = tmp_path / "serve.log"
    with output.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kotacerdas.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                "1",
            ],
            env=command_env(prepared_home),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        text = wait_for_output(output, r"web \(pid \d+\)", process, 60)
        assert f"http://127.0.0.1:{port}/" in text
        pids = {name: int(pid) for name, pid in re.findall(r"(\w+) \(pid (\d+)\)", text)}
        assert set(pids) == {"db_worker", "scheduler", "web"}
        deadline = time.monotonic() + 60
        while http_status(f"http://127.0.0.1:{port}/readyz") != 200:
            assert time.monotonic() < deadline, output.read_text()
            assert process.poll() is None, output.read_text()
            time.sleep(0.3)
        assert http_status(f"http://127.0.0.1:{port}/bantuan/istilah/") == 200
        wait_for_output(output, r"Penjadwal berjalan", process, 30)
        wait_for_output(output, r"Starting worker", process, 30)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, output.read_text()
    finally:
        if process.poll() is None:
            process.kill()
    text = output.read_text()
    assert "Semua proses sudah berhenti." in text
    assert "Penjadwal berhenti." in text
    for pid in pids.values():
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # stopped and reaped: no such process any more


def test_scheduler_stops_cleanly_on_sigterm(prepared_home, tmp_path):
    output = tmp_path / "scheduler.log"
    with output.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "kotacerdas.cli", "scheduler", "--interval", "60"],
            env=command_env(prepared_home),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_output(output, r"Penjadwal berjalan: setiap 60 menit", process, 60)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert "Penjadwal berhenti." in output.read_text()


# --- the scheduler's rounds, in-process


@pytest.mark.django_db
def test_scheduler_once_runs_every_job_through_call_command(monkeypatch):
    calls = []
    monkeypatch.setattr(
        scheduler,
        "JOBS",
        [scheduler.Job("satu", "check"), scheduler.Job("dua", "check", ("--tag", "models"))],
    )
    monkeypatch.setattr(
        scheduler, "call_command", lambda name, *args, **kw: calls.append((name, args))
    )
    call_command("scheduler", "--once")
    assert calls == [("check", ()), ("check", ("--tag", "models"))]


@pytest.mark.django_db
def test_scheduler_skips_a_job_whose_command_is_missing(monkeypatch, capsys):
    monkeypatch.setattr(scheduler, "JOBS", [scheduler.Job("hilang", "tidak_ada_perintah_ini")])
    call_command("scheduler", "--once")
    assert "perintah 'kotacerdas tidak_ada_perintah_ini' tidak tersedia" in capsys.readouterr().err


@pytest.mark.django_db
def test_scheduler_once_reports_a_failing_job_after_running_the_others(monkeypatch):
    calls = []

    def fake_call(name, *args, **kwargs):
        calls.append(name)
        if name == "check":
            raise RuntimeError("rusak")

    monkeypatch.setattr(
        scheduler, "JOBS", [scheduler.Job("gagal", "check"), scheduler.Job("lain", "migrate")]
    )
    monkeypatch.setattr(scheduler, "call_command", fake_call)
    with pytest.raises(CommandError, match="gagal"):
        call_command("scheduler", "--once")
    assert calls == ["check", "migrate"]


@pytest.mark.django_db
def test_default_jobs_start_with_the_hourly_audit_checkpoint_and_all_exist():
    from django.core.management import get_commands

    assert scheduler.JOBS[0] == scheduler.Job(
        "audit-checkpoint", "audit", ("checkpoint", "--if-older-than", "60")
    )
    names = [job.name for job in scheduler.JOBS]
    assert len(names) == len(set(names))
    assert {"complaints-sla", "institutions-alerts", "lapor-sync"} <= set(names)
    missing = [job.command for job in scheduler.JOBS if job.command not in get_commands()]
    assert missing == []


@pytest.mark.django_db
def test_seed_demo_calls_the_demo_loader(monkeypatch):
    calls = []
    monkeypatch.setattr("kotacerdas.core.demo.load_demo", lambda **kw: calls.append(kw))
    call_command("seed_demo")
    assert len(calls) == 1 and "stdout" in calls[0]


@pytest.mark.django_db
def test_banner_lists_the_demo_accounts_that_exist(monkeypatch):
    monkeypatch.setattr(demo_accounts_module, "DEMO_PASSWORD", "demo-sandi-123", raising=False)
    monkeypatch.setattr(
        demo_accounts_module,
        "demo_accounts",
        lambda: [("demo-admin", "Administrator", "Diskominfostandi"), ("demo-x", "Walidata", "")],
        raising=False,
    )
    UserFactory(username="demo-admin")
    lines = demo_account_lines()
    assert "demo-sandi-123" in lines[0]
    assert lines[1:] == ["  demo-admin               Administrator — Diskominfostandi"]


@pytest.mark.django_db
def test_banner_has_no_demo_accounts_when_none_are_loaded(monkeypatch):
    monkeypatch.setattr(demo_accounts_module, "DEMO_PASSWORD", "demo-sandi-123", raising=False)
    monkeypatch.setattr(
        demo_accounts_module, "demo_accounts", lambda: [("demo-admin", "A", "")], raising=False
    )
    assert demo_account_lines() == []


@pytest.mark.django_db
def test_banner_copes_with_an_accounts_module_without_demo_accounts(monkeypatch):
    monkeypatch.delattr(demo_accounts_module, "demo_accounts", raising=False)
    assert demo_account_lines() == []


@pytest.mark.parametrize("name", ["setup", "seed_demo", "serve", "scheduler"])
def test_help_of_each_command_renders(name):
    from django.core.management import load_command_class

    command = load_command_class("kotacerdas.core", name)
    text = command.create_parser("kotacerdas", name).format_help()
    assert text.startswith(f"usage: kotacerdas {name}")
    assert str(command.help).split()[0] in text
