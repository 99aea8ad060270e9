"""Writes of the council's and the team's budget (Pasal 30: APBD and other lawful sources).

The secretariat records budget lines (pagu) per year, body and source, and the spendings made
on them. A spending that would take a line above its pagu is refused (the line row is locked
while the total is checked, so two spendings at once cannot both slip through); amounts must be
positive; a spending belongs to the year of its line.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.institutions.models import Body, BudgetLine, BudgetSpending, FundingSource
from kotacerdas.institutions.permissions import require_manage

MAX_AMOUNT = Decimal("99999999999999.99")  # max_digits=16, decimal_places=2
YEAR_RANGE = (2000, 2100)


def rupiah(amount: Decimal) -> str:
    """Decimal("1234567.5") -> "Rp 1.234.567,50" (Indonesian grouping)."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, cents = f"{amount:,.2f}".split(".")
    text = whole.replace(",", ".")
    return f"Rp {text}" if cents == "00" else f"Rp {text},{cents}"


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(
            {field: [_("Jumlah tidak valid; tulis angka, mis. 15000000.")]}
        ) from None
    if not amount.is_finite():
        raise ValidationError({field: [_("Jumlah tidak valid; tulis angka, mis. 15000000.")]})
    if amount <= 0:
        raise ValidationError({field: [_("Jumlah harus lebih dari nol.")]})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: [_("Jumlah terlalu besar.")]})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: [_("Jumlah paling banyak dua angka di belakang koma.")]})
    return amount


def _text(value: str, field: str, label: str, max_length: int, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: [_("%(label)s wajib diisi.") % {"label": label}]})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: [
                    _("%(label)s maksimum %(max)s karakter.") % {"label": label, "max": max_length}
                ]
            }
        )
    return text


def _other_source_message() -> str:
    return _("Sebutkan sumber lain yang sah itu (mis. hibah, CSR, atau kerja sama).")


def spent_on(line: BudgetLine, *, exclude_pk: int | None = None) -> Decimal:
    queryset = BudgetSpending.objects.filter(line=line)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.aggregate(total=Sum("amount"))["total"] or Decimal("0")


@transaction.atomic
def budget_line_create(
    *,
    actor: Any,
    year: int,
    body: str,
    source: str,
    name: str,
    amount: Any,
    source_detail: str = "",
) -> BudgetLine:
    """A budget line (pagu) of the council, the secretariat or the team for a year."""
    require_manage(actor)
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        errors["year"] = [_("Tahun anggaran tidak valid.")]
    if body not in Body.values:
        errors["body"] = [_("Pilih Dewan, Sekretariat atau Tim Pelaksana.")]
    if source not in FundingSource.values:
        errors["source"] = [_("Pilih sumber dana: APBD atau sumber lain yang sah.")]
    elif source == FundingSource.OTHER and not (source_detail or "").strip():
        errors["source_detail"] = [_other_source_message()]
    if errors:
        raise ValidationError(errors)
    line = BudgetLine.objects.create(
        year=year,
        body=body,
        source=source,
        source_detail=_text(
            source_detail, "source_detail", _("Keterangan sumber"), 200, required=False
        ),
        name=_text(name, "name", _("Uraian"), 300),
        amount=_amount(amount, "amount"),
    )
    audit_record(actor=actor, action="budget_line.create", obj=line, changes=snapshot(line))
    return line


@transaction.atomic
def budget_line_update(
    *, actor: Any, line: BudgetLine, name: str, amount: Any, source_detail: str = ""
) -> BudgetLine:
    """Change a line's description or pagu; the pagu cannot go below what is already spent."""
    require_manage(actor)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    before = snapshot(line)
    new_amount = _amount(amount, "amount")
    spent = spent_on(line)
    if new_amount < spent:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "Pagu tidak boleh lebih kecil dari realisasi yang sudah tercatat "
                        "(%(spent)s)."
                    )
                    % {"spent": rupiah(spent)}
                ]
            }
        )
    if line.source == FundingSource.OTHER and not (source_detail or "").strip():
        raise ValidationError({"source_detail": [_other_source_message()]})
    line.name = _text(name, "name", _("Uraian"), 300)
    line.source_detail = _text(
        source_detail, "source_detail", _("Keterangan sumber"), 200, required=False
    )
    line.amount = new_amount
    line.save()
    audit_record(
        actor=actor, action="budget_line.update", obj=line, changes=diff(before, snapshot(line))
    )
    return line


@transaction.atomic
def budget_spending_record(
    *, actor: Any, line: BudgetLine, date: dt.date, amount: Any, description: str
) -> BudgetSpending:
    """Record a spending on a line; refused when it would exceed the line's remaining pagu."""
    require_manage(actor)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    value = _amount(amount, "amount")
    if date is None:
        raise ValidationError({"date": [_("Tanggal realisasi wajib diisi.")]})
    if date.year != line.year:
        raise ValidationError(
            {
                "date": [
                    _("Tanggal realisasi harus dalam tahun anggaran %(year)s.")
                    % {"year": line.year}
                ]
            }
        )
    description = _text(description, "description", _("Uraian"), 300)
    remaining = line.amount - spent_on(line)
    if value > remaining:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "Realisasi %(amount)s melebihi sisa pagu %(remaining)s pada mata anggaran "
                        "%(line)s (pagu %(pagu)s)."
                    )
                    % {
                        "amount": rupiah(value),
                        "remaining": rupiah(remaining),
                        "line": line.name,
                        "pagu": rupiah(line.amount),
                    }
                ]
            }
        )
    spending = BudgetSpending.objects.create(
        line=line, date=date, amount=value, description=description, recorded_by=actor
    )
    audit_record(
        actor=actor, action="budget_spending.record", obj=spending, changes=snapshot(spending)
    )
    return spending


@transaction.atomic
def budget_spending_remove(*, actor: Any, spending: BudgetSpending) -> None:
    """Remove a spending recorded in error (after confirmation); the audit event keeps it."""
    require_manage(actor)
    values = snapshot(spending)
    pk = spending.pk
    spending.delete()
    audit_record(
        actor=actor,
        action="budget_spending.remove",
        object_type="institutions.BudgetSpending",
        object_id=pk,
        object_repr=values["description"],
        changes=values,
    )
