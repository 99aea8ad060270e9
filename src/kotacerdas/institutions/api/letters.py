"""/api/v1/institutions/letters: the correspondence register (Pasal 12).

Reading needs a council, team, secretariat or executive role; registering and attaching need the
secretariat or an administrator. A number that collides, or a refused file, gives 422 and writes
nothing.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.institutions.models import Letter, LetterAttachment, LetterDirection
from kotacerdas.institutions.selectors import letters as selectors
from kotacerdas.institutions.services import letters as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class AttachmentOut(Schema):
    id: int
    title: str
    size: int
    content_type: str
    sha256: str
    uploaded_at: dt.datetime
    download_url: str = Field(..., description="Unduhan berkas (halaman, perlu masuk)")

    @staticmethod
    def resolve_download_url(obj: LetterAttachment) -> str:
        return reverse("institutions:letter_attachment_download", args=[obj.pk])


class LetterOut(Schema):
    id: int
    direction: LetterDirection
    number: str
    sequence: int | None = Field(None, description="Nomor urut tahunan (surat keluar otomatis)")
    year: int
    date: dt.date
    received_at: dt.date | None
    classification: str
    subject: str
    sender: str
    recipient: str
    summary: str
    is_demo: bool

    @staticmethod
    def resolve_classification(obj: Letter) -> str:
        return obj.classification.code


class LetterDetailOut(LetterOut):
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Letter) -> list[LetterAttachment]:
        return list(obj.attachments.all())


class LetterFilter(Schema):
    direction: LetterDirection | None = None
    classification: str = Field("", max_length=20, description="Kode klasifikasi, mis. 005")
    year: int | None = Field(None, ge=1900, le=2200)
    search: str = Field("", max_length=100)


class IncomingIn(Schema):
    number: str = Field(..., max_length=120)
    date: dt.date
    received_at: dt.date
    classification_code: str = Field(..., max_length=20)
    subject: str = Field(..., max_length=500)
    sender: str = Field(..., max_length=300)
    recipient: str = Field(services.COUNCIL_NAME, max_length=500)
    summary: str = ""


class OutgoingIn(Schema):
    classification_code: str = Field(..., max_length=20)
    date: dt.date
    subject: str = Field(..., max_length=500)
    recipient: str = Field(..., max_length=500)
    sender: str = Field(services.COUNCIL_NAME, max_length=300)
    summary: str = ""
    number: str | None = Field(
        None, max_length=120, description="Kosongkan agar diberi nomor dari pola aktif"
    )


class AttachIn(Schema):
    title: str = Field("", max_length=300)


@router.get(
    "",
    response=list[LetterOut],
    summary="Daftar surat masuk dan keluar",
    description="Terbaru lebih dahulu; saring dengan direction (in/out), classification, year, "
    "search (nomor, perihal, pengirim, penerima). Berhalaman (limit/offset).",
)
@paginate(LimitOffsetPagination)
def letter_list(request: HttpRequest, filters: Query[LetterFilter]) -> Any:
    return selectors.letter_list(
        actor=request.user,
        direction=filters.direction or "",
        classification=filters.classification,
        year=filters.year,
        search=filters.search,
    )


@router.get("/{int:letter_id}", response=LetterDetailOut, summary="Rincian surat dan lampirannya")
def letter_detail(request: HttpRequest, letter_id: int) -> Any:
    return selectors.letter_get(actor=request.user, pk=letter_id)


@router.post(
    "/incoming",
    response={201: LetterDetailOut},
    summary="Catat surat masuk",
    description="Nomor surat pengirim; nomor yang sudah tercatat sebagai surat masuk "
    "ditolak (422).",
)
def letter_create_incoming(request: HttpRequest, payload: IncomingIn) -> Any:
    letter = services.letter_register_incoming(actor=request.user, **payload.dict())
    return Status(201, letter)


@router.post(
    "/outgoing",
    response={201: LetterDetailOut},
    summary="Buat surat keluar",
    description="Nomor diberikan dari pola penomoran aktif (nomor urut per tahun) kecuali number "
    "diisi; nomor manual yang sudah terdaftar ditolak (422).",
)
def letter_create_outgoing(request: HttpRequest, payload: OutgoingIn) -> Any:
    letter = services.letter_register_outgoing(actor=request.user, **payload.dict())
    return Status(201, letter)


@router.post(
    "/{int:letter_id}/attachments",
    response={201: AttachmentOut},
    summary="Lampirkan berkas ke surat",
    description="Formulir multipart: file (PDF, JPG, PNG, DOCX, XLSX, paling besar 10 MB, "
    "diperiksa dari isinya) dan title. Berkas yang ditolak: 422, tidak ada yang tersimpan.",
)
def letter_attach(
    request: HttpRequest, letter_id: int, payload: Form[AttachIn], file: File[UploadedFile]
) -> Any:
    letter = selectors.letter_get(actor=request.user, pk=letter_id)
    attachment = services.letter_attach(
        actor=request.user, letter=letter, upload=file, title=payload.title
    )
    return Status(201, attachment)
