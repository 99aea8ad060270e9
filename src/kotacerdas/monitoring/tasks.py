"""Background tasks of `monitoring` (django-tasks). Each takes ids and is idempotent."""

from django_tasks import task


@task()
def report_generate(report_id: int) -> str:
    """Pasal 29: generate a queued periodic report (PDF and DOCX with their SHA-256).

    A report that is done, failed or already running is left alone; asking for it again
    goes through `report_regenerate`, which queues it first.
    """
    from kotacerdas.monitoring.services.reports import report_build

    return report_build(report_id=report_id)
