"""Reporting periods (quarters): open, lock with a reason, unlock (Issue 3 item 5).

Pasal 29(1)-(2): monitoring and evaluation run per period; once a period's report has gone to
the Wali Kota the period is locked so the figures behind it no longer move.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Role
from kotacerdas.monitoring.models import ReportingPeriod


def can_manage_periods(actor: Any) -> bool:
    return permissions.is_admin(actor) or permissions.has_role(actor, Role.TEAM_MEMBER)


def _require_manager(actor: Any) -> None:
    if not can_manage_periods(actor):
        raise PermissionDenied(
            _("Hanya administrator atau anggota Tim Pelaksana yang boleh mengelola periode.")
        )


def period_locked_message(period: ReportingPeriod) -> str:
    return _("Periode %(period)s dikunci: %(reason)s") % {
        "period": str(period),
        "reason": period.lock_reason or _("tanpa alasan tercatat"),
    }


def period_require_open(period: ReportingPeriod) -> None:
    """Every change inside a locked period is refused, with the lock reason shown."""
    if period.is_locked:
        raise ValidationError(period_locked_message(period), code="period_locked")


def _validate_quarter(year: int, quarter: int) -> None:
    errors = {}
    if not 2000 <= int(year) <= 2100:
        errors["year"] = _("Tahun harus antara 2000 dan 2100.")
    if int(quarter) not in (1, 2, 3, 4):
        errors["quarter"] = _("Triwulan harus 1, 2, 3, atau 4.")
    if errors:
        raise ValidationError(errors)


def period_ensure(*, year: int, quarter: int) -> ReportingPeriod:
    """The period of a quarter, created unlocked when it does not exist yet (no audit: a
    quarter is reference data; its lock state is what is audited)."""
    _validate_quarter(year, quarter)
    period, _created = ReportingPeriod.objects.get_or_create(year=year, quarter=quarter)
    return period


@transaction.atomic
def period_open(
    *,
    actor: Any,
    year: int,
    quarter: int,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> ReportingPeriod:
    """Pasal 29(1): open a quarter for realisation entry (creates it, or sets its dates)."""
    _require_manager(actor)
    _validate_quarter(year, quarter)
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("Batas pengisian harus setelah tanggal dibuka.")})
    period = ReportingPeriod.objects.select_for_update().filter(year=year, quarter=quarter).first()
    if period is None:
        period = ReportingPeriod.objects.create(
            year=year, quarter=quarter, opens_on=opens_on, closes_on=closes_on
        )
        audit_record(actor=actor, action="create", obj=period, changes=snapshot(period))
        return period
    period_require_open(period)
    before = snapshot(period)
    period.opens_on = opens_on or period.opens_on
    period.closes_on = closes_on or period.closes_on
    changes = diff(before, snapshot(period))
    if changes:
        period.save(update_fields=["opens_on", "closes_on"])
        audit_record(actor=actor, action="update", obj=period, changes=changes)
    return period


@transaction.atomic
def period_lock(*, actor: Any, period: ReportingPeriod, reason: str) -> ReportingPeriod:
    """Pasal 29(2): lock a quarter once its figures are reported; the reason is shown to
    everyone who tries to change it afterwards."""
    _require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan penguncian wajib diisi.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Alasan penguncian paling banyak 300 karakter.")})
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_locked:
        raise ValidationError(period_locked_message(period), code="period_locked")
    before = snapshot(period)
    period.is_locked = True
    period.lock_reason = reason
    period.save(update_fields=["is_locked", "lock_reason"])
    audit_record(
        actor=actor, action="period.lock", obj=period, changes=diff(before, snapshot(period))
    )
    return period


@transaction.atomic
def period_unlock(*, actor: Any, period: ReportingPeriod) -> ReportingPeriod:
    """Pasal 29(2): reopen a locked quarter (e.g. to correct a reported figure); audited."""
    _require_manager(actor)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_locked:
        raise ValidationError(_("Periode %(period)s tidak sedang dikunci.") % {"period": period})
    before = snapshot(period)
    period.is_locked = False
    period.lock_reason = ""
    period.save(update_fields=["is_locked", "lock_reason"])
    audit_record(
        actor=actor, action="period.unlock", obj=period, changes=diff(before, snapshot(period))
    )
    return period
