"""Run one benchmark module on its own (`python -m bench.bench_<name>`) against the same
throw-away database `python -m bench` uses: `raise SystemExit(run_alone(bench_function))`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def run_alone(*benches: Callable[[], None]) -> int:
    from bench.__main__ import WORKDIR  # noqa: F401  (sets the throw-away database settings)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        for bench in benches:
            bench()
    finally:
        teardown_databases(old_config, verbosity=0)
    sys.stdout.flush()
    return 0
