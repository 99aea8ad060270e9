"""Submission pages: upload for an entry and period, the submission with its progress bar,
validation report and data preview, the walidata's actions (check, return, publish; each a
POST after a confirmation), the list and the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kotacerdas.opendata import permissions, rules
from kotacerdas.opendata.models import SubmissionStatus
from kotacerdas.opendata.selectors import submissions as selectors
from kotacerdas.opendata.selectors.daftar import entry_get, require_management
from kotacerdas.opendata.services import submissions as services

from .common import PAGE_SIZE, add_errors, error_messages, int_or_none
from .forms import ReviewForm, SubmissionForm

REPORT_PAGE_SIZE = 50
PREVIEW_ROWS = 20
ACTIONS = {
    "check": (gettext_lazy("Tandai sudah diperiksa"), services.submission_check),
    "return": (gettext_lazy("Kembalikan ke produsen"), services.submission_return),
    "publish": (gettext_lazy("Terbitkan"), services.submission_publish),
}


@login_required
@require_http_methods(["GET", "POST"])
def submission_create(request, pk):
    entry = entry_get(actor=request.user, pk=pk)
    permissions.require_producer_of(request.user, entry.agency_id)
    periods = rules.entry_periods(entry)
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, periods=periods)
        if form.is_valid():
            try:
                submission = services.submission_create(
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    entry=entry,
                    period_label=form.cleaned_data["period_label"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("Berkas diterima dan sedang divalidasi; ikuti kemajuannya di sini.")
                )
                return redirect("opendata:submission_detail", pk=submission.pk)
    else:
        form = SubmissionForm(
            periods=periods, initial={"period_label": request.GET.get("periode", "")}
        )
    return render(
        request,
        "opendata/manage/submission_form.html",
        {
            "entry": entry,
            "form": form,
            "fields": (entry.table_schema or {}).get("fields", []),
            "max_mb": services.max_upload_bytes() // (1024 * 1024),
        },
    )


def _preview(submission) -> dict | None:
    """The first loaded rows as a table (columns without the datastore's `_id`)."""
    try:
        result = selectors.submission_preview(submission=submission, limit=PREVIEW_ROWS)
    except Exception:  # the page stays usable if the datastore table is unreadable
        return None
    if not result:
        return None
    columns = [field["id"] for field in result["fields"] if field["id"] != "_id"]
    return {
        "columns": columns,
        "rows": [[record.get(c) for c in columns] for record in result["records"]],
        "total": result.get("total"),
    }


@login_required
def submission_detail(request, pk):
    submission = selectors.submission_get(actor=request.user, pk=pk)
    if request.htmx and request.GET.get("bagian") == "progres":
        response = render(
            request, "opendata/manage/submission_detail.html#progress", {"submission": submission}
        )
        if submission.status != SubmissionStatus.VALIDATING:
            response["HX-Refresh"] = "true"
        return response
    errors = selectors.report_errors_page(submission)
    report_page = Paginator(errors, REPORT_PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "opendata/manage/submission_detail.html",
        {
            "submission": submission,
            "report": submission.validation_report or {},
            "report_page": report_page,
            "preview": _preview(submission),
            "actions": selectors.submission_actions(actor=request.user, submission=submission),
            "action_labels": {key: label for key, (label, _f) in ACTIONS.items()},
            "releases": submission.releases.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_action(request, pk, action):
    """Confirmation page (GET) and the action itself (POST) for check, return and publish."""
    if action not in ACTIONS:
        raise PermissionDenied(_("Tindakan tidak dikenal."))
    permissions.require_walidata(request.user)
    submission = selectors.submission_get(actor=request.user, pk=pk)
    label, service = ACTIONS[action]
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notes = form.cleaned_data["notes"]
        try:
            result = service(actor=request.user, submission=submission, notes=notes)
        except ValidationError as exc:
            for field, texts in error_messages(exc).items():
                for text in texts:
                    form.add_error("notes" if field == "notes" else None, text)
        else:
            if action == "publish":
                messages.success(
                    request,
                    _("Data diterbitkan sebagai versi %(version)s dataset %(name)s.")
                    % {"version": result.version, "name": result.dataset.title},
                )
            elif action == "return":
                messages.success(request, _("Kiriman dikembalikan ke produsen dengan catatan."))
            else:
                messages.success(request, _("Kiriman ditandai sudah diperiksa."))
            return redirect("opendata:submission_detail", pk=submission.pk)
    return render(
        request,
        "opendata/manage/submission_action.html",
        {"submission": submission, "action": action, "label": label, "form": form},
    )


@login_required
def submission_list(request):
    require_management(request.user)
    status = request.GET.get("status", "")
    agency_id = int_or_none(request.GET.get("pd"))
    queryset = selectors.submission_list(actor=request.user, status=status, agency_id=agency_id)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "opendata/manage/submission_list.html",
        {
            "page": page,
            "status": status,
            "statuses": SubmissionStatus.choices,
            "is_walidata": permissions.is_walidata(request.user),
        },
    )


@login_required
def review_queue(request):
    queryset = selectors.review_queue(actor=request.user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "opendata/manage/review_queue.html", {"page": page, "is_walidata": True})
