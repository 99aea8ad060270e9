"""Writes of the monitoring app (realisation per quarter, periods, evidence, bulk entry)."""
