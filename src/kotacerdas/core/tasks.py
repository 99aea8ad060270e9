"""Background tasks of `core` (django-tasks). Each takes ids and is idempotent."""

from django_tasks import task


@task()
def audit_checkpoint_task() -> int:
    """Write a signed audit checkpoint for the current head of the chain."""
    from kotacerdas.core.audit.checkpoints import checkpoint_write

    return checkpoint_write().count


@task()
def notification_email_task(ids: list[int]) -> int:
    """E-mail the pending notifications among `ids`; returns how many were sent.

    Each row is locked and re-checked before sending, so a re-run (or a second worker) never
    sends one twice; a failure is recorded on the row and not retried automatically.
    """
    from kotacerdas.core.services.notifications import notification_email_send

    return notification_email_send(ids=ids)
