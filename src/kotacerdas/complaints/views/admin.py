"""Administration pages of complaints (administrators only): categories with their SLA settings
and questions, and URC units with their members (issue #5 items 2 and 5). Forms only parse;
the services check, write and audit."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.complaints.models import (
    AttributeDatatype,
    CaseType,
    Category,
    CategoryAttribute,
    UrcUnit,
)
from kotacerdas.complaints.selectors import categories as selectors
from kotacerdas.complaints.services import categories as services
from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.core.models import Agency, User
from kotacerdas.core.permissions import require_admin

PAGE_SIZE = 30


def _number(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class CategoryForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode layanan"),
        required=False,
        help_text=gettext_lazy("service_code Open311; huruf kecil dan tanda hubung. Tetap."),
    )
    name = forms.CharField(label=gettext_lazy("Nama"), required=False)
    description = forms.CharField(
        label=gettext_lazy("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    group = forms.CharField(label=gettext_lazy("Kelompok"), required=False)
    keywords = forms.CharField(label=gettext_lazy("Kata kunci"), required=False)
    case_type = forms.ChoiceField(label=gettext_lazy("Jenis bawaan"), choices=CaseType.choices)
    default_agency = forms.ModelChoiceField(
        label=gettext_lazy("Perangkat Daerah penanggung jawab"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    default_urc = forms.ModelChoiceField(
        label=gettext_lazy("URC bawaan"),
        queryset=UrcUnit.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    verify_days = _number(gettext_lazy("Verifikasi (hari kerja)"))
    respond_days = _number(gettext_lazy("Tindak lanjut (hari kerja)"))
    autoclose_days = _number(gettext_lazy("Tutup otomatis (hari kerja)"))
    outer_days = _number(gettext_lazy("Batas akhir (hari kalender)"))
    reopen_days = _number(gettext_lazy("Batas buka kembali (hari kerja)"))
    is_emergency = forms.BooleanField(label=gettext_lazy("Darurat (URC 24 jam)"), required=False)
    urc_response_minutes = _number(
        gettext_lazy("Batas respons URC (menit)"), gettext_lazy("Wajib untuk kategori darurat.")
    )
    warn_share = forms.CharField(
        label=gettext_lazy("Peringatan pada porsi waktu"),
        required=False,
        help_text=gettext_lazy("Antara 0,1 dan 0,95; misalnya 0,75 = saat 75% waktu terpakai."),
    )


class AttributeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Kode"), required=False)
    description = forms.CharField(label=gettext_lazy("Pertanyaan"), required=False)
    datatype = forms.ChoiceField(
        label=gettext_lazy("Tipe jawaban"),
        choices=[("", "—"), *AttributeDatatype.choices],
        required=False,
    )
    required = forms.BooleanField(label=gettext_lazy("Wajib dijawab"), required=False)
    is_private = forms.BooleanField(
        label=gettext_lazy("Jawaban rahasia (tidak tampil untuk publik)"), required=False
    )
    order = _number(gettext_lazy("Urutan"))
    values = forms.CharField(
        label=gettext_lazy("Pilihan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Satu per baris: kunci|nama. Hanya untuk tipe daftar pilihan."),
    )


class UrcUnitForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama unit"), required=False)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Perangkat Daerah"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    phone = forms.CharField(label=gettext_lazy("Telepon"), required=False)
    is_active = forms.BooleanField(label=gettext_lazy("Aktif"), required=False, initial=True)
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Petugas"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Pengguna berperan Petugas URC dari Perangkat Daerah unit ini. Setelah mengganti "
            "Perangkat Daerah, simpan dulu untuk melihat petugasnya."
        ),
    )

    def __init__(self, *args, agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every active user may be posted; the service refuses anyone who is not a URC officer
        # of the unit's agency, with a message naming the rule.
        self.fields["members"].queryset = User.objects.filter(is_active=True)
        self.fields["members"].choices = [
            (user.pk, user.get_full_name() or user.username)
            for user in services.urc_officers(agency)
        ]


def _admin(request) -> None:
    require_admin(request.user)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))


def _save(request, form, write, success: str) -> bool:
    """Run the service `write(data)` with the parsed form; errors go back onto the form."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, success)
    return True


def _active_filter(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


def _confirm(request, category, title: str, message: str, label: str, cancel: str):
    """The confirmation page before deactivating or deleting (cancel: a URL name)."""
    return render(
        request,
        "complaints/admin/confirm.html",
        {
            "category": category,
            "title": title,
            "message": message,
            "confirm_label": label,
            "cancel_url": f"complaints:{cancel}",
        },
    )


# --- categories


@login_required
def category_list(request):
    _admin(request)
    active = _active_filter(request.GET.get("aktif", ""))
    search = request.GET.get("q", "").strip()[:100]
    page = _page(request, selectors.category_list(active=active, search=search))
    return render(
        request,
        "complaints/admin/category_list.html",
        {"page": page, "search": search, "active": request.GET.get("aktif", "")},
    )


@login_required
def category_export(request):
    _admin(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kategori-pengaduan.csv"'
    writer = csv.writer(response)
    fields = ["code", "name", "group", "case_type", "default_agency", "default_urc"]
    sla = [name for name, _low, _high in services.DAY_LIMITS]
    writer.writerow([*fields, *sla, "urc_response_minutes", "warn_share", "is_active"])
    for category in selectors.category_list():
        writer.writerow(
            [
                category.code,
                category.name,
                category.group,
                category.case_type,
                category.default_agency.name if category.default_agency_id else "",
                category.default_urc.name if category.default_urc_id else "",
                *[getattr(category, name) for name in sla],
                category.urc_response_minutes or "",
                category.warn_share,
                int(category.is_active),
            ]
        )
    return response


def _category(code: str) -> Category:
    try:
        return selectors.category_get(code=code)
    except Category.DoesNotExist:
        raise Http404(_("Kategori tidak ditemukan.")) from None


def _category_form_page(request, form, category=None):
    style_form(form)
    if category is not None:
        form.fields["code"].disabled = True
    return render(
        request, "complaints/admin/category_form.html", {"form": form, "category": category}
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_create(request):
    _admin(request)
    form = CategoryForm(request.POST or None, initial=_category_initial(Category()))
    created = {}

    def write(data):
        created["category"] = services.category_create(actor=request.user, data=data)

    if request.method == "POST" and _save(request, form, write, _("Kategori disimpan.")):
        return redirect("complaints:category_attributes", created["category"].code)
    return _category_form_page(request, form)


def _category_initial(category: Category) -> dict:
    initial = {
        name: getattr(category, name)
        for name in CategoryForm.base_fields
        if name not in ("default_agency", "default_urc")
    }
    initial["default_agency"] = category.default_agency_id
    initial["default_urc"] = category.default_urc_id
    initial["warn_share"] = str(category.warn_share).replace(".", ",")
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request, code):
    _admin(request)
    category = _category(code)
    form = CategoryForm(request.POST or None, initial=_category_initial(category))

    def write(data):
        services.category_update(actor=request.user, category=category, data=data)

    if request.method == "POST" and _save(request, form, write, _("Kategori disimpan.")):
        return redirect("complaints:category_list")
    return _category_form_page(request, form, category)


@login_required
@require_http_methods(["GET", "POST"])
def category_deactivate(request, code):
    _admin(request)
    category = _category(code)
    if request.method == "POST":
        services.category_set_active(actor=request.user, category=category, active=False)
        messages.success(request, _("Kategori %(name)s dinonaktifkan.") % {"name": category.name})
        return redirect("complaints:category_list")
    message = _(
        "Kategori %(name)s tidak dapat dipilih lagi untuk laporan baru (juga di Open311). "
        "Laporan yang sudah ada tetap memakai kategori ini. Kategori dapat diaktifkan kembali."
    ) % {"name": category.name}
    return _confirm(
        request, category, _("Nonaktifkan kategori"), message, _("Ya, nonaktifkan"), "category_list"
    )


@login_required
@require_POST
def category_activate(request, code):
    _admin(request)
    category = _category(code)
    services.category_set_active(actor=request.user, category=category, active=True)
    messages.success(request, _("Kategori %(name)s diaktifkan.") % {"name": category.name})
    return redirect("complaints:category_list")


# --- attributes


def _attribute_initial(attribute: CategoryAttribute) -> dict:
    return {
        "code": attribute.code,
        "description": attribute.description,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "is_private": attribute.is_private,
        "order": attribute.order,
        "values": "\n".join(f"{v.get('key')}|{v.get('name')}" for v in attribute.values or []),
    }


@login_required
@require_http_methods(["GET", "POST"])
def category_attributes(request, code):
    """The questions of a category, and the form that adds one."""
    _admin(request)
    category = _category(code)
    attributes = selectors.category_attributes(category=category)
    return _attribute_page(
        request, category, None, "category_attributes.html", {"attributes": attributes}
    )


def _attribute_page(request, category, attribute, template: str, context: dict):
    """Add (`attribute` None) or change a question; back to the category's questions."""
    initial = _attribute_initial(attribute) if attribute is not None else None
    form = AttributeForm(request.POST or None, initial=initial)

    def write(data):
        services.attribute_save(
            actor=request.user, category=category, data=data, attribute=attribute
        )

    done = _("Pertanyaan ditambahkan.") if attribute is None else _("Pertanyaan disimpan.")
    if request.method == "POST" and _save(request, form, write, done):
        return redirect("complaints:category_attributes", category.code)
    style_form(form)
    return render(
        request,
        f"complaints/admin/{template}",
        {"category": category, "attribute": attribute, "form": form, **context},
    )


def _attribute(category: Category, attribute_id: int) -> CategoryAttribute:
    return get_object_or_404(CategoryAttribute, pk=attribute_id, category=category)


@login_required
@require_http_methods(["GET", "POST"])
def attribute_edit(request, code, attribute_id):
    _admin(request)
    category = _category(code)
    attribute = _attribute(category, attribute_id)
    return _attribute_page(request, category, attribute, "attribute_form.html", {})


@login_required
@require_http_methods(["GET", "POST"])
def attribute_delete(request, code, attribute_id):
    _admin(request)
    category = _category(code)
    attribute = _attribute(category, attribute_id)
    if request.method == "POST":
        services.attribute_delete(actor=request.user, attribute=attribute)
        messages.success(request, _("Pertanyaan %(code)s dihapus.") % {"code": attribute.code})
        return redirect("complaints:category_attributes", category.code)
    message = _(
        'Pertanyaan "%(question)s" (%(code)s) tidak akan ditanyakan lagi. Jawaban yang sudah '
        "tercatat pada laporan tetap tersimpan."
    ) % {"question": attribute.description, "code": attribute.code}
    return _confirm(
        request, category, _("Hapus pertanyaan"), message, _("Ya, hapus"), "category_attributes"
    )


# --- URC units


@login_required
def urc_list(request):
    _admin(request)
    search = request.GET.get("q", "").strip()[:100]
    page = _page(request, selectors.urc_unit_list(search=search))
    return render(request, "complaints/admin/urc_list.html", {"page": page, "search": search})


def _urc_form_page(request, unit: UrcUnit | None, agency: Agency | None):
    initial = {"is_active": True}
    if unit is not None:
        initial = {
            "name": unit.name,
            "agency": unit.agency_id,
            "phone": unit.phone,
            "is_active": unit.is_active,
            "members": list(unit.members.values_list("pk", flat=True)),
        }
    form = UrcUnitForm(request.POST or None, initial=initial, agency=agency)
    saved = {}

    def write(data):
        saved["unit"] = services.urc_unit_save(actor=request.user, data=data, unit=unit)

    if request.method == "POST" and _save(request, form, write, _("Unit URC disimpan.")):
        return redirect("complaints:urc_edit", saved["unit"].pk)
    style_form(form)
    return render(request, "complaints/admin/urc_form.html", {"form": form, "unit": unit})


def _posted_agency(request, default: Agency | None) -> Agency | None:
    value = request.POST.get("agency") if request.method == "POST" else None
    if value and value.isdigit():
        return Agency.objects.filter(pk=value).first()
    return default


@login_required
@require_http_methods(["GET", "POST"])
def urc_create(request):
    _admin(request)
    return _urc_form_page(request, None, _posted_agency(request, None))


@login_required
@require_http_methods(["GET", "POST"])
def urc_edit(request, pk):
    _admin(request)
    unit = get_object_or_404(UrcUnit.objects.select_related("agency"), pk=pk)
    return _urc_form_page(request, unit, _posted_agency(request, unit.agency))
