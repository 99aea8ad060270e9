"""Reads of the masterplan (selectors): tree, indicators, reference data."""
