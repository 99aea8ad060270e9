"""/api/v1/masterplan/documents: versions of the Rencana Induk (Pasal 8), their diff and export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema
from ninja.errors import HttpError

from kotacerdas.masterplan.documents import (
    masterplan_export_prepare,
    masterplan_export_ready,
    masterplan_to_docx,
)
from kotacerdas.masterplan.selectors import documents as selectors

router = Router()

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MasterplanOut(Schema):
    version: int
    title: str
    period_start: int
    period_end: int
    status: str
    decree_number: str
    decree_date: dt.date | None
    decree_file_sha256: str
    based_on_version: int | None
    updated_at: dt.datetime
    links: dict[str, str]


class ChapterOut(Schema):
    code: str
    title: str
    body: str


class MasterplanDetailOut(MasterplanOut):
    chapters: list[ChapterOut]


class DiffSegmentOut(Schema):
    kind: str
    text: str


class DiffLineOut(Schema):
    kind: str
    old_no: int | None
    new_no: int | None
    segments: list[DiffSegmentOut]


class ChapterDiffOut(Schema):
    code: str
    title: str
    changed: bool
    added: int
    removed: int
    lines: list[DiffLineOut]


class MetadataDiffOut(Schema):
    field: str
    old: str
    new: str


class DiffOut(Schema):
    old_version: int
    new_version: int
    changed: bool
    metadata: list[MetadataDiffOut]
    chapters: list[ChapterDiffOut]


def _out(masterplan: Any) -> dict[str, Any]:
    base = f"/api/v1/masterplan/documents/{masterplan.version}"
    return {
        "version": masterplan.version,
        "title": masterplan.title,
        "period_start": masterplan.period_start,
        "period_end": masterplan.period_end,
        "status": masterplan.status,
        "decree_number": masterplan.decree_number,
        "decree_date": masterplan.decree_date,
        "decree_file_sha256": masterplan.decree_file_sha256,
        "based_on_version": masterplan.based_on.version if masterplan.based_on_id else None,
        "updated_at": masterplan.updated_at,
        "links": {"pdf": f"{base}/export.pdf", "docx": f"{base}/export.docx"},
    }


@router.get(
    "",
    response=list[MasterplanOut],
    summary="Daftar versi Rencana Induk",
    description="Versi Rencana Induk Kota Cerdas (Pasal 8), terbaru dahulu. Draf hanya terlihat "
    "oleh administrator, Tim Pelaksana, Dewan Kota Cerdas dan sekretariatnya, pimpinan, dan "
    "walidata; versi yang ditetapkan dan yang digantikan bersifat publik.",
)
def masterplan_versions(request: HttpRequest) -> Any:
    return [_out(m) for m in selectors.masterplan_list(actor=request.user)[:200]]


@router.get(
    "/diff",
    response=DiffOut,
    summary="Perbandingan dua versi",
    description="Perbedaan data versi dan isi tiap bab dari versi `old` ke versi `new`. Setiap "
    "baris berjenis `same`, `ins` (ditambahkan), `del` (dihapus) atau `gap` (baris sama yang "
    "dilewati); baris yang berubah dipecah menjadi segmen kata `same`/`ins`/`del`.",
)
def masterplan_versions_diff(request: HttpRequest, old: int, new: int) -> Any:
    if old == new:
        raise HttpError(422, "Pilih dua versi yang berbeda.")
    first = selectors.masterplan_get(actor=request.user, version=old)
    second = selectors.masterplan_get(actor=request.user, version=new)
    result = selectors.masterplan_diff(old=first, new=second)
    return {
        "old_version": first.version,
        "new_version": second.version,
        "changed": result.changed,
        "metadata": [{"field": f, "old": o, "new": n} for f, o, n in result.metadata],
        "chapters": [
            {
                "code": c.code,
                "title": c.title,
                "changed": c.changed,
                "added": c.added,
                "removed": c.removed,
                "lines": [
                    {
                        "kind": line.kind,
                        "old_no": line.old_no,
                        "new_no": line.new_no,
                        "segments": [{"kind": k, "text": t} for k, t in line.segments],
                    }
                    for line in c.lines
                ],
            }
            for c in result.chapters
        ],
    }


@router.get(
    "/{version}",
    response=MasterplanDetailOut,
    summary="Rincian versi Rencana Induk",
    description="Data versi dan teks tertulis keenam bab (Bab I-V dan Lampiran). Tabel Bab III, "
    "Bab IV, dan Lampiran disusun dari data program saat ekspor.",
)
def masterplan_version_detail(request: HttpRequest, version: int) -> Any:
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    chapters = [
        {"code": c.code, "title": str(c.get_code_display()), "body": c.body}
        for c in selectors.masterplan_chapters(masterplan=masterplan)
    ]
    return {**_out(masterplan), "chapters": chapters}


@router.get(
    "/{version}/export.{fmt}",
    summary="Ekspor versi ke PDF atau DOCX",
    description="`fmt` = `pdf` atau `docx`. Bab III (rencana aksi per dimensi), Bab IV (peta "
    "jalan), dan Lampiran (indikator dan target) dilengkapi tabel dari data program. DOCX "
    "langsung dikirim. PDF dikirim bila sudah disusun untuk data saat ini; bila belum, "
    'jawaban 202 `{"status": "preparing"}` dengan header `Retry-After` dan PDF '
    "disusun di latar belakang (minta lagi setelahnya).",
)
def masterplan_version_export(request: HttpRequest, version: int, fmt: str) -> Any:
    masterplan = selectors.masterplan_get(actor=request.user, version=version)
    name = f"rencana-induk-kota-cerdas-bekasi-v{masterplan.version}.{fmt}"
    if fmt == "pdf":
        content = masterplan_export_ready(masterplan=masterplan, kind="pdf")
        if content is None:
            masterplan_export_prepare(masterplan=masterplan, kind="pdf")
            response = JsonResponse({"status": "preparing"}, status=202)
            response["Retry-After"] = "5"
            return response
        response = HttpResponse(content, content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(masterplan_to_docx(masterplan=masterplan), content_type=DOCX_TYPE)
    else:
        raise HttpError(404, "Format tidak dikenal; gunakan pdf atau docx.")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
