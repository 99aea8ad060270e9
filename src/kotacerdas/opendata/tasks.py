"""Background tasks of `opendata` (django-tasks). Each takes ids and is idempotent."""

from django_tasks import task


@task()
def process_submission(*, submission_id: int) -> str:
    """Validate and load a submitted file (does nothing unless it is still validating)."""
    from kotacerdas.opendata.services.submissions import submission_process

    submission = submission_process(submission_id=submission_id)
    return submission.status if submission else ""
