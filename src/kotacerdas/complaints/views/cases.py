"""Back-office case pages: list with filters and CSV, verification queue, case detail with the
timeline, duplicate suggestions, actions per allowed transition, merge with confirmation."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.complaints.models import (
    CaseState,
    CaseType,
    Category,
    Channel,
    UrcStatus,
    UrcUnit,
)
from kotacerdas.complaints.selectors import cases as selectors
from kotacerdas.complaints.selectors.routing import routing_suggestions_for
from kotacerdas.complaints.services import lifecycle
from kotacerdas.complaints.services.merge import case_merge, find_duplicates
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.models.regions import RegionLevel

PAGE_SIZE = 25
ACTION_LABELS = {
    "verify": _("Verifikasi"),
    "decline": _("Tolak"),
    "dispatch": _("Teruskan"),
    "start": _("Mulai tangani"),
    "resolve": _("Selesaikan"),
    "urc": _("Status URC"),
    "pause": _("Tunggu pelapor"),
    "resume": _("Lanjutkan"),
    "note": _("Catatan"),
}


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _errors(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def _require_back_office(user) -> None:
    if not selectors.can_use_back_office(user):
        raise PermissionDenied(_("Halaman ini hanya untuk petugas pengaduan."))


def _filters(request) -> dict:
    state = request.GET.get("status", "")
    channel = request.GET.get("kanal", "")
    return {
        "state": state if state in CaseState.values or state == "open" else "",
        "category_id": _int(request.GET.get("kategori")),
        "agency_id": _int(request.GET.get("pd")),
        "kecamatan_id": _int(request.GET.get("kecamatan")),
        "channel": channel if channel in Channel.values else "",
        "overdue": request.GET.get("terlambat") == "1",
        "search": request.GET.get("q", "").strip()[:100],
    }


@login_required
def case_list(request):
    _require_back_office(request.user)
    filters = _filters(request)
    queryset = selectors.case_list(actor=request.user, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "filters": filters,
        "page": page,
        "states": CaseState.choices,
        "channels": Channel.choices,
        "categories": Category.objects.order_by("name").only("id", "name"),
        "agencies": Agency.objects.filter(is_active=True).order_by("name").only("id", "name"),
        "kecamatan": Region.objects.filter(level=RegionLevel.KECAMATAN).defer("boundary"),
        "can_verify": lifecycle.is_staff_dispatcher(request.user),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "complaints/cases/list.html#results", context)
    return render(request, "complaints/cases/list.html", context)


@login_required
def case_export(request):
    """The filtered list as CSV (no reporter contact details)."""
    _require_back_office(request.user)
    queryset = selectors.case_list(actor=request.user, **_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="laporan-masyarakat.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Nomor lacak"),
            _("Diterima"),
            _("Kanal"),
            _("Jenis"),
            _("Kategori"),
            _("Judul"),
            _("Kecamatan"),
            _("Kelurahan"),
            _("Perangkat Daerah"),
            _("URC"),
            _("Status"),
            _("Hasil"),
            _("Tenggat SLA"),
            _("Terlambat"),
            _("Penilaian"),
        ]
    )
    for case in queryset.iterator(chunk_size=500):
        writer.writerow(
            [
                case.tracking_number,
                timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M"),
                case.get_channel_display(),
                case.get_case_type_display(),
                case.category.name,
                case.title,
                case.kecamatan.display_name if case.kecamatan_id else "",
                case.kelurahan.display_name if case.kelurahan_id else "",
                case.assigned_agency.name if case.assigned_agency_id else "",
                case.assigned_urc.name if case.assigned_urc_id else "",
                case.get_state_display(),
                case.get_outcome_display() if case.outcome else "",
                timezone.localtime(case.sla_due_at).strftime("%Y-%m-%d %H:%M")
                if case.sla_due_at
                else "",
                _("ya") if case.is_overdue else _("tidak"),
                case.rating or "",
            ]
        )
    return response


@login_required
def verify_queue(request):
    _require_back_office(request.user)
    queryset = selectors.verify_queue(actor=request.user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "complaints/cases/verify_queue.html", {"page": page})


def _detail_context(request, case, **extra) -> dict:
    actions = selectors.allowed_actions(request.user, case)
    dispatcher = lifecycle.is_staff_dispatcher(request.user)
    duplicates = []
    if dispatcher and case.state != CaseState.CLOSED:
        duplicates = find_duplicates(case)
    # Pasal 5d: the routing model's top three for the verifier, until the case is dispatched.
    routing_suggestions = None
    if dispatcher and case.state in (CaseState.RECEIVED, CaseState.VERIFIED):
        routing_suggestions = routing_suggestions_for(case)
    return {
        "case": case,
        "timeline": selectors.case_timeline(case=case),
        "attachments": case.attachments.all(),
        "actions": actions,
        "action_labels": ACTION_LABELS,
        "duplicates": duplicates,
        "routing_suggestions": routing_suggestions,
        "merged_cases": case.merged_cases.all(),
        "categories": Category.objects.filter(is_active=True).order_by("name"),
        "agencies": Agency.objects.filter(is_active=True).order_by("name").only("id", "name"),
        "urc_units": UrcUnit.objects.filter(is_active=True).select_related("agency"),
        "case_types": CaseType.choices,
        "decline_choices": selectors.DECLINE_CHOICES,
        "urc_choices": [
            (value, label)
            for value, label in UrcStatus.choices
            if value and value in lifecycle.URC_ORDER[1:]
        ],
        "errors": {},
        "failed_action": "",
        "data": {},
        **extra,
    }


@login_required
def case_detail(request, number):
    _require_back_office(request.user)
    case = selectors.case_get(actor=request.user, tracking_number=number)
    return render(request, "complaints/cases/detail.html", _detail_context(request, case))


def _run_action(request, case, action: str) -> str:
    """Call the service of `action` with the posted fields; returns the success message."""
    data, files = request.POST, request.FILES
    common = {"actor": request.user, "case": case, "version": data.get("version")}
    note = data.get("note", "")
    if action == "verify":
        lifecycle.case_verify(
            **common,
            category=Category.objects.filter(pk=_int(data.get("category"))).first(),
            agency=Agency.objects.filter(pk=_int(data.get("agency"))).first(),
            urc=UrcUnit.objects.filter(pk=_int(data.get("urc"))).first(),
            case_type=data.get("case_type") or None,
            note=note,
        )
        return _("Laporan diverifikasi.")
    if action == "decline":
        if data.get("confirm") != "1":
            raise ValidationError(
                {"confirm": _("Centang konfirmasi untuk menolak dan menutup laporan ini.")}
            )
        lifecycle.case_decline(**common, reason=data.get("reason", ""), note=note)
        return _("Laporan ditolak dan ditutup.")
    if action == "dispatch":
        lifecycle.case_dispatch(
            **common,
            agency=Agency.objects.filter(pk=_int(data.get("agency"))).first(),
            urc=UrcUnit.objects.filter(pk=_int(data.get("urc"))).first(),
            note=note,
        )
        return _("Laporan diteruskan.")
    if action == "start":
        lifecycle.case_start(**common, note=note)
        return _("Laporan mulai ditangani.")
    if action == "resolve":
        lifecycle.case_resolve(**common, note=note, evidence=files.getlist("evidence"))
        return _("Laporan ditandai selesai; menunggu konfirmasi pelapor.")
    if action == "urc":
        lifecycle.urc_update(
            **common,
            status=data.get("status", ""),
            lat=data.get("lat") or None,
            lng=data.get("lng") or None,
            note=note,
            evidence=files.getlist("evidence"),
        )
        return _("Status URC diperbarui.")
    if action == "pause":
        lifecycle.case_pause(**common, reason=data.get("reason", ""))
        return _("Laporan menunggu pelapor; tenggat dihentikan sementara.")
    if action == "resume":
        lifecycle.case_resume(**common, note=note)
        return _("Penanganan dilanjutkan.")
    if action == "note":
        lifecycle.case_add_note(
            actor=request.user, case=case, note=note, public=data.get("public") == "1"
        )
        return _("Catatan disimpan.")
    raise Http404(_("Tindakan tidak dikenal."))


@login_required
@require_POST
def case_action(request, number, action):
    _require_back_office(request.user)
    case = selectors.case_get(actor=request.user, tracking_number=number)
    if action not in ACTION_LABELS:
        raise Http404(_("Tindakan tidak dikenal."))
    try:
        message = _run_action(request, case, action)
    except ValidationError as exc:
        case.refresh_from_db()
        context = _detail_context(
            request, case, errors=_errors(exc), failed_action=action, data=request.POST
        )
        return render(request, "complaints/cases/detail.html", context, status=400)
    messages.success(request, message)
    return redirect("complaints:case_detail", number=case.tracking_number)


@login_required
@require_http_methods(["GET", "POST"])
def case_merge_confirm(request, number, into):
    _require_back_office(request.user)
    if not lifecycle.is_staff_dispatcher(request.user):
        raise PermissionDenied(_("Hanya agen Call Center yang boleh menggabungkan laporan."))
    duplicate = selectors.case_get(actor=request.user, tracking_number=number)
    master = selectors.case_get(actor=request.user, tracking_number=into)
    errors: dict = {}
    if request.method == "POST":
        try:
            case_merge(
                actor=request.user,
                duplicate=duplicate,
                into=master,
                version=request.POST.get("version"),
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(
                request,
                _("Laporan %(number)s digabung ke %(into)s.")
                % {"number": duplicate.tracking_number, "into": master.tracking_number},
            )
            return redirect("complaints:case_detail", number=master.tracking_number)
    return render(
        request,
        "complaints/cases/merge_confirm.html",
        {"duplicate": duplicate, "master": master, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def case_attachment(request, number, attachment_id):
    _require_back_office(request.user)
    case = selectors.case_get(actor=request.user, tracking_number=number)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404(_("Lampiran tidak ditemukan."))
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{attachment.file.name.rsplit("/", 1)[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
