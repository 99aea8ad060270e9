"""The URC field officer's steps: assigned -> accepted -> en_route -> on_site -> done.

'done' resolves the case, with a photo and the position where it was taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    AttachmentRole,
    Case,
    CaseEventKind,
    CaseState,
    Privacy,
    UrcStatus,
)
from kotacerdas.complaints.services.intake import check_uploads, store_attachments

from .base import (
    before_snapshot,
    clean_note,
    commit,
    require_handler,
    require_state,
    require_version,
)
from .staff import resolve_fields

URC_ORDER = [
    UrcStatus.ASSIGNED,
    UrcStatus.ACCEPTED,
    UrcStatus.EN_ROUTE,
    UrcStatus.ON_SITE,
    UrcStatus.DONE,
]


def _position(lat: Any, lng: Any) -> tuple[float | None, float | None]:
    if lat in (None, "") and lng in (None, ""):
        return None, None
    try:
        lat_f, lng_f = float(lat), float(lng)
    except (TypeError, ValueError):
        raise ValidationError(
            {"lat": _("Posisi tidak valid: lintang dan bujur harus angka.")}
        ) from None
    if not (-90 <= lat_f <= 90 and -180 <= lng_f <= 180):
        raise ValidationError({"lat": _("Posisi tidak valid.")})
    return lat_f, lng_f


@transaction.atomic
def urc_update(
    *,
    actor: Any,
    case: Case,
    status: str,
    lat: Any = None,
    lng: Any = None,
    note: str = "",
    evidence: Iterable[Any] = (),
    version: int | None = None,
) -> Case:
    """Move the URC status forward; 'done' needs a photo and the position, and resolves."""
    version = require_version(case, case.version if version is None else version)
    require_handler(actor, case)
    if not case.assigned_urc_id:
        raise ValidationError(_("Laporan ini tidak ditugaskan ke unit URC."))
    require_state(case, _("perbarui status URC"), CaseState.DISPATCHED, CaseState.IN_PROGRESS)
    if status not in URC_ORDER:
        raise ValidationError({"status": _("Status URC tidak dikenal.")})
    current = URC_ORDER.index(case.urc_status) if case.urc_status in URC_ORDER else 0
    if URC_ORDER.index(status) <= current:
        raise ValidationError(
            {
                "status": _("Status URC hanya bisa maju: saat ini %(current)s.")
                % {"current": case.get_urc_status_display()}
            }
        )
    lat_f, lng_f = _position(lat, lng)
    note = clean_note(note)
    checked = check_uploads(evidence, field="evidence")
    if status == UrcStatus.DONE:
        problems = {}
        if not any(info.kind in ("jpg", "png") for _upload, info in checked):
            problems["evidence"] = _("Lampirkan foto hasil penanganan di lokasi.")
        if lat_f is None:
            problems["lat"] = _("Posisi petugas saat foto diambil wajib diisi.")
        if problems:
            raise ValidationError(problems)
    now = timezone.now()
    before = before_snapshot(case)
    from_state = case.state
    case.urc_status = status
    if case.state == CaseState.DISPATCHED:
        case.state = CaseState.IN_PROGRESS
        case.responded_at = case.responded_at or now
    if status == UrcStatus.DONE:
        resolve_fields(case, now=now)
    commit(
        actor=actor,
        case=case,
        version=version,
        before=before,
        action="case.urc",
        now=now,
        kind=CaseEventKind.URC,
        from_state=from_state if from_state != case.state else "",
        note=note or case.get_urc_status_display(),
        data={"urc_status": status, "lat": lat_f, "lng": lng_f, "evidence": len(checked)},
    )
    store_attachments(
        case,
        checked,
        role=AttachmentRole.EVIDENCE,
        actor=actor,
        lat=lat_f,
        lng=lng_f,
        is_public=case.privacy != Privacy.CONFIDENTIAL,
    )
    return case
