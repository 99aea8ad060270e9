"""Pages of `core`, one module per area."""
