"""Realisation per quarter: draft, submit, verify, return, lock (Issue 3 item 5).

Pasal 13 huruf c and Pasal 29: the Perangkat Daerah report the realisation of their smart-city
activities; the Tim Pelaksana monitors, verifies and evaluates it. Every write carries the
version the writer started from (optimistic locking): an update whose version is no longer
current changes nothing and raises `RealisationConflict`, so no one's work is lost silently.

Figures are cumulative to the end of the quarter: `physical_progress` is the progress so far
(0-100 %), `budget_realised` the rupiah spent so far in the year.
"""

from __future__ import annotations

import decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Role
from kotacerdas.core.selectors.agencies import agency_lineage_ids
from kotacerdas.masterplan.models import Activity, BudgetAllocation, Indicator, IndicatorTarget
from kotacerdas.monitoring.models import (
    IndicatorValue,
    Realisation,
    RealisationStatus,
    ReportingPeriod,
)
from kotacerdas.monitoring.services.periods import period_require_open

EDITABLE_STATUSES = (RealisationStatus.DRAFT, RealisationStatus.RETURNED)
TEXT_FIELDS = ("problems", "driving_factors", "inhibiting_factors", "follow_up_plan")
NUMBER_FIELDS = ("physical_progress", "budget_realised")
DATA_FIELDS = (*NUMBER_FIELDS, *TEXT_FIELDS)
TEXT_MAX_LENGTH = 5000
BUDGET_LIMIT = decimal.Decimal("1e16")  # max_digits=18, decimal_places=2
INDICATOR_LIMIT = decimal.Decimal("1e14")  # max_digits=18, decimal_places=4
CENT = decimal.Decimal("0.01")
TEN_THOUSANDTH = decimal.Decimal("0.0001")


class RealisationConflict(Exception):
    """Someone else saved this realisation after the writer loaded it."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or _("Data ini telah diubah oleh pengguna lain; muat ulang halaman.")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


# --- who may do what


def can_enter(actor: Any, activity: Activity) -> bool:
    """Officers enter their own agency's activities (and those of agencies merged into it);
    administrators any; the Tim Pelaksana those of non-government (participatory) programs."""
    if permissions.is_admin(actor):
        return True
    if activity.agency_id is None:
        return permissions.has_role(actor, Role.TEAM_MEMBER)
    if permissions.has_role(actor, Role.AGENCY_OFFICER) and actor.agency_id:
        return activity.agency_id in agency_lineage_ids(actor.agency_id)
    return False


def can_verify(actor: Any) -> bool:
    return permissions.is_admin(actor) or permissions.has_role(actor, Role.TEAM_MEMBER)


def _require_enter(actor: Any, activity: Activity) -> None:
    if not can_enter(actor, activity):
        raise PermissionDenied(
            _("Anda hanya boleh mengisi realisasi kegiatan Perangkat Daerah Anda sendiri.")
        )


def _require_verify(actor: Any) -> None:
    if not can_verify(actor):
        raise PermissionDenied(
            _("Hanya anggota Tim Pelaksana atau administrator yang boleh memverifikasi realisasi.")
        )


def _fresh_period(period: ReportingPeriod) -> ReportingPeriod:
    # The caller's copy may be stale: the lock state is read from the database.
    fresh = ReportingPeriod.objects.get(pk=period.pk)
    period_require_open(fresh)
    return fresh


# --- cleaning


def format_number(value: decimal.Decimal) -> str:
    """100.0000 -> "100", 12.5000 -> "12,5" (Indonesian decimal comma)."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def format_rupiah(value: decimal.Decimal) -> str:
    whole = int(value.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))
    return "Rp " + f"{whole:,}".replace(",", ".")


def parse_decimal(value: Any) -> decimal.Decimal | None:
    """A number typed by a person: "12,5", "12.5", " 1.000.000 " (thousands) or a number.
    Raises ValueError when it is not a number; empty means None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | decimal.Decimal):
        result = decimal.Decimal(value)
    elif isinstance(value, float):
        result = decimal.Decimal(repr(value))
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if text.lower().startswith("rp"):
            text = text[2:]
        if not text:
            return None
        if "," in text:
            # Indonesian: dots group thousands, a comma marks decimals.
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1:
            text = text.replace(".", "")
        try:
            result = decimal.Decimal(text)
        except decimal.InvalidOperation as exc:
            raise ValueError(value) from exc
    if not result.is_finite():
        raise ValueError(value)
    return result


def activity_allocation(*, activity: Activity, year: int) -> decimal.Decimal | None:
    """The activity's budget for the year over all sources; None when none is recorded."""
    total = BudgetAllocation.objects.filter(activity=activity, year=year).aggregate(
        total=Sum("amount")
    )["total"]
    return total


def _clean(
    *, activity: Activity, period: ReportingPeriod, data: dict[str, Any]
) -> tuple[dict[str, Any], dict[int, decimal.Decimal | None]]:
    """The model fields and indicator values in `data`, checked; ValidationError lists every
    problem at once (keyed by field; indicator problems under "indicator_values")."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    unknown = sorted(set(data) - set(DATA_FIELDS) - {"indicator_values"})
    if unknown:
        errors["__all__"] = [_("Kolom tidak dikenal: %(fields)s.") % {"fields": ", ".join(unknown)}]

    if "physical_progress" in data:
        try:
            progress = parse_decimal(data["physical_progress"])
        except ValueError:
            errors["physical_progress"] = [_("Progres fisik harus berupa angka.")]
        else:
            if progress is not None and not 0 <= progress <= 100:
                errors["physical_progress"] = [_("Progres fisik harus antara 0 dan 100 %.")]
            else:
                cleaned["physical_progress"] = None if progress is None else progress.quantize(CENT)

    if "budget_realised" in data:
        try:
            budget = parse_decimal(data["budget_realised"])
        except ValueError:
            errors["budget_realised"] = [_("Realisasi anggaran harus berupa angka (rupiah).")]
        else:
            if budget is not None and budget < 0:
                errors["budget_realised"] = [_("Realisasi anggaran tidak boleh negatif.")]
            elif budget is not None and budget >= BUDGET_LIMIT:
                errors["budget_realised"] = [_("Realisasi anggaran terlalu besar.")]
            else:
                allocation = (
                    activity_allocation(activity=activity, year=period.year)
                    if budget is not None
                    else None
                )
                if allocation is not None and budget > allocation:
                    errors["budget_realised"] = [
                        _(
                            "Realisasi anggaran %(budget)s melebihi pagu kegiatan tahun "
                            "%(year)s (%(allocation)s)."
                        )
                        % {
                            "budget": format_rupiah(budget),
                            "year": period.year,
                            "allocation": format_rupiah(allocation),
                        }
                    ]
                else:
                    cleaned["budget_realised"] = None if budget is None else budget.quantize(CENT)

    for field in TEXT_FIELDS:
        if field in data:
            text = "" if data[field] is None else str(data[field]).strip()
            if len(text) > TEXT_MAX_LENGTH:
                errors[field] = [_("Paling banyak %(max)s karakter.") % {"max": TEXT_MAX_LENGTH}]
            else:
                cleaned[field] = text

    values: dict[int, decimal.Decimal | None] = {}
    raw_values = data.get("indicator_values") or {}
    if raw_values:
        indicators = {ind.pk: ind for ind in Indicator.objects.filter(activity=activity)}
        problems = []
        for key, raw in raw_values.items():
            try:
                indicator = indicators.get(int(key))
            except (TypeError, ValueError):
                indicator = None
            if indicator is None:
                problems.append(_("Indikator %(key)s bukan indikator kegiatan ini.") % {"key": key})
                continue
            try:
                value = parse_decimal(raw)
            except ValueError:
                problems.append(
                    _("Nilai indikator %(name)s harus berupa angka.") % {"name": indicator.name}
                )
                continue
            if (
                value is not None
                and indicator.max_value is not None
                and value > indicator.max_value
            ):
                problems.append(
                    _("Nilai indikator %(name)s melebihi %(max)s %(unit)s.")
                    % {
                        "name": indicator.name,
                        "max": format_number(indicator.max_value),
                        "unit": indicator.unit,
                    }
                )
                continue
            if value is not None and abs(value) >= INDICATOR_LIMIT:
                problems.append(
                    _("Nilai indikator %(name)s terlalu besar.") % {"name": indicator.name}
                )
                continue
            values[indicator.pk] = None if value is None else value.quantize(TEN_THOUSANDTH)
        if problems:
            errors["indicator_values"] = problems
    if errors:
        raise ValidationError(errors)
    return cleaned, values


def _values_snapshot(realisation: Realisation) -> dict[str, str]:
    return {
        code: str(value)
        for code, value in realisation.indicator_values.order_by("indicator__code").values_list(
            "indicator__code", "value"
        )
    }


def _tracked(realisation: Realisation) -> dict[str, Any]:
    values = {
        k: v for k, v in snapshot(realisation).items() if k not in {"created_at", "updated_at"}
    }
    values["indicator_values"] = _values_snapshot(realisation)
    return values


def _write_values(realisation: Realisation, values: dict[int, decimal.Decimal | None]) -> None:
    for indicator_id, value in values.items():
        if value is None:
            IndicatorValue.objects.filter(
                realisation=realisation, indicator_id=indicator_id
            ).delete()
        else:
            IndicatorValue.objects.update_or_create(
                realisation=realisation, indicator_id=indicator_id, defaults={"value": value}
            )


def _not_editable_message(realisation: Realisation) -> str:
    return _(
        "Realisasi ini berstatus %(status)s sehingga tidak dapat diubah. Bila perlu "
        "diperbaiki, minta Tim Pelaksana mengembalikannya."
    ) % {"status": realisation.get_status_display()}


# --- writes


@transaction.atomic
def realisation_save_draft(
    *,
    actor: Any,
    activity: Activity,
    period: ReportingPeriod,
    data: dict[str, Any],
    expected_version: int | None,
) -> Realisation:
    """Pasal 13 huruf c, Pasal 29(1): an agency records its quarter's realisation as a draft.

    Creates the realisation (`expected_version` None or 0) or updates it (`expected_version`
    = the version the writer loaded). Only keys present in `data` change; `indicator_values`
    is {indicator id: value or None (remove)}. Refused: another agency's activity, a locked
    period, a realisation no longer in draft/returned, out-of-range figures, a stale version.
    """
    _require_enter(actor, activity)
    period = _fresh_period(period)
    cleaned, values = _clean(activity=activity, period=period, data=data)
    existing = Realisation.objects.filter(activity=activity, period=period).first()
    if existing is None:
        if expected_version not in (None, 0):
            raise RealisationConflict()
        try:
            with transaction.atomic():
                realisation = Realisation.objects.create(
                    activity=activity, period=period, **cleaned
                )
        except IntegrityError as exc:  # created by someone else meanwhile
            raise RealisationConflict() from exc
        _write_values(realisation, values)
        audit_record(actor=actor, action="create", obj=realisation, changes=_tracked(realisation))
        return realisation

    if existing.status not in EDITABLE_STATUSES:
        raise ValidationError(_not_editable_message(existing), code="not_editable")
    if expected_version is None or int(expected_version) != existing.version:
        raise RealisationConflict()
    before = _tracked(existing)
    updated = Realisation.objects.filter(
        pk=existing.pk, version=expected_version, status__in=EDITABLE_STATUSES
    ).update(**cleaned, version=F("version") + 1, updated_at=timezone.now())
    if updated == 0:
        raise RealisationConflict()
    _write_values(existing, values)
    realisation = Realisation.objects.get(pk=existing.pk)
    audit_record(
        actor=actor, action="update", obj=realisation, changes=diff(before, _tracked(realisation))
    )
    return realisation


def _transition(
    *,
    actor: Any,
    realisation: Realisation,
    expected_version: int,
    allowed_from: tuple[str, ...],
    wrong_status_message: str,
    action: str,
    fields: dict[str, Any],
) -> Realisation:
    current = Realisation.objects.select_related("period").get(pk=realisation.pk)
    period_require_open(current.period)
    if current.status not in allowed_from:
        raise ValidationError(wrong_status_message, code="wrong_status")
    if expected_version is None or int(expected_version) != current.version:
        raise RealisationConflict()
    before = _tracked(current)
    updated = Realisation.objects.filter(
        pk=current.pk, version=expected_version, status__in=allowed_from
    ).update(**fields, version=F("version") + 1, updated_at=timezone.now())
    if updated == 0:
        raise RealisationConflict()
    after = Realisation.objects.select_related("period", "activity").get(pk=current.pk)
    audit_record(actor=actor, action=action, obj=after, changes=diff(before, _tracked(after)))
    return after


def realisation_submit_problems(*, realisation: Realisation) -> list[str]:
    """What keeps a realisation from being submitted (empty: ready)."""
    problems = []
    if realisation.physical_progress is None:
        problems.append(_("Progres fisik belum diisi."))
    if realisation.budget_realised is None:
        problems.append(_("Realisasi anggaran belum diisi."))
    year = realisation.period.year
    indicators = Indicator.objects.filter(activity_id=realisation.activity_id).order_by("code")
    with_target = set(
        IndicatorTarget.objects.filter(indicator__in=indicators, year=year).values_list(
            "indicator_id", flat=True
        )
    )
    for indicator in indicators:
        if indicator.pk not in with_target:
            problems.append(
                _("Target indikator %(name)s untuk tahun %(year)s belum ditetapkan.")
                % {"name": indicator.name, "year": year}
            )
    return problems


@transaction.atomic
def realisation_submit(
    *, actor: Any, realisation: Realisation, expected_version: int
) -> Realisation:
    """Pasal 13 huruf c: the agency submits its realisation to the Tim Pelaksana.

    Needs the progress, the budget realised and a target for the year for every indicator
    of the activity (otherwise its achievement cannot be evaluated, Pasal 29(3))."""
    _require_enter(actor, realisation.activity)
    current = Realisation.objects.select_related("period").get(pk=realisation.pk)
    period_require_open(current.period)
    if current.status in EDITABLE_STATUSES:
        problems = realisation_submit_problems(realisation=current)
        if problems:
            raise ValidationError(problems, code="incomplete")
    return _transition(
        actor=actor,
        realisation=realisation,
        expected_version=expected_version,
        allowed_from=EDITABLE_STATUSES,
        wrong_status_message=_(
            "Hanya realisasi berstatus Draf atau Dikembalikan yang dapat diajukan."
        ),
        action="realisation.submit",
        fields={
            "status": RealisationStatus.SUBMITTED,
            "submitted_at": timezone.now(),
            "submitted_by": actor,
            "return_reason": "",
        },
    )


@transaction.atomic
def realisation_verify(
    *, actor: Any, realisation: Realisation, expected_version: int
) -> Realisation:
    """Pasal 13 huruf c, Pasal 29(1): the Tim Pelaksana verifies a submitted realisation."""
    _require_verify(actor)
    return _transition(
        actor=actor,
        realisation=realisation,
        expected_version=expected_version,
        allowed_from=(RealisationStatus.SUBMITTED,),
        wrong_status_message=_("Hanya realisasi berstatus Diajukan yang dapat diverifikasi."),
        action="realisation.verify",
        fields={
            "status": RealisationStatus.VERIFIED,
            "verified_at": timezone.now(),
            "verified_by": actor,
        },
    )


@transaction.atomic
def realisation_return(
    *, actor: Any, realisation: Realisation, expected_version: int, reason: str
) -> Realisation:
    """Pasal 29(1): the Tim Pelaksana returns a realisation to the agency, with a reason; the
    agency can edit it again and resubmit."""
    _require_verify(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Alasan pengembalian wajib diisi.")]})
    if len(reason) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {"reason": [_("Paling banyak %(max)s karakter.") % {"max": TEXT_MAX_LENGTH}]}
        )
    return _transition(
        actor=actor,
        realisation=realisation,
        expected_version=expected_version,
        allowed_from=(RealisationStatus.SUBMITTED, RealisationStatus.VERIFIED),
        wrong_status_message=_(
            "Hanya realisasi berstatus Diajukan atau Diverifikasi yang dapat dikembalikan."
        ),
        action="realisation.return",
        fields={
            "status": RealisationStatus.RETURNED,
            "return_reason": reason,
            "verified_at": None,
            "verified_by": None,
        },
    )


@transaction.atomic
def realisation_lock(*, actor: Any, realisation: Realisation, expected_version: int) -> Realisation:
    """Pasal 29(2): a verified realisation is locked once reported; it no longer changes."""
    _require_verify(actor)
    return _transition(
        actor=actor,
        realisation=realisation,
        expected_version=expected_version,
        allowed_from=(RealisationStatus.VERIFIED,),
        wrong_status_message=_("Hanya realisasi berstatus Diverifikasi yang dapat dikunci."),
        action="realisation.lock",
        fields={"status": RealisationStatus.LOCKED},
    )
