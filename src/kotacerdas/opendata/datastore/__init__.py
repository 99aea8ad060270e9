"""The datastore: one typed SQL table per tabular resource (CKAN's DataStore), loaded from
a validated file, searched like CKAN's `datastore_search`, exported, compared, aggregated."""

from .diff import datastore_diff
from .errors import DatastoreLoadError, DatastoreQueryError
from .export import datastore_export_response
from .load import datastore_drop, datastore_load
from .search import MAX_LIMIT, datastore_aggregate, datastore_rows, datastore_search

__all__ = [
    "MAX_LIMIT",
    "DatastoreLoadError",
    "DatastoreQueryError",
    "datastore_aggregate",
    "datastore_diff",
    "datastore_drop",
    "datastore_export_response",
    "datastore_load",
    "datastore_rows",
    "datastore_search",
]
