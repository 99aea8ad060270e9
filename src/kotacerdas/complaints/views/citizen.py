"""Citizen pages (issue #5 item 12): submit a report with a photo, track it by number, and with
the secret link confirm, reopen or rate it. Public, no account, phone-first."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.complaints.models import CaseState, CaseType, Category, Privacy
from kotacerdas.complaints.selectors import public as public_selectors
from kotacerdas.complaints.selectors.sla import sla_status
from kotacerdas.complaints.services import lifecycle
from kotacerdas.complaints.services.intake import case_submit, secret_matches
from kotacerdas.complaints.services.lifecycle.reporter import REOPENABLE_OUTCOMES
from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.core.models import Region
from kotacerdas.core.models.regions import RegionLevel

SESSION_SECRET_KEY = "complaints_submitted"
# Service error keys that belong to another field of the form.
ERROR_FIELDS = {"uploads": "photo", "location": "lat", "attributes": None}


def region_choices() -> tuple[list, list]:
    """(kecamatan choices, kelurahan choices grouped by kecamatan) by region code."""
    kecamatan = list(
        Region.objects.filter(level=RegionLevel.KECAMATAN).defer("boundary").order_by("name")
    )
    kelurahan = list(
        Region.objects.filter(level=RegionLevel.KELURAHAN)
        .defer("boundary")
        .select_related("parent")
        .order_by("name")
    )
    kecamatan_choices = [("", _("— pilih kecamatan —"))] + [
        (r.code, r.display_name) for r in kecamatan
    ]
    grouped = [("", _("— pilih kelurahan —"))]
    for parent in kecamatan:
        options = [(r.code, r.display_name) for r in kelurahan if r.parent_id == parent.pk]
        if options:
            grouped.append((parent.display_name, options))
    return kecamatan_choices, grouped


class ReportForm(forms.Form):
    """The fields of a report; the service does every check that matters (no writes on error)."""

    category = forms.ModelChoiceField(
        label=gettext_lazy("Kategori"),
        queryset=Category.objects.none(),
        empty_label=gettext_lazy("— pilih kategori —"),
        error_messages={"required": gettext_lazy("Pilih kategori laporan.")},
    )
    case_type = forms.ChoiceField(
        label=gettext_lazy("Jenis laporan"), choices=CaseType.choices, initial=CaseType.COMPLAINT
    )
    title = forms.CharField(label=gettext_lazy("Judul singkat (boleh kosong)"), required=False)
    description = forms.CharField(
        label=gettext_lazy("Uraian"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Uraian wajib diisi.")},
    )
    lat = forms.CharField(label=gettext_lazy("Lintang"), required=False)
    lng = forms.CharField(label=gettext_lazy("Bujur"), required=False)
    kecamatan = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    kelurahan = forms.ChoiceField(label=gettext_lazy("Kelurahan"), required=False)
    address = forms.CharField(label=gettext_lazy("Alamat / patokan"), required=False)
    photo = forms.FileField(
        label=gettext_lazy("Foto (JPG/PNG, maks. 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    privacy = forms.ChoiceField(
        label=gettext_lazy("Siapa yang boleh melihat laporan ini?"),
        choices=Privacy.choices,
        initial=Privacy.PUBLIC,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label=gettext_lazy("Nama"), required=False)
    reporter_phone = forms.CharField(
        label=gettext_lazy("Nomor telepon / WhatsApp"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    reporter_email = forms.CharField(
        label=gettext_lazy("Surel"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True).order_by(
            "group", "name"
        )
        kecamatan, kelurahan = region_choices()
        self.fields["kecamatan"].choices = kecamatan
        self.fields["kelurahan"].choices = kelurahan
        self.fields["lat"].widget.attrs.update({"inputmode": "decimal", "readonly": True})
        self.fields["lng"].widget.attrs.update({"inputmode": "decimal", "readonly": True})
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"
        style_form(self)
        # Radios keep Bootstrap's own classes.
        self.fields["privacy"].widget.attrs["class"] = "form-check-input"


def report_form_kwargs(form: ReportForm) -> dict:
    """The arguments of `case_submit` from a bound form (raw values; the service checks)."""
    data = form.data
    return {
        "category": form.cleaned_data.get("category"),
        "case_type": data.get("case_type") or None,
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "lat": data.get("lat") or None,
        "lng": data.get("lng") or None,
        "kecamatan_code": data.get("kecamatan", ""),
        "kelurahan_code": data.get("kelurahan", ""),
        "address": data.get("address", ""),
        "privacy": data.get("privacy") or Privacy.PUBLIC,
        "reporter_name": data.get("reporter_name", ""),
        "reporter_phone": data.get("reporter_phone", ""),
        "reporter_email": data.get("reporter_email", ""),
    }


def service_errors(exc: ValidationError) -> dict:
    """A service's ValidationError as {field or "__all__": [messages]}."""
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def add_report_errors(form: forms.Form, exc: ValidationError) -> None:
    """The service's errors on the form, each on its field when there is one."""
    if not hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
        return
    renamed: dict[str, list[str]] = {}
    for key, texts in exc.message_dict.items():
        field = ERROR_FIELDS.get(key, key)
        renamed.setdefault(field if field in form.fields else "__all__", []).extend(texts)
    for field, texts in renamed.items():
        form.add_error(None if field == "__all__" else field, texts)
    style_form(form)


def _submit_context(form: ReportForm) -> dict:
    privacy = form.data.get("privacy") if form.is_bound else Privacy.PUBLIC
    if privacy not in Privacy.values:
        privacy = Privacy.PUBLIC
    return {
        "form": form,
        "preview": public_selectors.privacy_preview(privacy),
        "geojson_url": reverse("core:region_geojson") + f"?tingkat={RegionLevel.KECAMATAN}",
    }


@require_http_methods(["GET", "POST"])
def submit(request):
    """The report form. A bad form keeps every value typed (the photo has to be picked again)."""
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        form.is_valid()
        if not form.errors:
            photo = request.FILES.getlist("photo")
            try:
                result = case_submit(
                    actor=request.user,
                    channel="web",
                    uploads=photo,
                    **report_form_kwargs(form),
                )
            except ValidationError as exc:
                add_report_errors(form, exc)
            else:
                request.session[SESSION_SECRET_KEY] = {
                    "number": result.case.tracking_number,
                    "secret": result.reporter_secret,
                }
                return redirect("complaints:submit_done")
        return render(request, "complaints/citizen/submit.html", _submit_context(form), status=400)
    return render(request, "complaints/citizen/submit.html", _submit_context(ReportForm()))


@require_GET
def submit_done(request):
    """The tracking number and the secret link, shown once (taken out of the session)."""
    submitted = request.session.pop(SESSION_SECRET_KEY, None)
    if not submitted:
        return redirect("complaints:track")
    manage_path = reverse(
        "complaints:track_manage", args=[submitted["number"], submitted["secret"]]
    )
    return render(
        request,
        "complaints/citizen/submit_done.html",
        {
            "number": submitted["number"],
            "manage_url": request.build_absolute_uri(manage_path),
            "track_url": reverse("complaints:track_case", args=[submitted["number"]]),
        },
    )


@require_GET
def privacy_preview(request):
    """htmx: the "who will see what" box for the chosen tier."""
    privacy = request.GET.get("privacy", Privacy.PUBLIC)
    if privacy not in Privacy.values:
        privacy = Privacy.PUBLIC
    return render(
        request,
        "complaints/citizen/_privacy_preview.html",
        {"preview": public_selectors.privacy_preview(privacy)},
    )


@require_GET
def track(request):
    """Enter a tracking number."""
    number = request.GET.get("nomor", "").strip()
    error = ""
    if number:
        if public_selectors.public_lookup(number) is not None:
            return redirect("complaints:track_case", number=number.upper())
        error = _("Nomor lacak %(number)s tidak ditemukan. Periksa kembali penulisannya.") % {
            "number": number[:40]
        }
    return render(
        request,
        "complaints/citizen/track.html",
        {"number": number[:40], "error": error},
        status=404 if error else 200,
    )


def _case_or_404(number: str):
    case = public_selectors.public_lookup(number)
    if case is None:
        raise Http404(_("Nomor lacak tidak ditemukan."))
    return case


def _status_context(case, **extra) -> dict:
    clock = sla_status(case)
    return {
        "case": case,
        "public": public_selectors.public_case(case),
        "timeline": public_selectors.public_timeline(case),
        "photos": public_selectors.public_attachments(case),
        "clock": clock,
        **extra,
    }


@require_GET
def track_case(request, number):
    """The public status page of a case: no name unless public, never phone or e-mail."""
    case = _case_or_404(number)
    return render(request, "complaints/citizen/status.html", _status_context(case))


def _manage_context(case, secret: str, **extra) -> dict:
    can_reopen = case.state == CaseState.RESOLVED or (
        case.state == CaseState.CLOSED and case.outcome in REOPENABLE_OUTCOMES
    )
    return _status_context(
        case,
        secret=secret,
        manage=True,
        can_confirm=case.state == CaseState.RESOLVED,
        can_reopen=can_reopen,
        can_rate=case.state == CaseState.CLOSED
        and case.outcome in REOPENABLE_OUTCOMES
        and case.rating is None,
        **{"errors": {}, "failed_action": "", "data": {}, **extra},
    )


def _require_secret(case, secret: str) -> None:
    if not secret_matches(case, secret):
        raise PermissionDenied(_("Tautan pengelolaan laporan ini tidak valid."))


@require_GET
def track_manage(request, number, secret):
    """The status page with the reporter's actions (the secret link)."""
    case = _case_or_404(number)
    _require_secret(case, secret)
    return render(request, "complaints/citizen/status.html", _manage_context(case, secret))


REPORTER_ACTIONS = {
    "konfirmasi": gettext_lazy("Terima kasih, laporan Anda ditutup sebagai selesai."),
    "buka-kembali": gettext_lazy("Laporan dibuka kembali dan akan ditangani lagi."),
    "nilai": gettext_lazy("Terima kasih atas penilaian Anda."),
}


@require_POST
def track_action(request, number, secret, action):
    """Confirm, reopen (with a reason) or rate (1-5, comment) with the secret link."""
    case = _case_or_404(number)
    if action not in REPORTER_ACTIONS:
        raise Http404(_("Tindakan tidak dikenal."))
    data = request.POST
    common = {"actor": request.user, "case": case, "version": data.get("version"), "secret": secret}
    try:
        if action == "konfirmasi":
            lifecycle.case_confirm(**common)
        elif action == "buka-kembali":
            lifecycle.case_reopen(**common, reason=data.get("reason", ""))
        else:
            lifecycle.case_rate(
                **common, rating=data.get("rating"), comment=data.get("comment", "")
            )
    except ValidationError as exc:
        case.refresh_from_db()
        context = _manage_context(
            case, secret, errors=service_errors(exc), failed_action=action, data=data
        )
        return render(request, "complaints/citizen/status.html", context, status=400)
    messages.success(request, REPORTER_ACTIONS[action])
    return redirect("complaints:track_manage", number=case.tracking_number, secret=secret)


@require_GET
def track_photo(request, number, attachment_id):
    """A public photo of the handling (never the reporter's own attachments)."""
    case = _case_or_404(number)
    attachment = public_selectors.public_attachments(case).filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404(_("Foto tidak ditemukan."))
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
