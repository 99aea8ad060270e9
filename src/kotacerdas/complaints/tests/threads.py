"""Run callables at the same moment on their own database connections (PostgreSQL tests)."""

import threading

from django.db import connection


def run_together(*targets) -> tuple[list, list[BaseException]]:
    """Start every target at once; return (results, errors) — errors are not lost in threads."""
    start = threading.Barrier(len(targets))
    results: list = []
    errors: list[BaseException] = []

    def run(target):
        try:
            start.wait()
            results.append(target())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
