"""Duplicates: find likely duplicates of a case and merge one into its master (issue #5 item 4).

`find_duplicates` looks only at cases received within `days` of the case and, when the case
has a point, inside a bounding box of `radius_m` around it (else in the same kelurahan or
kecamatan), so the query stays bounded. Each candidate is scored by the similarity of the
normalised Indonesian words of title and description (Jaccard over word sets, without common
words and with the usual suffixes cut) and by the distance.

`case_merge` closes the duplicate with outcome `duplicate` and `merged_into` the master; both
timelines record it; the duplicate's reporter gets a plain e-mail (citizens have no account,
so no in-app notification) after commit. From then on the duplicate's tracking page shows the
master's public updates (selectors.public follows `merged_into`).
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from kotacerdas.complaints.models import Case, CaseEventKind, CaseOutcome, CaseState
from kotacerdas.complaints.services.lifecycle.base import (
    before_snapshot,
    commit,
    record,
    require_dispatcher,
    require_version,
)

EARTH_RADIUS_M = 6_371_008.8
MAX_CANDIDATES = 200
MIN_SCORE = 0.3
STOPWORDS = frozenset(
    {
        "yang",
        "di",
        "ke",
        "dari",
        "dan",
        "atau",
        "ini",
        "itu",
        "ada",
        "sudah",
        "belum",
        "akan",
        "sangat",
        "tidak",
        "juga",
        "dengan",
        "untuk",
        "pada",
        "dalam",
        "karena",
        "saya",
        "kami",
        "kita",
        "mereka",
        "dia",
        "ia",
        "tolong",
        "mohon",
        "harap",
        "segera",
        "bapak",
        "ibu",
        "pak",
        "bu",
        "sejak",
        "sekitar",
        "sini",
        "sana",
        "lagi",
        "masih",
        "sering",
        "selalu",
        "bisa",
        "dapat",
        "jadi",
        "oleh",
        "para",
        "agar",
        "supaya",
        "namun",
        "tetapi",
        "tapi",
        "kalau",
        "jika",
        "hari",
        "minggu",
        "bulan",
        "tahun",
        "jl",
        "jalan",
        "rt",
        "rw",
        "no",
        "nomor",
        "kota",
        "bekasi",
        "kelurahan",
        "kecamatan",
        "depan",
        "belakang",
        "samping",
        "dekat",
    }
)
SUFFIXES = ("nya", "kan", "lah", "kah", "an", "i")
WORD = re.compile(r"[a-z0-9]+")


def normalise_words(text: str) -> set[str]:
    """Lower-case words without common words, with the usual Indonesian suffixes cut."""
    words = set()
    for word in WORD.findall((text or "").lower()):
        if word in STOPWORDS or len(word) < 3 or word.isdigit():
            continue
        for suffix in SUFFIXES:
            if len(word) - len(suffix) >= 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        if word not in STOPWORDS:
            words.add(word)
    return words


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the normalised word sets (0..1)."""
    first, second = normalise_words(a), normalise_words(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _text(case: Case) -> str:
    return f"{case.title} {case.description}"


def find_duplicates(case: Case, radius_m: int = 200, days: int = 14) -> list[tuple[Case, float]]:
    """Likely duplicates of `case`, best first: [(other case, score 0..1)]."""
    window = timezone.timedelta(days=days)
    candidates = (
        Case.objects.select_related("category", "kelurahan", "kecamatan")
        .exclude(pk=case.pk)
        .exclude(outcome=CaseOutcome.DUPLICATE)
        .filter(
            merged_into__isnull=True,
            received_at__gte=case.received_at - window,
            received_at__lte=case.received_at + window,
        )
    )
    if case.lat is not None and case.lng is not None:
        dlat = math.degrees(radius_m / EARTH_RADIUS_M)
        dlng = dlat / max(math.cos(math.radians(case.lat)), 0.01)
        candidates = candidates.filter(
            lat__gte=case.lat - dlat,
            lat__lte=case.lat + dlat,
            lng__gte=case.lng - dlng,
            lng__lte=case.lng + dlng,
        )
    elif case.kelurahan_id:
        candidates = candidates.filter(kelurahan_id=case.kelurahan_id)
    elif case.kecamatan_id:
        candidates = candidates.filter(kecamatan_id=case.kecamatan_id)
    else:
        candidates = candidates.filter(category_id=case.category_id)
    text = _text(case)
    scored = []
    for other in candidates.order_by("-received_at")[:MAX_CANDIDATES]:
        similarity = text_similarity(text, _text(other))
        if case.lat is not None and other.lat is not None:
            distance = distance_m(case.lat, case.lng, other.lat, other.lng)
            if distance > radius_m:
                continue
            nearness = 1 - distance / radius_m
        else:
            nearness = 0.5
        score = 0.6 * similarity + 0.3 * nearness
        if other.category_id == case.category_id:
            score += 0.1
        if similarity > 0 and score >= MIN_SCORE:
            scored.append((other, round(min(score, 1.0), 3)))
    scored.sort(key=lambda pair: (-pair[1], pair[0].received_at))
    return scored[:10]


@task()
def merge_notice_email_task(case_id: int) -> bool:
    """E-mail the reporter of a merged duplicate (plain send_mail; citizens have no account)."""
    case = Case.objects.select_related("merged_into").filter(pk=case_id).first()
    if case is None or not case.reporter_email or case.merged_into_id is None:
        return False
    subject = _("Laporan %(number)s digabung dengan laporan %(master)s") % {
        "number": case.tracking_number,
        "master": case.merged_into.tracking_number,
    }
    body = _(
        "Laporan Anda %(number)s sama dengan laporan %(master)s yang sudah ditangani, sehingga "
        "keduanya digabung. Perkembangan penanganan tetap dapat Anda lihat dengan nomor lacak "
        "%(number)s.\n\nPemerintah Kota Bekasi — Call Center 1500444"
    ) % {"number": case.tracking_number, "master": case.merged_into.tracking_number}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [case.reporter_email])
    return True


@transaction.atomic
def case_merge(*, actor: Any, duplicate: Case, into: Case, version: int | None = None) -> Case:
    """Close `duplicate` as a duplicate of `into` (the master)."""
    version = require_version(duplicate, duplicate.version if version is None else version)
    require_dispatcher(actor)
    if duplicate.pk == into.pk:
        raise ValidationError({"into": _("Laporan tidak dapat digabung dengan dirinya sendiri.")})
    if duplicate.state == CaseState.CLOSED:
        raise ValidationError(_("Laporan yang sudah ditutup tidak dapat digabung."))
    if into.merged_into_id:
        raise ValidationError(
            {
                "into": _("Laporan %(into)s sudah digabung ke %(master)s; gabungkan ke sana.")
                % {"into": into.tracking_number, "master": into.merged_into.tracking_number}
            }
        )
    if into.outcome in (
        CaseOutcome.DECLINED_AUTHORITY,
        CaseOutcome.DECLINED_INCOMPLETE,
        CaseOutcome.WITHDRAWN,
    ):
        raise ValidationError(
            {"into": _("Laporan tujuan sudah ditolak atau dicabut; pilih laporan lain.")}
        )
    now = timezone.now()
    before = before_snapshot(duplicate)
    from_state = duplicate.state
    duplicate.state = CaseState.CLOSED
    duplicate.outcome = CaseOutcome.DUPLICATE
    duplicate.merged_into = into
    duplicate.closed_at = now
    duplicate.paused_at = None
    commit(
        actor=actor,
        case=duplicate,
        version=version,
        before=before,
        action="case.merge",
        now=now,
        kind=CaseEventKind.MERGE,
        from_state=from_state,
        note=_("Digabung dengan laporan %(master)s; perkembangannya tampil di sini.")
        % {"master": into.tracking_number},
        data={"into": into.tracking_number},
    )
    record(
        actor=actor,
        case=into,
        before=before_snapshot(into),
        action="case.merge_master",
        now=now,
        kind=CaseEventKind.MERGE,
        note=_("Laporan %(number)s digabung ke laporan ini.")
        % {"number": duplicate.tracking_number},
        data={"duplicate": duplicate.tracking_number},
    )
    # Cases merged into the duplicate follow it to the master.
    Case.objects.filter(merged_into=duplicate).update(merged_into=into)
    if duplicate.reporter_email:
        case_id = duplicate.pk
        transaction.on_commit(lambda: merge_notice_email_task.enqueue(case_id))
    return duplicate
