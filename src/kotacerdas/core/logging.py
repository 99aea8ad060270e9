"""Log filters: keep secrets out of the structured logs."""

from __future__ import annotations

import logging
import re

SECRET_KEYS = re.compile(r"(password|passwd|secret|token|authorization|api[_-]?key|otp)", re.I)
TOKEN_IN_TEXT = re.compile(r"(Token\s+|kc_)[A-Za-z0-9_\-]{8,}")
REDACTED = "[disembunyikan]"


class RedactSecretsFilter(logging.Filter):
    """Replaces values of secret-looking keys and token-looking text with a marker."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in list(record.__dict__.items()):
            if SECRET_KEYS.search(key) and isinstance(value, str | bytes):
                record.__dict__[key] = REDACTED
        if isinstance(record.msg, str):
            record.msg = TOKEN_IN_TEXT.sub(lambda m: m.group(1) + REDACTED, record.msg)
        if record.args:
            record.args = tuple(
                TOKEN_IN_TEXT.sub(lambda m: m.group(1) + REDACTED, a) if isinstance(a, str) else a
                for a in (record.args if isinstance(record.args, tuple) else (record.args,))
            )
        return True
