"""SP4N-LAPOR! payload <-> case fields (the table is in the README, "SP4N-LAPOR! field mapping").

A LAPOR! report becomes the keyword arguments of `case_submit`; a public timeline event of a
LAPOR!-origin case becomes a follow-up for LAPOR!. Nothing here writes to the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    Case,
    CaseEvent,
    CaseOutcome,
    CaseState,
    CaseType,
    Category,
    Privacy,
)
from kotacerdas.core.models import Region
from kotacerdas.core.models.regions import RegionLevel

# LAPOR! statuses of the assumed contract.
VERIFIKASI = "verifikasi"  # belum diverifikasi
DISPOSISI = "disposisi"  # diteruskan ke instansi
TINDAK_LANJUT = "tindak_lanjut"  # sedang ditindaklanjuti
SELESAI = "selesai"
ARSIP = "arsip"  # ditolak / diarsipkan
LAPOR_STATUSES = (VERIFIKASI, DISPOSISI, TINDAK_LANJUT, SELESAI, ARSIP)

STATE_TO_LAPOR = {
    CaseState.RECEIVED: VERIFIKASI,
    CaseState.VERIFIED: DISPOSISI,
    CaseState.DISPATCHED: DISPOSISI,
    CaseState.IN_PROGRESS: TINDAK_LANJUT,
    CaseState.RESOLVED: SELESAI,
}
CLOSED_DONE = (CaseOutcome.CONFIRMED, CaseOutcome.AUTO_CLOSED)

CLASSIFICATION_TO_TYPE = {
    "pengaduan": CaseType.COMPLAINT,
    "aspirasi": CaseType.ASPIRATION,
    "permintaan_informasi": CaseType.INFORMATION,
    "informasi": CaseType.INFORMATION,
}

# LAPOR! category (its id or its name, compared in lower case) -> our Category.code.
# A LAPOR! category whose slug equals one of our codes needs no line here. Anything else falls
# back to FALLBACK_CATEGORY_CODE, which the verifier re-categorises.
CATEGORY_MAP: dict[str, str] = {
    "infrastruktur": "jalan-rusak",
    "jalan dan jembatan": "jalan-rusak",
    "pekerjaan umum dan penataan ruang": "jalan-rusak",
    "lingkungan hidup dan kehutanan": "sampah",
    "kebersihan": "sampah",
    "persampahan": "sampah",
    "banjir": "banjir",
    "sumber daya air": "banjir",
    "penerangan jalan umum": "pju",
    "perhubungan": "perhubungan",
    "kesehatan": "kesehatan",
    "pendidikan dan kebudayaan": "pendidikan",
    "kependudukan dan catatan sipil": "kependudukan",
    "ketentraman, ketertiban umum, dan perlindungan masyarakat": "ketertiban",
    "sosial": "sosial",
}
FALLBACK_CATEGORY_CODE = "lainnya"
PUBLIC_INSTANSI = "Pemerintah Kota Bekasi"


class LaporPayloadError(ValueError):
    """A report that cannot become a case (missing or malformed fields)."""


@dataclass
class MappedReport:
    lapor_id: str
    category_key: str  # the LAPOR! category as sent, for the mapping table
    fields: dict[str, Any]  # keyword arguments of case_submit (without category)
    attachments: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the mapping could not place


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _norm(name: str) -> str:
    name = name.lower()
    name = re.sub(r"^(kelurahan|kel\.|kecamatan|kec\.)\s*", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


class RegionIndex:
    """Kelurahan of Kota Bekasi by Kemendagri code and by (normalised) name or alias."""

    def __init__(self) -> None:
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in Region.objects.filter(level=RegionLevel.KELURAHAN).select_related("parent"):
            self.by_code[region.code] = region
            for name in {region.name, region.alias}:
                if name:
                    self.by_name.setdefault(_norm(name), []).append(region)

    def kelurahan(self, *, code: str, name: str, kecamatan: str) -> Region | None:
        if code and code in self.by_code:
            return self.by_code[code]
        matches = self.by_name.get(_norm(name), []) if name else []
        if len(matches) > 1 and kecamatan:
            matches = [r for r in matches if r.parent and _norm(r.parent.name) == _norm(kecamatan)]
        return matches[0] if len(matches) == 1 else None


def _category_key(raw: Any) -> str:
    if isinstance(raw, dict):
        return _text(raw.get("name")) or _text(str(raw.get("id") or ""))
    return _text(raw)


def _location(report: dict[str, Any], regions: RegionIndex, mapped: MappedReport) -> bool:
    location = report.get("location")
    if not isinstance(location, dict):
        return False
    code = _text(location.get("kelurahan_code"))
    name = _text(location.get("kelurahan"))
    address = _text(location.get("address"))[:300]
    lat, lng = location.get("lat"), location.get("lng")
    has_point = isinstance(lat, int | float) and isinstance(lng, int | float)
    kelurahan = regions.kelurahan(code=code, name=name, kecamatan=_text(location.get("kecamatan")))
    if kelurahan is None and (code or name):
        mapped.notes.append(
            _("Kelurahan dari SP4N-LAPOR! tidak dikenal: %(name)s") % {"name": name or code}
        )
        if not address:
            address = ", ".join(p for p in (name, _text(location.get("kecamatan"))) if p)
    if has_point:
        mapped.fields.update(lat=float(lat), lng=float(lng))
    if kelurahan is not None:
        mapped.fields["kelurahan_code"] = kelurahan.code
    mapped.fields["address"] = address
    return bool(has_point or kelurahan or address)


def report_to_case(report: Any, *, regions: RegionIndex) -> MappedReport:
    """The case fields of one LAPOR! report; raises LaporPayloadError naming what is missing."""
    if not isinstance(report, dict):
        raise LaporPayloadError(_("Laporan SP4N-LAPOR! bukan objek JSON."))
    lapor_id = _text(str(report.get("tracking_id") or ""))
    mapped = MappedReport(lapor_id=lapor_id, category_key="", fields={})
    missing = []
    if not lapor_id:
        missing.append("tracking_id")
    elif len(lapor_id) > 64:
        raise LaporPayloadError(_("tracking_id terlalu panjang (maksimum 64 karakter)."))
    title, content = _text(report.get("title")), _text(report.get("content"))
    if not title:
        missing.append("title")
    if not content:
        missing.append("content")
    mapped.category_key = _category_key(report.get("category"))
    if not mapped.category_key:
        missing.append("category")
    if not _location(report, regions, mapped):
        missing.append("location")
    if missing:
        raise LaporPayloadError(
            _("Data wajib tidak ada pada laporan SP4N-LAPOR! %(id)s: %(fields)s.")
            % {"id": lapor_id or "?", "fields": ", ".join(missing)}
        )
    received_at = parse_datetime(_text(report.get("created_at")))
    if received_at is not None and received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=dt.UTC)
    reporter = report.get("reporter") if isinstance(report.get("reporter"), dict) else {}
    if report.get("is_anonymous"):
        privacy = Privacy.ANONYMOUS
    elif report.get("is_secret"):
        privacy = Privacy.CONFIDENTIAL
    else:
        privacy = Privacy.PUBLIC
    mapped.fields.update(
        lapor_id=lapor_id,
        title=title[:200],
        description=content,
        case_type=CLASSIFICATION_TO_TYPE.get(
            _text(report.get("classification")).lower(), CaseType.COMPLAINT
        ),
        privacy=privacy,
        reporter_name=_text(reporter.get("name"))[:200],
        reporter_phone=_text(reporter.get("phone"))[:40],
        reporter_email=_text(reporter.get("email")),
        received_at=received_at,
    )
    attachments = report.get("attachments") or []
    if isinstance(attachments, list):
        mapped.attachments = [
            {"url": _text(a.get("url")), "name": _text(a.get("name"))}
            for a in attachments
            if isinstance(a, dict) and _text(a.get("url"))
        ]
    return mapped


def category_for(key: str) -> Category | None:
    """Our active category of a LAPOR! category (mapping table, then the same slug); None when
    there is none (the caller falls back to FALLBACK_CATEGORY_CODE)."""
    lowered = key.lower()
    codes = [code for code in (CATEGORY_MAP.get(lowered), slugify(key)) if code]
    for code in codes:
        category = Category.objects.filter(code=code, is_active=True).first()
        if category is not None:
            return category
    return Category.objects.filter(name__iexact=key, is_active=True).first()


def lapor_status(state: str, outcome: str = "") -> str:
    """The LAPOR! status of one of our lifecycle states (and the outcome of a closed case)."""
    if state == CaseState.CLOSED:
        return SELESAI if outcome in CLOSED_DONE else ARSIP
    return STATE_TO_LAPOR.get(state, VERIFIKASI)


def event_to_followup(event: CaseEvent, case: Case, key: str) -> dict[str, Any]:
    """The follow-up that tells LAPOR! about one public timeline event."""
    status = None
    if event.to_state:
        outcome = (event.data or {}).get("outcome") or case.outcome
        status = lapor_status(event.to_state, outcome)
    content = event.note or event.get_kind_display()
    if event.to_state:
        content = f"{CaseState(event.to_state).label}. {event.note}".strip()
    return {
        "idempotency_key": key,
        "status": status,
        "content": str(content)[:2000],
        "created_at": event.at.isoformat(),
        "instansi": case.assigned_agency.name if case.assigned_agency_id else PUBLIC_INSTANSI,
        "reference": case.tracking_number,
    }
