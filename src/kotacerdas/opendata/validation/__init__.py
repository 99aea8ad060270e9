"""Validation of uploaded tables (CSV, XLSX) against a Daftar Data Table Schema, with
frictionless; messages in Indonesian. See `table.validate_table`."""

from .report import MAX_ERROR_DETAILS, RowError, ValidationReport
from .table import validate_table

__all__ = ["MAX_ERROR_DETAILS", "RowError", "ValidationReport", "validate_table"]
