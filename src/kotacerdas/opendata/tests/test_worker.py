"""A real `kotacerdas db_worker` process takes the task that `submission_create` enqueued in
the database (django_tasks_db) and validates and loads the file into the datastore of the same
PostgreSQL test database: the path a producer's upload takes on `make run`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from kotacerdas.core.models import Region
from kotacerdas.core.reference_data import load_regions
from kotacerdas.opendata.datastore import datastore_search
from kotacerdas.opendata.models import ResourceLoadState, Submission, SubmissionStatus
from kotacerdas.opendata.tests.factories import ProducerFactory, WalidataFactory
from kotacerdas.opendata.tests.workflow_support import make_entry, submit

ROOT = Path(__file__).resolve().parents[4]
DEADLINE_SECONDS = 120


def _test_database_url() -> str:
    """DATABASE_URL with the test database's name (pytest-django's `test_...`)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def _worker_env(var_dir: Path, media_root: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KOTACERDAS_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        {
            "DATABASE_URL": _test_database_url(),
            "KOTACERDAS_VAR_DIR": str(var_dir),
            "KOTACERDAS_MEDIA_ROOT": str(media_root),
            "KOTACERDAS_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
            "KOTACERDAS_DEBUG": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _wait_until_processed(submission_id: int, worker: subprocess.Popen, log: Path) -> Submission:
    """Poll the database until the submission leaves 'validating' (or fail at the deadline)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        submission = Submission.objects.get(pk=submission_id)
        if submission.status != SubmissionStatus.VALIDATING:
            return submission
        if worker.poll() is not None:
            submission = Submission.objects.get(pk=submission_id)
            if submission.status != SubmissionStatus.VALIDATING:
                return submission
            pytest.fail(f"db_worker exited ({worker.returncode}):\n{log.read_text()}")
        time.sleep(0.2)  # polling interval, not a wait for a result
    pytest.fail(
        f"the submission was still validating after {DEADLINE_SECONDS} s:\n{log.read_text()}"
    )


@pytest.mark.django_db(transaction=True)
def test_db_worker_process_validates_and_loads_an_enqueued_submission(
    postgres_only, settings, tmp_path
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    load_regions(Region)  # a transactional test may follow another that flushed them
    walidata, producer = WalidataFactory(), ProducerFactory()
    entry = make_entry(walidata, producer.agency)
    submission = submit(producer, entry, "2025-Q1", process=False)  # committed: task enqueued
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.VALIDATING

    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kotacerdas.cli",
                "db_worker",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=_worker_env(tmp_path / "var", Path(settings.MEDIA_ROOT)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            processed = _wait_until_processed(submission.pk, worker, log)
        finally:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)

    assert processed.status == SubmissionStatus.SUBMITTED, log.read_text()
    assert processed.progress == 100
    resource = processed.resource
    resource.refresh_from_db()
    assert resource.load_state == ResourceLoadState.DONE
    assert resource.datastore_active is True
    assert resource.row_count == 3
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{resource.datastore_table}"')
        assert cursor.fetchone()[0] == 3
    rows = datastore_search(resource=resource, sort="kode_kecamatan")
    assert rows["total"] == 3
    assert isinstance(rows["records"][0]["jumlah"], int)  # numbers stored as numbers
