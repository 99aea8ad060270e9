"""Errors of the datastore (CKAN's `datastore_search` answers a ValidationError for them)."""

from __future__ import annotations


class DatastoreQueryError(Exception):
    """A query naming an unknown field, a bad sort, filter value or aggregate."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class DatastoreLoadError(Exception):
    """A file that cannot be loaded (nothing is left behind)."""
