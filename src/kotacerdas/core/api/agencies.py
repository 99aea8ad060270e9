"""/api/v1/agencies: the directory of Perangkat Daerah; officers and edits are scoped."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from kotacerdas.core import permissions
from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.api.schemas import AgencyDetailOut, AgencyOut, AgencyPatchIn, OfficerOut
from kotacerdas.core.models import AgencyType
from kotacerdas.core.selectors import agencies as selectors
from kotacerdas.core.selectors.regions import region_get
from kotacerdas.core.services import agencies as services
from kotacerdas.core.services.agencies import agency_update

router = Router()


class AgencyFilter(Schema):
    search: str = ""
    type: AgencyType | None = None
    active: bool | None = None


@router.get(
    "",
    response=list[AgencyOut],
    summary="Daftar Perangkat Daerah",
    description="Direktori Perangkat Daerah Kota Bekasi. `search` mencari kode, nama, "
    "singkatan dan nama lama; `type` menyaring jenis; `active` menyaring status.",
)
@paginate(PageNumberPagination, page_size=25)
def agency_list(request: HttpRequest, filters: Query[AgencyFilter]) -> Any:
    return selectors.agency_list(
        search=filters.search, type=filters.type or "", active=filters.active
    )


@router.get(
    "/{code}",
    response=AgencyDetailOut,
    summary="Rincian Perangkat Daerah",
    description="Informasi publik satu Perangkat Daerah dengan riwayat nama dan Perangkat "
    "Daerah yang digabung ke dalamnya.",
)
def agency_detail(request: HttpRequest, code: str) -> Any:
    return selectors.agency_get(code=code)


@router.get(
    "/{code}/officers",
    response=list[OfficerOut],
    summary="Petugas Perangkat Daerah",
    description="Akun pengguna Perangkat Daerah ini. Hanya untuk administrator, peran baca-"
    "semua (pimpinan, walidata, Tim Pelaksana) dan petugas Perangkat Daerah itu sendiri "
    "(atau penerusnya setelah penggabungan); selain itu 403.",
)
def agency_officers(request: HttpRequest, code: str) -> Any:
    agency = selectors.agency_get(code=code)
    return list(selectors.agency_officers(actor=request.user, agency=agency))


@router.patch(
    "/{code}",
    response=AgencyDetailOut,
    auth=[TokenAuth(), VerifiedSessionAuth()],
    summary="Ubah Perangkat Daerah",
    description="Hanya kolom yang dikirim yang diubah. Administrator: semua kolom (ganti nama "
    "dicatat di riwayat nama). Petugas Perangkat Daerah: hanya address, phone, email, website "
    "Perangkat Daerahnya sendiri; selain itu 403 tanpa perubahan. Isian tidak valid: 422.",
)
def agency_patch(request: HttpRequest, code: str, payload: AgencyPatchIn) -> Any:
    agency = selectors.agency_get(code=code)
    data = payload.model_dump(exclude_unset=True)
    if "region" in data:
        data["region"] = region_get(code=data["region"]) if data["region"] else None
    for field in ("name", "short_name", "type", "is_platform_operator", "is_walidata"):
        if field in data and data[field] is None:
            data.pop(field)  # null means "leave as is" for fields that cannot be empty
    for field in ("address", "phone", "email", "website"):
        if field in data and data[field] is None:
            data[field] = ""
    agency = agency_update(actor=request.user, agency=agency, data=data)
    return selectors.agency_get(code=agency.code)


# --- administration: create, merge, retire (Foundation item 4) -----------------------------

ADMIN_AUTH = [TokenAuth(), VerifiedSessionAuth()]


class AgencyCreateIn(Schema):
    """A new Perangkat Daerah. `code` is stored upper-case and never changes."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$",
        description="Huruf, angka, dan tanda hubung; disimpan dengan huruf kapital",
    )
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field(min_length=1, max_length=60)
    type: AgencyType
    region: str | None = Field(None, max_length=20, description="Kode wilayah atau null")
    is_platform_operator: bool = False
    is_walidata: bool = False
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)
    valid_from: dt.date | None = Field(None, description="Awal berlakunya nama; kosong: hari ini")


class AgencyMergeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    target: str = Field(min_length=1, max_length=40, description="Kode Perangkat Daerah tujuan")
    merged_on: dt.date | None = Field(None, description="Tanggal penggabungan; kosong: hari ini")


class AgencyRetireIn(Schema):
    model_config = ConfigDict(extra="forbid")

    retired_on: dt.date | None = Field(None, description="Tanggal pembubaran; kosong: hari ini")


def _end_date(agency: Any, value: dt.date | None, field: str) -> dt.date:
    """Not in the future, not before the agency's current name began (as the pages check)."""
    value = value or timezone.localdate()
    if value > timezone.localdate():
        raise ValidationError({field: _("Tanggal tidak boleh setelah hari ini.")})
    current = selectors.agency_name_history(agency=agency).filter(valid_to__isnull=True).first()
    if current is not None and value < current.valid_from:
        raise ValidationError(
            {
                field: _("Tanggal tidak boleh sebelum %(date)s, awal berlakunya nama sekarang.")
                % {"date": date_format(current.valid_from, "j F Y")}
            }
        )
    return value


@router.post(
    "",
    response={201: AgencyDetailOut},
    auth=ADMIN_AUTH,
    summary="Tambah Perangkat Daerah",
    description="Hanya administrator (selain itu 403 tanpa perubahan). Nama pertama dicatat di "
    "riwayat nama. Kode sudah dipakai, wilayah tidak dikenal, atau isian tidak valid: 422.",
)
def agency_create(request: HttpRequest, payload: AgencyCreateIn) -> Any:
    permissions.require_admin(request.user)
    data = payload.model_dump()
    if data["region"]:
        try:
            data["region"] = region_get(code=data["region"])
        except Http404:
            raise ValidationError({"region": _("Wilayah tidak ditemukan.")}) from None
    code = data["code"].upper()
    if selectors.agency_list().filter(code=code).exists():
        raise ValidationError({"code": _("Kode %(code)s sudah dipakai.") % {"code": code}})
    agency = services.agency_create(actor=request.user, **data)
    return Status(201, selectors.agency_get(code=agency.code))


@router.post(
    "/{code}/merge",
    response=AgencyDetailOut,
    auth=ADMIN_AUTH,
    summary="Gabungkan Perangkat Daerah",
    description="Hanya administrator. Perangkat Daerah `code` dinonaktifkan dan menunjuk ke "
    "`target` sebagai penerusnya; datanya tetap miliknya dan terlihat oleh petugas penerus; "
    "riwayat nama tetap. Mengembalikan Perangkat Daerah asal. Tujuan tidak ada, tidak aktif, "
    "sama dengan asal, asal sudah tidak aktif, atau tanggal di masa depan: 422 tanpa perubahan.",
)
def agency_merge(request: HttpRequest, code: str, payload: AgencyMergeIn) -> Any:
    permissions.require_admin(request.user)
    source = selectors.agency_get(code=code)
    try:
        target = selectors.agency_get(code=payload.target)
    except Http404:
        raise ValidationError({"target": _("Perangkat Daerah tujuan tidak ditemukan.")}) from None
    merged_on = _end_date(source, payload.merged_on, "merged_on")
    services.agency_merge(actor=request.user, source=source, target=target, merged_on=merged_on)
    return selectors.agency_get(code=source.code)


@router.post(
    "/{code}/retire",
    response=AgencyDetailOut,
    auth=ADMIN_AUTH,
    summary="Bubarkan Perangkat Daerah",
    description="Hanya administrator. Perangkat Daerah dinonaktifkan tanpa penerus; data dan "
    "riwayat namanya tetap. Sudah tidak aktif atau tanggal di masa depan: 422 tanpa perubahan.",
)
def agency_retire(request: HttpRequest, code: str, payload: AgencyRetireIn) -> Any:
    permissions.require_admin(request.user)
    agency = selectors.agency_get(code=code)
    retired_on = _end_date(agency, payload.retired_on, "retired_on")
    services.agency_retire(actor=request.user, agency=agency, retired_on=retired_on)
    return selectors.agency_get(code=agency.code)
