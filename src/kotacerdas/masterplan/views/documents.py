"""Pages of the Rencana Induk document (Pasal 8): versions, chapters, approval, diff, export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.masterplan.documents import (
    masterplan_export_prepare,
    masterplan_export_ready,
    masterplan_to_docx,
)
from kotacerdas.masterplan.models import MasterplanChapter, MasterplanStatus
from kotacerdas.masterplan.selectors import documents as selectors
from kotacerdas.masterplan.services import documents as services

PAGE_SIZE = 20


class MasterplanForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=300)
    period_start = forms.IntegerField(
        label=gettext_lazy("Tahun awal"), min_value=2000, max_value=2100
    )
    period_end = forms.IntegerField(
        label=gettext_lazy("Tahun akhir"), min_value=2000, max_value=2100
    )


class ChapterForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Isi bab"),
        required=False,
        max_length=services.BODY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=gettext_lazy("Pisahkan paragraf dengan satu baris kosong."),
    )


class ApproveForm(forms.Form):
    decree_number = forms.CharField(label=gettext_lazy("Nomor Keputusan Wali Kota"), max_length=100)
    decree_date = forms.DateField(
        label=gettext_lazy("Tanggal keputusan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decree_file = forms.FileField(
        label=gettext_lazy("Berkas keputusan (PDF)"),
        help_text=gettext_lazy("SHA-256 berkas disimpan untuk pemeriksaan keaslian."),
    )


@require_http_methods(["GET", "POST"])
def document_list(request):
    can_edit = services.can_edit_masterplan(request.user)
    form = MasterplanForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Anda tidak berwenang menyusun Rencana Induk."))
        if form.is_valid():
            try:
                masterplan = services.masterplan_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Draf Rencana Induk dibuat."))
                return redirect("masterplan_documents:detail", version=masterplan.version)
    style_form(form)
    versions = selectors.masterplan_list(actor=request.user)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "masterplan/documents/list.html",
        {
            "page": page,
            "form": form,
            "can_edit": can_edit,
            "approved": selectors.masterplan_approved(),
            "all_versions": list(versions.values_list("version", flat=True)[:200]),
        },
    )


def document_detail(request, version: int):
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    can_edit = (
        services.can_edit_masterplan(request.user) and masterplan.status == MasterplanStatus.DRAFT
    )
    return render(
        request,
        "masterplan/documents/detail.html",
        {
            "masterplan": masterplan,
            "chapters": selectors.masterplan_chapters(masterplan=masterplan),
            "can_edit": can_edit,
            "can_revise": services.can_edit_masterplan(request.user),
            "can_approve": services.can_approve_masterplan(request.user)
            and masterplan.status == MasterplanStatus.DRAFT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, version: int):
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    if not services.can_edit_masterplan(request.user):
        raise PermissionDenied(_("Anda tidak berwenang menyusun Rencana Induk."))
    initial = {
        "title": masterplan.title,
        "period_start": masterplan.period_start,
        "period_end": masterplan.period_end,
    }
    form = MasterplanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.masterplan_update(
                actor=request.user, masterplan=masterplan, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Data versi disimpan."))
            return redirect("masterplan_documents:detail", version=masterplan.version)
    style_form(form)
    return render(
        request, "masterplan/documents/edit.html", {"masterplan": masterplan, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def chapter_edit(request, version: int, code: str):
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    if code not in MasterplanChapter.Code.values:
        raise Http404(_("Bab tidak ditemukan."))
    if not services.can_edit_masterplan(request.user):
        raise PermissionDenied(_("Anda tidak berwenang menyusun Rencana Induk."))
    chapter = masterplan.chapters.filter(code=code).first()
    form = ChapterForm(request.POST or None, initial={"body": chapter.body if chapter else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.masterplan_chapter_update(
                actor=request.user, masterplan=masterplan, code=code, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Isi bab disimpan."))
            url = reverse("masterplan_documents:detail", kwargs={"version": masterplan.version})
            return redirect(f"{url}#bab-{code}")
    style_form(form)
    return render(
        request,
        "masterplan/documents/chapter_edit.html",
        {
            "masterplan": masterplan,
            "code": code,
            "title": MasterplanChapter.Code(code).label,
            "form": form,
            "is_draft": masterplan.status == MasterplanStatus.DRAFT,
        },
    )


@login_required
@require_POST
def document_revise(request, version: int):
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    revision = services.masterplan_revise(actor=request.user, based_on=masterplan)
    messages.success(
        request,
        _("Draf versi %(new)s dibuat dari versi %(old)s.")
        % {"new": revision.version, "old": masterplan.version},
    )
    return redirect("masterplan_documents:detail", version=revision.version)


@login_required
@require_http_methods(["GET", "POST"])
def document_approve(request, version: int):
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    if not services.can_approve_masterplan(request.user):
        raise PermissionDenied(
            _("Hanya administrator yang boleh mencatat penetapan Rencana Induk.")
        )
    form = ApproveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.masterplan_approve(
                actor=request.user, masterplan=masterplan, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rencana Induk ditetapkan."))
            return redirect("masterplan_documents:detail", version=masterplan.version)
    style_form(form)
    return render(
        request,
        "masterplan/documents/approve.html",
        {
            "masterplan": masterplan,
            "form": form,
            "current": selectors.masterplan_approved(),
            "is_draft": masterplan.status == MasterplanStatus.DRAFT,
        },
    )


def document_diff(request):
    versions = list(selectors.masterplan_list(actor=request.user))
    by_number = {m.version: m for m in versions}
    error = ""
    result = None
    old_no = request.GET.get("lama", "")
    new_no = request.GET.get("baru", "")
    if old_no or new_no:
        try:
            old, new = by_number[int(old_no)], by_number[int(new_no)]
        except (KeyError, ValueError):
            error = _("Pilih dua versi yang ada.")
        else:
            if old.pk == new.pk:
                error = _("Pilih dua versi yang berbeda.")
            else:
                result = selectors.masterplan_diff(old=old, new=new)
    elif len(versions) >= 2:
        new = versions[0]
        old = new.based_on if new.based_on in versions else versions[1]
        old_no, new_no = str(old.version), str(new.version)
        result = selectors.masterplan_diff(old=old, new=new)
    return render(
        request,
        "masterplan/documents/diff.html",
        {
            "versions": versions,
            "result": result,
            "error": error,
            "old_no": str(old_no),
            "new_no": str(new_no),
        },
    )


def document_export(request, version: int, fmt: str):
    """DOCX at once; the PDF from the export cache, rendered by the worker when the data
    changed since the last one (the page waits with an htmx poll, then fetches the file)."""
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    filename = f"rencana-induk-kota-cerdas-bekasi-v{masterplan.version}"
    if fmt == "pdf":
        content = masterplan_export_ready(masterplan=masterplan, kind="pdf")
        if content is None:
            masterplan_export_prepare(masterplan=masterplan, kind="pdf")
            template = "masterplan/documents/export_wait.html"
            if request.htmx:
                template += "#wait"
            return render(request, template, {"masterplan": masterplan})
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = request.path  # a normal request downloads the file
            return response
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    if fmt == "docx":
        response = HttpResponse(
            masterplan_to_docx(masterplan=masterplan),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.docx"'
        return response
    raise Http404(_("Format tidak dikenal."))


def decree_download(request, version: int):
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    if not masterplan.decree_file:
        raise Http404(_("Berkas keputusan tidak ada."))
    from django.http import FileResponse

    response = FileResponse(
        masterplan.decree_file.open("rb"),
        as_attachment=True,
        filename=f"keputusan-rencana-induk-v{masterplan.version}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = masterplan.decree_file_sha256
    return response
