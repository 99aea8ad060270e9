"""Call-center console (issue #5 item 6): keyboard-first intake for agents of Call Center
1500444 on 24-hour shifts, caller lookup by phone (htmx), a log of every call with the 112/119
hand-over note, and shift handover notes."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.complaints.models import HandedTo, Privacy, ShiftHandover
from kotacerdas.complaints.selectors import callcenter as selectors
from kotacerdas.complaints.services import callcenter as services
from kotacerdas.complaints.views.citizen import ReportForm, add_report_errors, report_form_kwargs
from kotacerdas.core.forms import style_form

PAGE_SIZE = 50
# Alt-key shortcuts shown on the console: (key, element id, what it does).
SHORTCUTS = [
    ("T", "id_reporter_phone", gettext_lazy("nomor penelepon")),
    ("K", "id_category", gettext_lazy("kategori")),
    ("U", "id_description", gettext_lazy("uraian")),
    ("L", "id_kelurahan", gettext_lazy("kelurahan")),
    ("S", "simpan-laporan", gettext_lazy("simpan laporan")),
    ("D", "panggilan_handed_to", gettext_lazy("catat panggilan / alihkan ke 112-119")),
    ("V", "tautan-verifikasi", gettext_lazy("antrean verifikasi")),
    ("H", "tautan-serah-terima", gettext_lazy("serah terima shift")),
]


class PhoneIntakeForm(ReportForm):
    """The web report's fields, entered by the agent; the caller's phone first, no photo."""

    walk_in = forms.BooleanField(
        label=gettext_lazy("Pelapor datang langsung (bukan telepon)"),
        required=False,
    )
    call_note = forms.CharField(
        label=gettext_lazy("Catatan panggilan (internal)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = [
        "reporter_phone",
        "reporter_name",
        "category",
        "case_type",
        "description",
        "kecamatan",
        "kelurahan",
        "address",
        "lat",
        "lng",
        "privacy",
        "reporter_email",
        "title",
        "call_note",
        "walk_in",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["photo"]
        self.fields["privacy"].widget = forms.Select(choices=Privacy.choices)
        self.fields["privacy"].widget.attrs["class"] = "form-select"
        self.fields["reporter_phone"].label = _("Nomor penelepon")
        self.fields["reporter_phone"].widget.attrs.update({"autofocus": True, "accesskey": "t"})
        self.fields["category"].widget.attrs["accesskey"] = "k"
        self.fields["description"].widget.attrs.update({"accesskey": "u", "rows": 3})
        self.fields["kelurahan"].widget.attrs["accesskey"] = "l"
        for name in ("lat", "lng"):
            self.fields[name].widget.attrs.pop("readonly", None)
        style_form(self)
        self.fields["privacy"].widget.attrs["class"] = "form-select"
        self.fields["walk_in"].widget.attrs["class"] = "form-check-input"


class CallLogForm(forms.Form):
    caller_phone = forms.CharField(label=gettext_lazy("Nomor penelepon"), required=False)
    handed_to = forms.ChoiceField(
        label=gettext_lazy("Dialihkan ke"),
        required=False,
        choices=[("", gettext_lazy("— tidak dialihkan —"))]
        + [(value, label) for value, label in HandedTo.choices if value],
    )
    note = forms.CharField(
        label=gettext_lazy("Catatan panggilan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "panggilan_%s")  # ids apart from the intake form's
        super().__init__(*args, **kwargs)
        self.fields["caller_phone"].widget.attrs["inputmode"] = "tel"
        self.fields["handed_to"].widget.attrs["accesskey"] = "d"
        style_form(self)


class HandoverForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Catatan serah terima"), widget=forms.Textarea(attrs={"rows": 4})
    )
    open_cases = forms.CharField(
        label=gettext_lazy("Laporan yang perlu dipantau (nomor lacak, dipisah spasi/koma)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _(
            "Tuliskan catatan serah terima untuk shift berikutnya."
        )
        style_form(self)


def _console(request, *, form=None, call_form=None, status=200):
    actor = request.user
    selectors.require_agent_reader(actor)
    return render(
        request,
        "complaints/callcenter/console.html",
        {
            "form": form or PhoneIntakeForm(),
            "call_form": call_form or CallLogForm(),
            "pending_handovers": selectors.pending_handovers(actor=actor),
            "recent_calls": selectors.call_log_list(actor=actor).filter(agent=actor)[:10],
            "shortcuts": SHORTCUTS,
        },
        status=status,
    )


@login_required
@require_GET
def callcenter(request):
    return _console(request)


@login_required
@require_POST
def callcenter_intake(request):
    """A case taken on the phone (channel call_center) with its call log."""
    selectors.require_agent_reader(request.user)
    form = PhoneIntakeForm(request.POST)
    form.is_valid()
    if not form.errors:
        try:
            result, _call = services.callcenter_case_submit(
                actor=request.user,
                call_note=request.POST.get("call_note", ""),
                walk_in=form.cleaned_data.get("walk_in", False),
                **report_form_kwargs(form),
            )
        except ValidationError as exc:
            add_report_errors(form, exc)
        else:
            messages.success(
                request,
                _("Laporan %(number)s dicatat. Bacakan nomor lacak ini kepada penelepon.")
                % {"number": result.case.tracking_number},
            )
            return redirect("complaints:callcenter")
    return _console(request, form=form, status=400)


@login_required
@require_GET
def callcenter_lookup(request):
    """htmx: the caller's earlier cases and calls, by phone number."""
    phone = request.GET.get("reporter_phone") or request.GET.get("telepon") or ""
    phone = phone.strip()[:40]
    cases = selectors.caller_cases(actor=request.user, phone=phone)
    calls = selectors.caller_calls(actor=request.user, phone=phone)
    return render(
        request,
        "complaints/callcenter/_caller.html",
        {
            "phone": phone,
            "cases": cases,
            "calls": calls,
            "too_short": bool(phone) and not selectors.phone_variants(phone),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def callcenter_calls(request):
    """The call log (filtered, paginated); POST logs a call without a case (112/119 note)."""
    selectors.require_agent_reader(request.user)
    if request.method == "POST":
        call_form = CallLogForm(request.POST)
        call_form.is_valid()
        data = request.POST
        try:
            services.call_log_record(
                actor=request.user,
                caller_phone=data.get("caller_phone", ""),
                handed_to=data.get("handed_to", ""),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            add_report_errors(call_form, exc)
            return _console(request, call_form=call_form, status=400)
        handed = data.get("handed_to", "")
        messages.success(
            request,
            _("Panggilan dicatat (dialihkan ke %(number)s).") % {"number": handed}
            if handed
            else _("Panggilan dicatat."),
        )
        return redirect("complaints:callcenter")
    phone = request.GET.get("telepon", "").strip()[:40]
    handed_to = request.GET.get("dialihkan", "")
    if handed_to not in ("", "any", *HandedTo.values):
        handed_to = ""
    calls = selectors.call_log_list(actor=request.user, phone=phone, handed_to=handed_to)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "complaints/callcenter/calls.html",
        {"page": page, "phone": phone, "handed_to": handed_to, "handed_choices": HandedTo.choices},
    )


@login_required
@require_GET
def callcenter_calls_export(request):
    """The filtered call log as CSV."""
    selectors.require_agent_reader(request.user)
    handed_to = request.GET.get("dialihkan", "")
    calls = selectors.call_log_list(
        actor=request.user,
        phone=request.GET.get("telepon", "").strip()[:40],
        handed_to=handed_to if handed_to in ("any", *HandedTo.values) else "",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="log-panggilan.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Mulai"),
            _("Selesai"),
            _("Agen"),
            _("Nomor penelepon"),
            _("Laporan"),
            _("Dialihkan"),
            _("Catatan"),
        ]
    )
    for call in calls.iterator(chunk_size=500):
        writer.writerow(
            [
                timezone.localtime(call.started_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(call.ended_at).strftime("%Y-%m-%d %H:%M")
                if call.ended_at
                else "",
                call.agent.get_username(),
                call.caller_phone,
                call.case.tracking_number if call.case_id else "",
                call.handed_to,
                call.note,
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def callcenter_handover(request):
    """Write the end-of-shift note; the list of notes with who acknowledged them."""
    actor = request.user
    selectors.require_agent_reader(actor)
    status = 200
    if request.method == "POST":
        form = HandoverForm(request.POST)
        if form.is_valid():
            try:
                services.handover_write(
                    actor=actor,
                    note=form.cleaned_data["note"],
                    open_cases=[form.cleaned_data["open_cases"]],
                )
            except ValidationError as exc:
                add_report_errors(form, exc)
            else:
                messages.success(request, _("Catatan serah terima disimpan."))
                return redirect("complaints:callcenter_handover")
        status = 400
    else:
        watch = selectors.cases_to_watch(actor=actor)
        form = HandoverForm(initial={"open_cases": " ".join(c.tracking_number for c in watch)})
    page = Paginator(selectors.handover_list(actor=actor), 25).get_page(request.GET.get("halaman"))
    rows = [{"handover": h, "cases": selectors.handover_cases(h)} for h in page]
    return render(
        request,
        "complaints/callcenter/handover.html",
        {"form": form, "page": page, "rows": rows},
        status=status,
    )


@login_required
@require_POST
def callcenter_handover_ack(request, pk):
    selectors.require_agent_reader(request.user)
    handover = get_object_or_404(ShiftHandover, pk=pk)
    try:
        services.handover_acknowledge(actor=request.user, handover=handover)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Serah terima diterima. Selamat bertugas."))
    back = "complaints:callcenter" if request.POST.get("next") == "console" else None
    return redirect(back or "complaints:callcenter_handover")
