"""Transitions made by the reporter with their secret: confirm, reopen, rate."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import Case, CaseEventKind, CaseOutcome, CaseState
from kotacerdas.complaints.services.intake import secret_matches

from .base import (
    before_snapshot,
    clean_note,
    commit,
    illegal,
    require_state,
    require_version,
)

RATING_COMMENT_MAX = 1000
REOPENABLE_OUTCOMES = (CaseOutcome.CONFIRMED, CaseOutcome.AUTO_CLOSED)


def require_reporter(actor: Any, case: Case, secret: str) -> None:
    """The reporter proves who they are by the secret (or by being the signed-in reporter)."""
    if secret_matches(case, secret):
        return
    if case.reporter_user_id and getattr(actor, "pk", None) == case.reporter_user_id:
        return
    raise PermissionDenied(_("Kode rahasia pelapor tidak cocok."))


@transaction.atomic
def case_confirm(*, actor: Any, case: Case, version: int, secret: str = "") -> Case:
    """The reporter confirms the handling: closed with outcome confirmed."""
    version = require_version(case, version)
    require_reporter(actor, case, secret)
    require_state(case, _("konfirmasi selesai"), CaseState.RESOLVED)
    now = timezone.now()
    before = before_snapshot(case)
    case.state = CaseState.CLOSED
    case.outcome = CaseOutcome.CONFIRMED
    case.closed_at = now
    commit(
        actor=actor,
        case=case,
        version=version,
        before=before,
        action="case.confirm",
        now=now,
        from_state=CaseState.RESOLVED,
        note=_("Pelapor mengonfirmasi laporan selesai."),
    )
    return case


@transaction.atomic
def case_reopen(*, actor: Any, case: Case, version: int, reason: str, secret: str = "") -> Case:
    """The reporter is not satisfied: back to in progress, within `reopen_until`."""
    version = require_version(case, version)
    require_reporter(actor, case, secret)
    if case.state == CaseState.CLOSED and case.outcome not in REOPENABLE_OUTCOMES:
        raise ValidationError(
            _("Laporan yang ditutup karena %(outcome)s tidak dapat dibuka kembali.")
            % {"outcome": case.get_outcome_display()}
        )
    if case.state not in (CaseState.RESOLVED, CaseState.CLOSED):
        raise illegal(case, _("buka kembali"))
    now = timezone.now()
    if case.reopen_until is None or now > case.reopen_until:
        limit = (
            formats.date_format(timezone.localtime(case.reopen_until), "j F Y H:i")
            if case.reopen_until
            else "-"
        )
        raise ValidationError(
            _(
                "Batas waktu membuka kembali laporan ini sudah lewat (%(limit)s). Silakan "
                "kirim laporan baru."
            )
            % {"limit": limit}
        )
    reason = clean_note(
        reason, field="reason", required=True, label=_("Tuliskan mengapa laporan dibuka kembali.")
    )
    before = before_snapshot(case)
    from_state = case.state
    case.state = CaseState.IN_PROGRESS
    case.outcome = CaseOutcome.NONE
    case.resolved_at = None
    case.closed_at = None
    case.rating = None
    case.rating_comment = ""
    case.reopened_count += 1
    commit(
        actor=actor,
        case=case,
        version=version,
        before=before,
        action="case.reopen",
        now=now,
        from_state=from_state,
        note=reason,
        data={"reopened_count": case.reopened_count},
    )
    return case


@transaction.atomic
def case_rate(
    *, actor: Any, case: Case, version: int, rating: Any, comment: str = "", secret: str = ""
) -> Case:
    """The reporter rates the handling (1-5) once the case is closed as handled."""
    version = require_version(case, version)
    require_reporter(actor, case, secret)
    if case.state != CaseState.CLOSED or case.outcome not in REOPENABLE_OUTCOMES:
        raise ValidationError(_("Penilaian hanya dapat diberikan setelah laporan selesai."))
    if case.rating is not None:
        raise ValidationError(_("Laporan ini sudah dinilai."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Penilaian harus antara 1 dan 5.")})
    comment = (comment or "").strip()
    if len(comment) > RATING_COMMENT_MAX:
        raise ValidationError(
            {
                "comment": _("Komentar terlalu panjang: maksimum %(max)s karakter.")
                % {"max": RATING_COMMENT_MAX}
            }
        )
    now = timezone.now()
    before = before_snapshot(case)
    case.rating = rating
    case.rating_comment = comment
    commit(
        actor=actor,
        case=case,
        version=version,
        clock=None,
        before=before,
        action="case.rate",
        now=now,
        kind=CaseEventKind.RATING,
        note=clean_note(comment),
        data={"rating": rating},
    )
    return case
