"""Reads of `core`, with agency scoping."""
