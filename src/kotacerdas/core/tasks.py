"""Background tasks of `core` (django-tasks). Each takes ids and is idempotent."""

from django_tasks import task


@task()
def audit_checkpoint_task() -> int:
    """Write a signed audit checkpoint for the current head of the chain."""
    from kotacerdas.core.audit.checkpoints import checkpoint_write

    return checkpoint_write().count
