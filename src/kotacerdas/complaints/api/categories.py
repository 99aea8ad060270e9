"""/api/v1/complaints/categories/ — complaint categories (read only; issue #5 item 2).

Every signed-in user or token may read the categories, their SLA settings and questions; they
are changed on the administration pages (`/pengaduan/pengelolaan/kategori/`).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.complaints.models import Category
from kotacerdas.complaints.selectors import categories as selectors
from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class CategoryOut(Schema):
    id: int
    code: str = Field(description="service_code Open311")
    name: str
    group: str
    case_type: str
    default_agency_id: int | None
    default_agency_name: str | None
    default_urc_id: int | None
    is_emergency: bool
    urc_response_minutes: int | None = Field(description="Batas respons URC (menit, 24/7)")
    verify_days: int = Field(description="Verifikasi (hari kerja)")
    respond_days: int = Field(description="Tindak lanjut (hari kerja)")
    autoclose_days: int = Field(description="Tutup otomatis (hari kerja)")
    outer_days: int = Field(description="Batas akhir (hari kalender)")
    reopen_days: int
    warn_share: Decimal = Field(description="Peringatan pada porsi waktu (0,1-0,95)")
    is_active: bool
    updated_at: dt.datetime

    @staticmethod
    def resolve_default_agency_name(obj: Category) -> str | None:
        return obj.default_agency.name if obj.default_agency_id else None


class AttributeOut(Schema):
    code: str
    description: str
    datatype: str
    required: bool
    order: int
    values: list[dict[str, Any]]
    is_private: bool


class CategoryDetailOut(CategoryOut):
    description: str
    keywords: str
    attributes: list[AttributeOut]

    @staticmethod
    def resolve_attributes(obj: Category) -> list[Any]:
        return list(selectors.category_attributes(category=obj))


class CategoryFilter(Schema):
    active: bool | None = Field(None, description="true: hanya aktif; false: hanya nonaktif")
    q: str = Field("", max_length=100, description="cari pada kode, nama, kelompok")


@router.get(
    "",
    response=list[CategoryOut],
    summary="Daftar kategori pengaduan",
    description="Kategori (layanan Open311) dengan pengaturan SLA-nya, urut kelompok dan nama; "
    "limit/offset.",
)
@paginate(LimitOffsetPagination)
def category_list(request: HttpRequest, filters: Query[CategoryFilter]) -> Any:
    return selectors.category_list(active=filters.active, search=filters.q.strip())


@router.get(
    "/{code}",
    response=CategoryDetailOut,
    summary="Rincian kategori pengaduan",
    description="Satu kategori menurut kodenya, dengan pertanyaan tambahannya; 404 jika tidak ada.",
)
def category_detail(request: HttpRequest, code: str) -> Any:
    try:
        return selectors.category_get(code=code)
    except Category.DoesNotExist:
        raise HttpError(404, _("Kategori tidak ditemukan.")) from None
