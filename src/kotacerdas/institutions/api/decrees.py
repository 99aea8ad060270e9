"""/api/v1/institutions/decrees: the registry of Keputusan Wali Kota (issue #4 item 7).

Reading needs a council, team, secretariat or executive role; registering needs the secretariat
or an administrator. A duplicate number or a refused file gives 422 and writes nothing.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.institutions.models import Decree, DecreeKind
from kotacerdas.institutions.selectors import decrees as selectors
from kotacerdas.institutions.services import decrees as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class DecreeOut(Schema):
    id: int
    number: str
    date: dt.date
    kind: DecreeKind
    subject: str
    has_file: bool
    file_url: str | None = Field(None, description="Unduhan berkas (halaman, perlu masuk)")
    file_size: int | None
    file_content_type: str
    file_sha256: str
    is_demo: bool

    @staticmethod
    def resolve_has_file(obj: Decree) -> bool:
        return bool(obj.file)

    @staticmethod
    def resolve_file_url(obj: Decree) -> str | None:
        return reverse("institutions:decree_download", args=[obj.pk]) if obj.file else None


class DecreeFilter(Schema):
    kind: DecreeKind | None = None
    year: int | None = Field(None, ge=1900, le=2200)
    search: str = Field("", max_length=100)


class DecreeIn(Schema):
    number: str = Field(..., max_length=services.NUMBER_MAX_LENGTH)
    date: dt.date
    kind: DecreeKind
    subject: str = Field(..., max_length=services.SUBJECT_MAX_LENGTH)


@router.get(
    "",
    response=list[DecreeOut],
    summary="Daftar Keputusan Wali Kota",
    description="Terbaru lebih dahulu; saring dengan kind, year, search (nomor atau perihal). "
    "Berhalaman (limit/offset).",
)
@paginate(LimitOffsetPagination)
def decree_list(request: HttpRequest, filters: Query[DecreeFilter]) -> Any:
    return selectors.decree_list(
        actor=request.user, kind=filters.kind or "", year=filters.year, search=filters.search
    )


@router.get("/{int:decree_id}", response=DecreeOut, summary="Rincian Keputusan Wali Kota")
def decree_detail(request: HttpRequest, decree_id: int) -> Any:
    return selectors.decree_get(actor=request.user, pk=decree_id)


@router.post(
    "",
    response={201: DecreeOut},
    summary="Catat Keputusan Wali Kota",
    description="Formulir multipart: number, date, kind, subject dan (opsional) file (PDF, JPEG "
    "atau PNG, paling besar 10 MB, diperiksa dari isinya). Nomor ganda atau berkas ditolak: "
    "422, tidak ada yang tersimpan.",
)
def decree_create(
    request: HttpRequest, payload: Form[DecreeIn], file: File[UploadedFile] = None
) -> Any:
    decree = services.decree_register(
        actor=request.user,
        number=payload.number,
        date=payload.date,
        kind=payload.kind,
        subject=payload.subject,
        upload=file,
    )
    return Status(201, decree)
