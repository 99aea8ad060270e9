"""Demo data of `complaints` ("Contoh"), loaded by `kotacerdas seed_demo` (core's demo loader).

Categories with Open311 codes and attributes, URC units (the demo account `urc.damkar` joins
the Damkar unit), a year of generated cases (is_demo=True, titles marked "(Contoh)") and the
routing model trained on them. Idempotent: what exists is kept; a second run creates nothing.
The cases are written in bulk with one audit event for the whole batch.
"""

from __future__ import annotations

import random
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.demo import cases as generated
from kotacerdas.complaints.demo.reference import (
    agencies_by_code,
    load_categories,
    load_urc_units,
)
from kotacerdas.complaints.models import Case, RoutingModel
from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import User

DEMO_ACTOR = "seed_demo"
DEMO_CASES = 3000
SEED = 32_2021


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def load(stdout=None, *, count: int = DEMO_CASES, now=None) -> dict[str, int]:
    started = time.perf_counter()
    with transaction.atomic():
        agencies = agencies_by_code()
        units, new_units = load_urc_units(agencies)
        categories, new_categories = load_categories(agencies, units)
        summary = {"urc_units": new_units, "categories": new_categories, "cases": 0}
        areas = generated.kelurahan_areas()
        if areas and not Case.objects.filter(is_demo=True).exists():
            ctx = generated.Context(
                now=now or timezone.now(),
                rng=random.Random(SEED),
                categories=categories,
                agencies=agencies,
                units=units,
                areas=areas,
                verifier=User.objects.filter(username="callcenter").first(),
            )
            summary.update(generated.generate(ctx, count))
            audit_record(
                actor=DEMO_ACTOR,
                action="demo.load",
                object_type="complaints.Case",
                object_id="demo",
                object_repr="Laporan masyarakat contoh",
                changes=summary,
            )
    if summary["cases"] and not RoutingModel.objects.filter(is_active=True).exists():
        from kotacerdas.complaints.routing.train import routing_retrain

        model, evaluation = routing_retrain(actor=DEMO_ACTOR)
        summary["routing_version"] = model.version
        message = _("Model rute v%(version)d: akurasi top-1 %(top1).1f%%, top-3 %(top3).1f%%.")
        _say(
            stdout,
            message
            % {
                "version": model.version,
                "top1": evaluation.accuracy_top1 * 100,
                "top3": evaluation.accuracy_top3 * 100,
            },
        )
    message = _(
        "Pengaduan contoh: %(categories)d kategori, %(units)d URC, %(cases)d laporan dibuat "
        "(%(seconds).1f dtk)."
    )
    _say(
        stdout,
        message
        % {
            "categories": summary["categories"],
            "units": summary["urc_units"],
            "cases": summary["cases"],
            "seconds": time.perf_counter() - started,
        },
    )
    return summary
