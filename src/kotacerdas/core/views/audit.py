"""The audit trail for administrators (Pasal 27(2)b): filter, page through, export CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.permissions import require_admin
from kotacerdas.core.selectors.audit import (
    AuditFilters,
    audit_checkpoint_latest,
    audit_event_list,
    audit_event_page,
)

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
PAGE_PARAM = "halaman"
EXPORT_CHUNK = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _datetime_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=gettext_lazy("Pelaku (nama pengguna atau id)"), required=False, max_length=200
    )
    action = forms.CharField(label=gettext_lazy("Aksi"), required=False, max_length=60)
    object_type = forms.CharField(label=gettext_lazy("Jenis objek"), required=False, max_length=100)
    object_id = forms.CharField(label=gettext_lazy("ID objek"), required=False, max_length=100)
    since = _datetime_field(gettext_lazy("Sejak"))
    until = _datetime_field(gettext_lazy("Sampai dengan"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control is-invalid"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("Waktu awal harus sebelum waktu akhir."))
        return cleaned

    def filters(self) -> AuditFilters:
        """The cleaned filters; `until` is inclusive to the minute (or the whole day)."""
        data = self.cleaned_data
        until = data.get("until")
        if until is not None:
            raw = self.data.get("until", "")
            if "T" in raw or ":" in raw:
                until = until.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
            else:
                until = until + dt.timedelta(days=1)
        return AuditFilters(
            actor=data.get("actor", ""),
            action=data.get("action", ""),
            object_type=data.get("object_type", ""),
            object_id=data.get("object_id", ""),
            since=data.get("since"),
            until=until,
        )


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _change_rows(event: AuditEvent) -> list[dict[str, Any]]:
    """Updates record {field: [before, after]}; creates and deletes record {field: value}."""
    rows = []
    changes = event.changes if isinstance(event.changes, dict) else {"": event.changes}
    for name, value in changes.items():
        is_pair = event.action == "update" and isinstance(value, list) and len(value) == 2
        rows.append(
            {
                "name": name,
                "is_pair": is_pair,
                "before": _shown(value[0]) if is_pair else "",
                "after": _shown(value[1]) if is_pair else "",
                "value": "" if is_pair else _shown(value),
            }
        )
    return rows


def _filter_query(request: HttpRequest) -> str:
    """The request's filters as a query string, without the page number."""
    params = request.GET.copy()
    params.pop(PAGE_PARAM, None)
    return params.urlencode()


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = AuditFilterForm(request.GET)
    page, events = None, []
    if form.is_valid():
        page = audit_event_page(
            user=request.user, filters=form.filters(), page=request.GET.get(PAGE_PARAM)
        )
        events = list(page.object_list)
        for event in events:
            event.change_rows = _change_rows(event)
    template = "core/audit/audit_list.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "events": events,
            "latest_checkpoint": audit_checkpoint_latest(user=request.user),
            "filter_query": _filter_query(request),
            "page_param": PAGE_PARAM,
        },
    )


class _Echo:
    """csv.writer writes into this and gets the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_rows(events: Iterator[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte order mark makes spreadsheet programs read the file as UTF-8.
    yield "\ufeff" + writer.writerow(
        [
            _("Nomor urut"),
            _("Waktu"),
            _("ID pelaku"),
            _("Pelaku"),
            _("Aksi"),
            _("Jenis objek"),
            _("ID objek"),
            _("Objek"),
            _("Perubahan"),
            _("Hash sebelumnya"),
            _("Hash"),
        ]
    )
    for event in events:
        yield writer.writerow(
            [
                event.seq,
                timezone.localtime(event.occurred_at).isoformat(),
                "" if event.actor_id is None else event.actor_id,
                _cell(event.actor_repr),
                _cell(event.action),
                _cell(event.object_type),
                _cell(event.object_id),
                _cell(event.object_repr),
                json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
                event.prev_hash,
                event.hash,
            ]
        )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered events as CSV, in chain order, streamed (constant memory)."""
    require_admin(request.user)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    events = (
        audit_event_list(user=request.user, filters=form.filters())
        .order_by("seq")
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
