"""Demo data of Satu Data ("Contoh"), loaded by `kotacerdas seed_demo` / `make run` (core's demo
loader, after the masterplan demo). DEMO ONLY: every Daftar Data entry, dataset, resource,
submission and data request is `is_demo=True` and every title carries "(Contoh)".

- `catalogue` + `catalogue_sectors`: the Daftar Data lines of the real Perangkat Daerah
  (about 225 lines, 12 topics, most keyed by kecamatan or kelurahan codes);
- `tables`: believable, seeded CSV content for each line and period;
- `workflow`: the entries of the previous and current year and their deliveries through the
  real services (published, late, returned, invalid, checked, submitted, missing);
- `public`: public data requests in every state and masterplan indicators linked to datasets.

Idempotent: a second run creates and changes nothing.
"""

from __future__ import annotations

import time

from django.utils.translation import gettext as _


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def load(stdout=None, *, now=None, lines=None) -> dict:
    """Load the Satu Data demo; returns what it created (counts) and any surprise."""
    from kotacerdas.opendata.demo import public, workflow
    from kotacerdas.opendata.demo.catalogue import demo_lines

    started = time.perf_counter()
    ctx = workflow.context(now=now)
    if ctx is None:
        _say(stdout, _("Satu Data contoh dilewati: akun contoh 'walidata' tidak ditemukan."))
        return {}
    workflow.load_catalogue(ctx, demo_lines() if lines is None else lines)
    public.load_requests(ctx)
    public.load_indicator_links(ctx)
    summary = dict(ctx.summary)
    summary["surprises"] = list(ctx.surprises)
    message = _(
        "Satu Data contoh: %(entries)d entri Daftar Data, %(submissions)d kiriman, "
        "%(releases)d rilis, %(requests)d permintaan data, %(links)d tautan indikator dibuat "
        "(%(seconds).1f dtk)."
    )
    _say(
        stdout,
        message
        % {
            "entries": summary.get("entries", 0),
            "submissions": summary.get("submissions", 0),
            "releases": summary.get("releases", 0),
            "requests": summary.get("requests", 0),
            "links": summary.get("links", 0),
            "seconds": time.perf_counter() - started,
        },
    )
    for surprise in ctx.surprises:
        _say(stdout, _("Peringatan Satu Data contoh: %(text)s") % {"text": surprise})
    return summary
