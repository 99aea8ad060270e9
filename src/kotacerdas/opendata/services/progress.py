"""The progress bar of a submission being validated and loaded (issue #6: "a progress bar in
the page" for large files).

The page polls `Submission.progress`. Writes must be visible to the page while the work goes
on, so each is its own small commit:
- outside a transaction (the validation phase), an autocommitted UPDATE on the connection;
- inside the load's transaction on PostgreSQL, an UPDATE on a second connection of its own
  (the load's transaction stays whole: nothing half-loaded is ever visible);
- inside a transaction on SQLite (one writer at a time: a second connection would wait for the
  load's lock), the UPDATE goes through the same connection and shows after the commit.
Not audited: derived, transient data.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connection, connections

from kotacerdas.opendata.models import Submission


class ProgressWriter:
    """Writes a rising percentage (0-100) of one submission; repeated values are skipped."""

    def __init__(self, *, submission_id: int) -> None:
        self.submission_id = submission_id
        self.last = -1
        self._side = None

    def __enter__(self) -> ProgressWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self, percent: float) -> None:
        value = max(0, min(100, int(percent)))
        if value <= self.last:
            return
        self.last = value
        store_progress(self, value)

    def side_connection(self):
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        return self._side

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def store_progress(writer: ProgressWriter, value: int) -> None:
    """One progress write, visible to other connections as soon as possible (see above)."""
    if connection.in_atomic_block and connection.vendor == "postgresql":
        side = writer.side_connection()
        table = side.ops.quote_name(Submission._meta.db_table)
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress = %s WHERE id = %s",
                [value, writer.submission_id],
            )
        return
    Submission.objects.filter(pk=writer.submission_id).update(progress=value)
