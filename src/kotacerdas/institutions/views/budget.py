"""Budget pages (Pasal 30): per year, per body and source the pagu, realisation, % and remaining;
the lines and their spendings; forms for the secretariat; CSV and XLSX export."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import Body, FundingSource
from kotacerdas.institutions.selectors import budget as selectors
from kotacerdas.institutions.services import budget as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _money_field(label):
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class LineForm(forms.Form):
    body = forms.ChoiceField(label=gettext_lazy("Untuk"), choices=Body.choices)
    source = forms.ChoiceField(label=gettext_lazy("Sumber dana"), choices=FundingSource.choices)
    source_detail = forms.CharField(
        label=gettext_lazy("Keterangan sumber"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Wajib untuk sumber lain yang sah (mis. hibah, CSR)."),
    )
    name = forms.CharField(label=gettext_lazy("Uraian"), max_length=300)
    amount = _money_field(gettext_lazy("Pagu (Rp)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class LineEditForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Uraian"), max_length=300)
    source_detail = forms.CharField(
        label=gettext_lazy("Keterangan sumber"), max_length=200, required=False
    )
    amount = _money_field(gettext_lazy("Pagu (Rp)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class SpendingForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = _money_field(gettext_lazy("Realisasi (Rp)"))
    description = forms.CharField(label=gettext_lazy("Uraian"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = 0
    if 2000 <= year <= 2100:
        return year
    return timezone.localdate().year


def _try(form, call) -> bool:
    """Run a service call for a valid form; put its ValidationError back on the form."""
    if not form.is_valid():
        style_form(form)
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        style_form(form)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def budget(request):
    year = _year(request)
    rows, total = selectors.budget_summary(actor=request.user, year=year)
    can_manage = permissions.can_manage(request.user)
    form = LineForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        permissions.require_manage(request.user)
        if _try(
            form,
            lambda data: services.budget_line_create(actor=request.user, year=year, **data),
        ):
            messages.success(request, _("Mata anggaran ditambahkan."))
            return redirect(f"{request.path}?tahun={year}")
    years = sorted({*selectors.budget_years(), year, timezone.localdate().year}, reverse=True)
    return render(
        request,
        "institutions/budget/budget.html",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "total": total,
            "lines": selectors.budget_lines(actor=request.user, year=year),
            "can_manage": can_manage,
            "form": form,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_detail(request, pk: int):
    line = selectors.budget_line_get(actor=request.user, pk=pk)
    can_manage = permissions.can_manage(request.user)
    spending_form = edit_form = None
    if can_manage:
        spending_form = SpendingForm(
            request.POST if request.POST.get("form") == "realisasi" else None,
            initial={"date": timezone.localdate()},
        )
        edit_form = LineEditForm(
            request.POST if request.POST.get("form") == "ubah" else None,
            initial={"name": line.name, "source_detail": line.source_detail, "amount": line.amount},
        )
    if request.method == "POST":
        permissions.require_manage(request.user)
        kind = request.POST.get("form")
        ok = False
        if kind == "realisasi":
            ok = _try(
                spending_form,
                lambda data: services.budget_spending_record(actor=request.user, line=line, **data),
            )
        elif kind == "ubah":
            ok = _try(
                edit_form,
                lambda data: services.budget_line_update(actor=request.user, line=line, **data),
            )
        if ok:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("institutions:budget_line_detail", pk=line.pk)
    return render(
        request,
        "institutions/budget/line.html",
        {
            "line": line,
            "percent": selectors.percent(line.realised, line.amount),
            "remaining": line.amount - line.realised,
            "spendings": selectors.budget_spendings(actor=request.user, line=line),
            "can_manage": can_manage,
            "spending_form": spending_form,
            "edit_form": edit_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_spending_remove(request, pk: int):
    spending = selectors.budget_spending_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    if request.method == "POST":
        services.budget_spending_remove(actor=request.user, spending=spending)
        messages.success(request, _("Realisasi dihapus."))
        return redirect("institutions:budget_line_detail", pk=spending.line_id)
    return render(request, "institutions/budget/spending_remove.html", {"s": spending})


def _export_rows(request, year: int) -> tuple[list[str], list[list]]:
    header = [
        _("Tahun"),
        _("Untuk"),
        _("Sumber dana"),
        _("Keterangan sumber"),
        _("Uraian"),
        _("Pagu (Rp)"),
        _("Realisasi (Rp)"),
        _("Persen realisasi"),
        _("Sisa (Rp)"),
    ]
    rows = []
    for line in selectors.budget_lines(actor=request.user, year=year):
        pct = selectors.percent(line.realised, line.amount)
        rows.append(
            [
                line.year,
                line.get_body_display(),
                line.get_source_display(),
                line.source_detail,
                line.name,
                line.amount,
                line.realised,
                pct,
                line.amount - line.realised,
            ]
        )
    return header, rows


@login_required
def budget_export_csv(request):
    year = _year(request)
    header, rows = _export_rows(request, year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="anggaran-{year}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return response


@login_required
def budget_export_xlsx(request):
    year = _year(request)
    header, rows = _export_rows(request, year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Anggaran %(year)s") % {"year": year}
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
    for column in ("F", "G", "I"):
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
    summary = workbook.create_sheet(_("Ringkasan"))
    summary.append(
        [_("Untuk"), _("Sumber dana"), _("Pagu (Rp)"), _("Realisasi (Rp)"), _("Sisa (Rp)")]
    )
    summary_rows, total = selectors.budget_summary(actor=request.user, year=year)
    for r in [*summary_rows, total]:
        summary.append(
            [
                r.body_label or _("Jumlah"),
                r.source_label,
                float(r.pagu),
                float(r.realised),
                float(r.remaining),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="anggaran-{year}.xlsx"'
    return response
