"""Writes of the masterplan (services): tree, indicators, imports, reference names."""
