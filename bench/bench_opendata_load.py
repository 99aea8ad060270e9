"""Satu Data: a one-million-row CSV validated (frictionless, reference codes included) and
loaded into a typed datastore table, against the target of the issue (at most 60 s and
500 MB peak memory on PostgreSQL), and compared with a plain `COPY` of the same file.

The work runs in a child process so that its peak resident memory (ru_maxrss) is its own.
`python -m bench.bench_opendata_load` (DATABASE_URL=postgresql://... for PostgreSQL; the
SQLite figures are only indicative). OPENDATA_BENCH_ROWS changes the row count.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("OPENDATA_BENCH_ROWS", "1000000"))
SCHEMA = {
    "fields": [
        {
            "name": "kode_kelurahan",
            "type": "string",
            "constraints": {"required": True},
            "kotacerdas:reference": "kelurahan",
        },
        {"name": "tahun", "type": "integer", "constraints": {"required": True, "minimum": 2000}},
        {"name": "jumlah", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "nilai", "type": "number"},
        {"name": "tanggal", "type": "date"},
        {"name": "keterangan", "type": "string"},
    ]
}


def kelurahan_codes() -> list[str]:
    data = Path(__file__).resolve().parents[1] / "src/kotacerdas/core/data/wilayah.csv"
    with data.open(encoding="utf-8") as handle:
        return [row["kode"] for row in csv.DictReader(handle) if row["tingkat"] == "kelurahan"]


def generate(path: Path, rows: int) -> None:
    codes = kelurahan_codes()
    rng = random.Random(6)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(field["name"] for field in SCHEMA["fields"]) + "\n")
        for i in range(rows):
            handle.write(
                f"{codes[i % len(codes)]},{2020 + i % 6},{rng.randrange(100000)},"
                f"{rng.random() * 1000:.3f},2025-{1 + i % 12:02d}-{1 + i % 28:02d},"
                f"Catatan baris {i}\n"
            )


def child(path: Path) -> None:
    """Validate and load in this process; print the timings as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from kotacerdas.opendata.datastore import datastore_load
    from kotacerdas.opendata.tests.factories import ResourceFactory
    from kotacerdas.opendata.validation import validate_table

    progress_calls = []
    resource_row = ResourceFactory(table_schema=SCHEMA)
    started = time.perf_counter()
    with transaction.atomic():
        report = validate_table(
            path, table_schema=SCHEMA, file_format="csv", progress=progress_calls.append
        )
        validated = time.perf_counter()
        assert report.valid, report.errors[:3]
        count = datastore_load(
            resource=resource_row, path=path, table_schema=SCHEMA, file_format="csv"
        )
        loaded = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT sum(jumlah) FROM "{resource_row.datastore_table}"')
            total_jumlah = cursor.fetchone()[0]
        transaction.set_rollback(True)  # leave the throw-away database small
    print(
        json.dumps(
            {
                "validate": validated - started,
                "load": loaded - validated,
                "rows": report.row_count,
                "loaded": count,
                "sum": int(total_jumlah),
                "progress_calls": len(progress_calls),
                "stats": report.stats,
            }
        )
    )


def plain_copy(path: Path) -> dict[str, float]:
    """`COPY` of the raw bytes into an all-text table and into a typed one (PostgreSQL)."""
    from django.db import connection, transaction

    results = {}
    for label, types in (
        ("text", ["text"] * 6),
        ("typed", ["text", "bigint", "bigint", "numeric", "date", "text"]),
    ):
        columns = ", ".join(
            f"{field['name']} {kind}" for field, kind in zip(SCHEMA["fields"], types, strict=True)
        )
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE TABLE bench_plain_copy ({columns})")
                started = time.perf_counter()
                with (
                    cursor.cursor.copy(
                        "COPY bench_plain_copy FROM STDIN (FORMAT csv, HEADER true)"
                    ) as copy,
                    path.open("rb") as handle,
                ):
                    while chunk := handle.read(1024 * 1024):
                        copy.write(chunk)
                results[label] = time.perf_counter() - started
            transaction.set_rollback(True)
    return results


def child_environment() -> dict[str, str]:
    """The child connects to the throw-away database the parent has just created."""
    from django.db import connection

    env = dict(os.environ)
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + str(name)))
    else:
        env["KOTACERDAS_SQLITE_PATH"] = str(name)
    root = str(Path(__file__).resolve().parents[1])  # the repository, whatever the cwd
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return env


def bench_opendata_load() -> None:
    from django.db import connection

    print(f"Satu Data: {ROWS:,} rows validated (frictionless) and loaded into the datastore")
    if connection.vendor != "postgresql":
        print("  (SQLite: figures only indicative; the target is for PostgreSQL)")
    with tempfile.TemporaryDirectory(prefix="opendata-bench-") as folder:
        path = Path(folder) / "bench.csv"
        started = time.perf_counter()
        generate(path, ROWS)
        size_mb = path.stat().st_size / 1e6
        print(f"  generated {path.name}: {size_mb:.1f} MB in {time.perf_counter() - started:.1f} s")
        connection.close()  # the child opens its own connection
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_opendata_load", "--child", str(path)],
            env=child_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if done.returncode != 0:
            print(done.stdout, done.stderr)
            raise SystemExit("the child process failed")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        total = figures["validate"] + figures["load"]

        def line(label: str, seconds: float) -> None:
            print(f"  {label:<44} {seconds:>7.2f} s {ROWS / seconds:>12,.0f} rows/s")

        line("validate_table (frictionless + codes + stats)", figures["validate"])
        line("datastore_load (typed table)", figures["load"])
        line("total", total)
        print(
            f"  peak memory of the child (ru_maxrss)        {peak_mb:>7.0f} MB"
            f"  (before: {before / 1024:.0f} MB)"
        )
        print(
            f"  rows {figures['rows']:,}, loaded {figures['loaded']:,}, sum(jumlah) "
            f"{figures['sum']:,}, progress callbacks {figures['progress_calls']}, "
            f"completeness {figures['stats']['completeness']}, "
            f"uniqueness {figures['stats']['uniqueness']}"
        )
        target = "met" if total <= 60 and peak_mb <= 500 else "MISSED"
        print(f"  target (<= 60 s, <= 500 MB): {target}")
        if connection.vendor == "postgresql":
            plain = plain_copy(path)
            line("plain COPY of the bytes, all text columns", plain["text"])
            line("plain COPY of the bytes, typed columns", plain["typed"])
            print(
                f"  ratio total / plain typed COPY               {total / plain['typed']:>7.1f} x"
            )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        os.environ.setdefault("KOTACERDAS_TESTING", "1")
        child(Path(sys.argv[2]))
        raise SystemExit(0)
    from bench.standalone import run_alone

    raise SystemExit(run_alone(bench_opendata_load))
