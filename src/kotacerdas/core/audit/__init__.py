"""The tamper-evident audit chain (Pasal 27(2)b): recording, verifying, checkpoints."""
