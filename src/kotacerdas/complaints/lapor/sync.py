"""Services of the SP4N-LAPOR! exchange: pull new reports in, push status and follow-ups out,
reconcile both sides (issue #5 item 8).

Pull is idempotent on the LAPOR! id (`case_submit` returns the case already made from it), so a
page pulled twice makes no duplicate. A report that cannot become a case is recorded as an error
(log + counter; its case is not written at all) and the pull carries on with the others.

Push first turns every public event of a LAPOR!-origin case into one LaporOutbox row keyed
`event-<id>` (unique key: scanning twice adds nothing), then sends the unsent rows one at a time
under a row lock; a row is marked `pushed_at` once LAPOR! accepted it and never sent again.
A failure counts `attempts`, keeps `last_error` and is retried on the next run.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.lapor import mapping
from kotacerdas.complaints.lapor.adapter import (
    LaporAdapter,
    LaporAuthError,
    LaporError,
    LaporNotConfigured,
    get_adapter,
)
from kotacerdas.complaints.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseType,
    Category,
    Channel,
    LaporOutbox,
    LaporPullState,
)
from kotacerdas.complaints.services.intake import case_submit
from kotacerdas.core.audit.chain import audit_record

logger = logging.getLogger("kotacerdas.complaints.lapor")

ACTOR = "sp4n-lapor"  # the audit trail's name of the synchronisation
MAX_PAGES = 1000  # a pull stops after this many pages (the next run goes on from the cursor)
MAX_ATTEMPTS = 10  # a row failing this often is left for an administrator to look at
SCAN_BATCH = 500
# Timeline events LAPOR! hears about (when public): status changes (incl. the resolution and
# declines), dispositions, public notes, waiting for the reporter, merges.
PUSHED_KINDS = (
    CaseEventKind.STATE,
    CaseEventKind.DISPATCH,
    CaseEventKind.NOTE,
    CaseEventKind.PAUSE,
    CaseEventKind.RESUME,
    CaseEventKind.MERGE,
)

__all__ = [
    "Difference",
    "LaporAuthError",
    "LaporError",
    "LaporNotConfigured",
    "PullError",
    "PullResult",
    "PushResult",
    "lapor_outbox_fill",
    "lapor_pull",
    "lapor_push",
    "lapor_reconcile",
]


@dataclass(frozen=True)
class PullError:
    lapor_id: str
    message: str


@dataclass
class PullResult:
    created: int = 0
    existing: int = 0  # already a case (a repeated id)
    failed: int = 0
    pages: int = 0
    cursor: str = ""
    fallback_category: int = 0  # reports filed under "lainnya"
    errors: list[PullError] = field(default_factory=list)


@dataclass
class PushResult:
    queued: int = 0  # new outbox rows
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # rows past MAX_ATTEMPTS
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Difference:
    """One disagreement between LAPOR! and the platform."""

    MISSING_HERE = "missing_here"  # in LAPOR!, no case here
    MISSING_IN_LAPOR = "missing_in_lapor"  # a case with a lapor_id LAPOR! does not know
    STATUS = "status"

    kind: str
    lapor_id: str
    tracking_number: str = ""
    ours: str = ""  # our status, as LAPOR! would call it
    theirs: str = ""

    def describe(self) -> str:
        if self.kind == self.MISSING_HERE:
            return _(
                "%(id)s ada di SP4N-LAPOR! (status %(theirs)s) tetapi belum menjadi laporan."
            ) % {
                "id": self.lapor_id,
                "theirs": self.theirs or "-",
            }
        if self.kind == self.MISSING_IN_LAPOR:
            return _("%(id)s (%(number)s) tidak ditemukan di SP4N-LAPOR!.") % {
                "id": self.lapor_id,
                "number": self.tracking_number,
            }
        return _("%(id)s (%(number)s): status di sini %(ours)s, di SP4N-LAPOR! %(theirs)s.") % {
            "id": self.lapor_id,
            "number": self.tracking_number,
            "ours": self.ours,
            "theirs": self.theirs or "-",
        }


# --- pull


def fallback_category() -> Category:
    """The "lainnya" category of reports whose LAPOR! category has no match (created once)."""
    category = Category.objects.filter(code=mapping.FALLBACK_CATEGORY_CODE).first()
    if category is not None:
        return category
    with transaction.atomic():
        category, created = Category.objects.get_or_create(
            code=mapping.FALLBACK_CATEGORY_CODE,
            defaults={
                "name": _("Lainnya"),
                "group": _("Umum"),
                "description": _(
                    "Laporan SP4N-LAPOR! yang kategorinya belum dipetakan; verifikator memilih "
                    "kategori yang tepat."
                ),
                "case_type": CaseType.COMPLAINT,
            },
        )
        if created:
            audit_record(
                actor=ACTOR,
                action="create",
                obj=category,
                changes={"code": category.code, "reason": "lapor fallback"},
            )
    return category


def _pull_one(report: Any, *, regions: mapping.RegionIndex, result: PullResult) -> None:
    lapor_id = str(report.get("tracking_id") or "") if isinstance(report, dict) else ""
    try:
        mapped = mapping.report_to_case(report, regions=regions)
        with transaction.atomic():  # the fallback category too is undone if the case fails
            category = mapping.category_for(mapped.category_key)
            fallback = category is None
            if fallback:
                category = fallback_category()
            submitted = case_submit(
                actor=ACTOR, channel=Channel.LAPOR, category=category, **mapped.fields
            )
            if submitted.created and (mapped.attachments or mapped.notes or fallback):
                CaseEvent.objects.create(
                    case=submitted.case,
                    at=timezone.now(),
                    kind=CaseEventKind.LAPOR_SYNC,
                    note=" ".join(mapped.notes),
                    is_public=False,
                    data={
                        "lapor_category": mapped.category_key,
                        "fallback_category": fallback,
                        "attachments": mapped.attachments,
                    },
                )
    except (mapping.LaporPayloadError, ValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        result.failed += 1
        result.errors.append(PullError(lapor_id=lapor_id or "?", message=message))
        logger.warning("lapor report rejected", extra={"lapor_id": lapor_id, "error": message})
        return
    if submitted.created:
        result.created += 1
        result.fallback_category += int(fallback)
    else:
        result.existing += 1


def _pull_state() -> LaporPullState:
    state = LaporPullState.objects.order_by("pk").first()
    return state if state is not None else LaporPullState.objects.create()


def lapor_pull(
    *, adapter: LaporAdapter | None = None, now: dt.datetime | None = None
) -> PullResult:
    """Pull the reports LAPOR! has since the stored cursor; each becomes a case (or is counted
    as existing, or as an error). The cursor is saved after every page."""
    adapter = adapter or get_adapter()
    state = _pull_state()
    result = PullResult(cursor=state.cursor)
    regions = mapping.RegionIndex()
    try:
        for _page in range(MAX_PAGES):
            page = adapter.pull(cursor=result.cursor)
            result.pages += 1
            for report in page.reports:
                _pull_one(report, regions=regions, result=result)
            moved = bool(page.next_cursor) and page.next_cursor != result.cursor
            if moved:
                result.cursor = page.next_cursor
                LaporPullState.objects.filter(pk=state.pk).update(cursor=result.cursor)
            if not page.reports or not moved:
                break
    except LaporError as exc:
        LaporPullState.objects.filter(pk=state.pk).update(last_error=str(exc)[:300])
        raise
    summary = ""
    if result.errors:
        summary = _("%(count)s laporan ditolak; terakhir %(id)s: %(message)s") % {
            "count": result.failed,
            "id": result.errors[-1].lapor_id,
            "message": result.errors[-1].message,
        }
    LaporPullState.objects.filter(pk=state.pk).update(
        last_pulled_at=now or timezone.now(), last_error=summary[:300]
    )
    logger.info(
        "lapor pull done",
        extra={"new": result.created, "existing": result.existing, "rejected": result.failed},
    )
    return result


# --- push


def lapor_outbox_fill() -> int:
    """One outbox row per public event of a LAPOR!-origin case not queued yet; returns how
    many were added. Idempotent (the key `event-<id>` is unique)."""
    events = (
        CaseEvent.objects.filter(
            case__lapor_id__isnull=False, is_public=True, kind__in=PUSHED_KINDS
        )
        .select_related("case", "case__assigned_agency")
        .order_by("id")
    )
    added = 0
    last_id = 0
    while True:
        batch = list(events.filter(id__gt=last_id)[:SCAN_BATCH])
        if not batch:
            return added
        last_id = batch[-1].id
        keys = {f"event-{event.id}": event for event in batch}
        known = set(LaporOutbox.objects.filter(key__in=keys).values_list("key", flat=True))
        rows = [
            LaporOutbox(
                case=event.case,
                key=key,
                payload={
                    "lapor_id": event.case.lapor_id,
                    "followup": mapping.event_to_followup(event, event.case, key),
                },
            )
            for key, event in keys.items()
            if key not in known
        ]
        if rows:
            with transaction.atomic():
                LaporOutbox.objects.bulk_create(rows, ignore_conflicts=True)
            added += len(rows)


def _send_one(adapter: LaporAdapter, pk: int, result: PushResult) -> None:
    with transaction.atomic():
        row = (
            LaporOutbox.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, pushed_at__isnull=True)
            .first()
        )
        if row is None:  # sent by a concurrent push meanwhile
            return
        try:
            adapter.push(row.payload["lapor_id"], row.payload["followup"])
        except LaporAuthError:
            raise
        except LaporError as exc:
            row.attempts += 1
            row.last_error = str(exc)[:300]
            row.save(update_fields=["attempts", "last_error"])
            result.failed += 1
            result.errors.append(f"{row.key}: {exc}")
            logger.warning("lapor push failed", extra={"key": row.key, "error": str(exc)})
            return
        row.attempts += 1
        row.pushed_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "pushed_at", "last_error"])
        audit_record(
            actor=ACTOR,
            action="complaints.lapor.push",
            obj=row,
            changes={"case_id": row.case_id, "status": row.payload["followup"].get("status")},
        )
        result.sent += 1


def lapor_push(*, adapter: LaporAdapter | None = None) -> PushResult:
    """Queue the new public events, then send every unsent row once (oldest first)."""
    adapter = adapter or get_adapter()
    result = PushResult(queued=lapor_outbox_fill())
    pending = LaporOutbox.objects.filter(pushed_at__isnull=True).order_by("id")
    result.skipped = pending.filter(attempts__gte=MAX_ATTEMPTS).count()
    for pk in list(pending.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)):
        _send_one(adapter, pk, result)
    return result


# --- reconcile


def lapor_reconcile(*, adapter: LaporAdapter | None = None) -> list[Difference]:
    """Every disagreement between LAPOR! and the linked cases: reports missing here, cases
    missing in LAPOR!, and status mismatches (our status as LAPOR! would call it)."""
    adapter = adapter or get_adapter()
    theirs: dict[str, str] = {}
    cursor = ""
    for _page in range(MAX_PAGES):
        page = adapter.pull(cursor=cursor)
        for report in page.reports:
            if report.get("tracking_id"):
                theirs[str(report["tracking_id"])] = str(report.get("status") or "")
        if not page.reports or not page.next_cursor or page.next_cursor == cursor:
            break
        cursor = page.next_cursor
    differences: list[Difference] = []
    ours = Case.objects.filter(lapor_id__isnull=False).order_by("lapor_id")
    seen = set()
    for lapor_id, number, state, outcome in ours.values_list(
        "lapor_id", "tracking_number", "state", "outcome"
    ):
        seen.add(lapor_id)
        expected = mapping.lapor_status(state, outcome)
        if lapor_id not in theirs:
            report = adapter.fetch(lapor_id)  # maybe outside the listing; ask once
            if report is None:
                differences.append(
                    Difference(Difference.MISSING_IN_LAPOR, lapor_id, number, ours=expected)
                )
                continue
            theirs[lapor_id] = str(report.get("status") or "")
        if theirs[lapor_id] != expected:
            differences.append(
                Difference(
                    Difference.STATUS, lapor_id, number, ours=expected, theirs=theirs[lapor_id]
                )
            )
    for lapor_id in sorted(set(theirs) - seen):
        differences.append(Difference(Difference.MISSING_HERE, lapor_id, theirs=theirs[lapor_id]))
    return differences
