"""/api/v1/agencies: the directory of Perangkat Daerah; officers and edits are scoped."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import SessionAuth

from kotacerdas.core.api.auth import TokenAuth
from kotacerdas.core.api.schemas import AgencyDetailOut, AgencyOut, AgencyPatchIn, OfficerOut
from kotacerdas.core.models import AgencyType
from kotacerdas.core.selectors import agencies as selectors
from kotacerdas.core.selectors.regions import region_get
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
    auth=[TokenAuth(), SessionAuth()],
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
