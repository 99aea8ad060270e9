"""The meeting page and its actions: agenda, invitees and attendance, invitation letter,
preparation checklist (htmx), documents, minutes with action items, conversion of an action
item into a recommendation (with confirmation), distribution of the minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.models import Agency
from kotacerdas.core.uploads import accept_attribute, kinds_label, megabytes_label
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    ActionItem,
    ChecklistItem,
    MeetingDocument,
    MinutesDistribution,
)
from kotacerdas.institutions.selectors import meetings as selectors
from kotacerdas.institutions.services import meetings as services

from .common import error_dict, to_int
from .forms import DocumentForm

EMPTY_ACTION_ROWS = 3


def _context(request, meeting, **extra) -> dict:
    minutes = selectors.meeting_minutes(meeting)
    sent = {d.person_id for d in minutes.distributions.all()} if minutes else set()
    return {
        "meeting": meeting,
        "minutes": minutes,
        "attendances": list(meeting.attendances.all()),
        "checklist": list(meeting.checklist.all()),
        "documents": list(meeting.documents.all()),
        "candidates": [p for p in selectors.distribution_candidates(meeting) if p.pk not in sent],
        "agencies": Agency.objects.filter(is_active=True).order_by("name").only("id", "name"),
        "can_manage": permissions.can_manage(request.user),
        "started": meeting.starts_at <= timezone.now(),
        "document_form": DocumentForm(),
        "accept": accept_attribute(services.DOCUMENT_KINDS),
        "document_help": _("%(kinds)s, paling besar %(max)s MB.")
        % {
            "kinds": kinds_label(services.DOCUMENT_KINDS),
            "max": megabytes_label(services.MAX_DOCUMENT_BYTES),
        },
        "action_rows": range(EMPTY_ACTION_ROWS),
        "errors": {},
        "section": "",
        "data": {},
        **extra,
    }


def _page(request, meeting, status=200, **extra):
    return render(
        request,
        "institutions/meetings/detail.html",
        _context(request, meeting, **extra),
        status=status,
    )


def _failed(request, meeting, section: str, exc: ValidationError, data=None):
    return _page(request, meeting, 400, errors=error_dict(exc), section=section, data=data or {})


def _back(meeting, anchor: str = ""):
    response = redirect("institutions:meeting_detail", pk=meeting.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
def meeting_detail(request, pk: int):
    return _page(request, selectors.meeting_get(actor=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk: int):
    permissions.require_manage(request.user)
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    errors = {}
    if request.method == "POST":
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=request.POST.get("reason", "")
            )
        except ValidationError as exc:
            errors = error_dict(exc)
        else:
            messages.success(request, _("Rapat dibatalkan."))
            return _back(meeting)
    return render(
        request,
        "institutions/meetings/cancel.html",
        {"meeting": meeting, "errors": errors, "data": request.POST},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def meeting_invitation(request, pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    try:
        letter = services.meeting_issue_invitation(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        return _failed(request, meeting, "invitation", exc)
    messages.success(request, _("Surat undangan %(number)s dicatat.") % {"number": letter.number})
    return _back(meeting, "undangan")


@login_required
@require_POST
def attendance_save(request, pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    notes = {}
    for key, value in request.POST.items():
        if key.startswith("note-") and to_int(key[5:]) is not None:
            notes[int(key[5:])] = value
    present = [to_int(v) for v in request.POST.getlist("present") if to_int(v) is not None]
    try:
        services.attendance_record(
            actor=request.user, meeting=meeting, present_person_ids=present, notes=notes
        )
    except ValidationError as exc:
        return _failed(request, meeting, "attendance", exc)
    messages.success(request, _("Daftar hadir disimpan."))
    return _back(meeting, "hadir")


@login_required
@require_POST
def checklist_toggle(request, pk: int, item_pk: int):
    permissions.require_manage(request.user)
    item = get_object_or_404(ChecklistItem, pk=item_pk, meeting_id=pk)
    item = services.checklist_toggle(
        actor=request.user, item=item, done=request.POST.get("done") == "1"
    )
    if request.htmx:
        return render(
            request,
            "institutions/meetings/_checklist_item.html",
            {"item": item, "meeting_id": pk, "can_manage": True},
        )
    return redirect("institutions:meeting_detail", pk=pk)


@login_required
@require_POST
def document_add(request, pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    try:
        services.meeting_document_add(
            actor=request.user,
            meeting=meeting,
            upload=request.FILES.get("file"),
            title=request.POST.get("title", ""),
        )
    except ValidationError as exc:
        return _failed(request, meeting, "document", exc)
    messages.success(request, _("Dokumen diunggah."))
    return _back(meeting, "dokumen")


@login_required
def document_download(request, pk: int):
    permissions.require_read(request.user)
    document = get_object_or_404(MeetingDocument, pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type,
    )


def _action_rows(post) -> list[dict]:
    rows = []
    indexes = sorted(
        {to_int(k.split("-")[-1]) for k in post if k.startswith("ai-description-")} - {None}
    )
    for n in indexes:
        rows.append(
            {
                "description": post.get(f"ai-description-{n}", ""),
                "owner_agency": to_int(post.get(f"ai-owner_agency-{n}")),
                "owner_name": post.get(f"ai-owner_name-{n}", ""),
                "due_date": post.get(f"ai-due_date-{n}", ""),
            }
        )
    return rows


@login_required
@require_POST
def minutes_save(request, pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    try:
        services.minutes_record(
            actor=request.user,
            meeting=meeting,
            summary=request.POST.get("summary", ""),
            decisions=request.POST.get("decisions", ""),
            action_items=_action_rows(request.POST),
        )
    except ValidationError as exc:
        return _failed(request, meeting, "minutes", exc, request.POST)
    messages.success(request, _("Notulen disimpan; rapat ditandai terlaksana."))
    return _back(meeting, "notulen")


@login_required
def minutes_row(request, pk: int):
    """One more empty action-item row of the minutes form (htmx)."""
    permissions.require_manage(request.user)
    return render(
        request,
        "institutions/meetings/_action_row.html",
        {
            "n": to_int(request.GET.get("n"), EMPTY_ACTION_ROWS),
            "next": to_int(request.GET.get("n"), EMPTY_ACTION_ROWS) + 1,
            "meeting_id": pk,
            "agencies": Agency.objects.filter(is_active=True).order_by("name").only("id", "name"),
        },
    )


@login_required
@require_POST
def minutes_approve(request, pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    minutes = selectors.meeting_minutes(meeting)
    try:
        if minutes is None:
            raise ValidationError(_("Belum ada notulen untuk disahkan."))
        services.minutes_approve(actor=request.user, minutes=minutes)
    except ValidationError as exc:
        return _failed(request, meeting, "minutes", exc)
    messages.success(request, _("Notulen disahkan."))
    return _back(meeting, "notulen")


@login_required
@require_http_methods(["GET", "POST"])
def action_item_convert(request, pk: int):
    permissions.require_manage(request.user)
    item = get_object_or_404(
        ActionItem.objects.select_related("minutes__meeting", "owner_agency"), pk=pk
    )
    meeting = item.minutes.meeting
    errors = {}
    if request.method == "POST":
        try:
            rec_id = services.action_item_to_recommendation(actor=request.user, item=item)
        except ValidationError as exc:
            errors = error_dict(exc)
        else:
            messages.success(
                request, _("Tindak lanjut dijadikan rekomendasi nomor %(id)s.") % {"id": rec_id}
            )
            return _back(meeting, "notulen")
    return render(
        request,
        "institutions/meetings/convert.html",
        {"item": item, "meeting": meeting, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def minutes_distribute(request, pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    minutes = selectors.meeting_minutes(meeting)
    ids = [to_int(v) for v in request.POST.getlist("person") if to_int(v) is not None]
    try:
        if minutes is None:
            raise ValidationError(_("Catat notulen dahulu sebelum didistribusikan."))
        rows = services.minutes_distribute(actor=request.user, minutes=minutes, person_ids=ids)
    except ValidationError as exc:
        return _failed(request, meeting, "distribution", exc)
    messages.success(request, _("Notulen dikirim kepada %(n)s orang.") % {"n": len(rows)})
    return _back(meeting, "distribusi")


@login_required
@require_POST
def distribution_received(request, pk: int):
    permissions.require_manage(request.user)
    row = get_object_or_404(MinutesDistribution.objects.select_related("minutes"), pk=pk)
    meeting = selectors.meeting_get(actor=request.user, pk=row.minutes.meeting_id)
    try:
        services.distribution_mark_received(actor=request.user, distribution=row)
    except ValidationError as exc:
        return _failed(request, meeting, "distribution", exc)
    messages.success(request, _("Penerimaan notulen dicatat."))
    return _back(meeting, "distribusi")
