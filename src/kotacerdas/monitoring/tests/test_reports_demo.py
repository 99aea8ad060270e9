"""The demo periodic report request (Contoh)."""

import pytest

from kotacerdas.monitoring.demo import reports
from kotacerdas.monitoring.models import PeriodicReport, ReportStatus

pytestmark = pytest.mark.django_db


def test_demo_queues_one_semester_report_once(settings, tmp_path):
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    from kotacerdas.core.demo import accounts

    accounts.load()
    reports.load()
    reports.load()
    report = PeriodicReport.objects.get()
    assert (report.kind, report.year, report.semester, report.status) == (
        "semester",
        2026,
        1,
        ReportStatus.QUEUED,
    )
    assert report.requested_by.username == "sekretariat"
