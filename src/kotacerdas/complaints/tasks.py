"""Background tasks of `complaints` (django-tasks). Each is idempotent."""

from django_tasks import task


@task()
def complaints_sla_sweep_task() -> dict[str, int]:
    """Run the SLA sweep (warnings, escalations, auto-close, overdue marker) now."""
    from kotacerdas.complaints.services.sla import sla_sweep

    return sla_sweep()._asdict()
