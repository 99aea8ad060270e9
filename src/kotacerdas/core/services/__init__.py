"""Writes of `core`: each function atomic and audited (ARCHITECTURE.md, rules of the house)."""
