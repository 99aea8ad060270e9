"""Reads of `sensing`, one module per area (pages, SensorThings, alerts, tracking)."""
