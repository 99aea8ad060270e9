"""Render a Rencana Induk version to PDF and DOCX from the same assembled content."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kotacerdas.masterplan.models import Masterplan, MasterplanChapter
from kotacerdas.masterplan.selectors.documents import (
    MasterplanProgramData,
    masterplan_chapters,
    masterplan_export_fingerprint,
    masterplan_program_data,
    rupiah,
)

GENERATED_AFTER = {
    MasterplanChapter.Code.BAB_III: "strategy",
    MasterplanChapter.Code.BAB_IV: "roadmap",
    MasterplanChapter.Code.LAMPIRAN: "indicators",
}


@dataclass
class ChapterPart:
    code: str
    title: str
    paragraphs: list[str]
    generated: str  # "", "strategy", "roadmap" or "indicators"


@dataclass
class MasterplanExport:
    masterplan: Masterplan
    chapters: list[ChapterPart]
    data: MasterplanProgramData
    generated_at: str


def masterplan_export_context(*, masterplan: Masterplan) -> MasterplanExport:
    chapters = []
    for chapter in masterplan_chapters(masterplan=masterplan):
        paragraphs = [p.strip() for p in chapter.body.replace("\r\n", "\n").split("\n\n")]
        chapters.append(
            ChapterPart(
                code=chapter.code,
                title=str(chapter.get_code_display()),
                paragraphs=[p for p in paragraphs if p],
                generated=GENERATED_AFTER.get(chapter.code, ""),
            )
        )
    data = masterplan_program_data(
        period_start=masterplan.period_start, period_end=masterplan.period_end
    )
    return MasterplanExport(
        masterplan=masterplan,
        chapters=chapters,
        data=data,
        generated_at=timezone.localtime().strftime("%d-%m-%Y %H:%M"),
    )


# A large program tree takes seconds to lay out; an export is reused until its data changes.
CACHE_SECONDS = 7 * 24 * 3600


PENDING_SECONDS = 10 * 60


def _key(kind: str, masterplan: Masterplan) -> str:
    fingerprint = masterplan_export_fingerprint(masterplan=masterplan)
    return f"masterplan-export:{kind}:{masterplan.pk}:{get_language() or 'id'}:{fingerprint}"


def masterplan_export_ready(*, masterplan: Masterplan, kind: str) -> bytes | None:
    """The export of `masterplan` for its current data if it has been rendered already."""
    return cache.get(_key(kind, masterplan))


def masterplan_export_prepare(*, masterplan: Masterplan, kind: str) -> None:
    """Render the export in the background (once, however often it is asked for); the
    WeasyPrint layout of a large program tree takes longer than a web request should."""
    from django.db import transaction

    from kotacerdas.masterplan.documents.tasks import masterplan_export_render

    key = _key(kind, masterplan)
    if cache.add(f"{key}:pending", True, PENDING_SECONDS):
        language = get_language() or "id"
        transaction.on_commit(
            lambda: masterplan_export_render.enqueue(masterplan.pk, kind, language)
        )


def _cached(kind: str, masterplan: Masterplan, render) -> bytes:
    key = _key(kind, masterplan)
    content = cache.get(key)
    if content is None:
        content = render(masterplan)
        cache.set(key, content, CACHE_SECONDS)
        cache.delete(f"{key}:pending")
    return content


def masterplan_to_pdf(*, masterplan: Masterplan) -> bytes:
    return _cached("pdf", masterplan, _render_pdf)


def masterplan_to_docx(*, masterplan: Masterplan) -> bytes:
    return _cached("docx", masterplan, _render_docx)


def _render_pdf(masterplan: Masterplan) -> bytes:
    from weasyprint import HTML

    export = masterplan_export_context(masterplan=masterplan)
    html = render_to_string("masterplan/documents/export_pdf.html", {"export": export})
    return HTML(string=html).write_pdf()


def _render_docx(masterplan: Masterplan) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    export = masterplan_export_context(masterplan=masterplan)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = str(masterplan)
    doc.core_properties.language = "id-ID"

    title = doc.add_heading(masterplan.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta.add_run(
        _("Versi %(version)s · Periode %(start)s-%(end)s · Status: %(status)s")
        % {
            "version": masterplan.version,
            "start": masterplan.period_start,
            "end": masterplan.period_end,
            "status": masterplan.get_status_display(),
        }
    )
    if masterplan.decree_number:
        doc.add_paragraph(
            _("Ditetapkan dengan Keputusan Wali Kota Bekasi Nomor %(number)s tanggal %(date)s.")
            % {"number": masterplan.decree_number, "date": masterplan.decree_date or "-"}
        ).alignment = WD_ALIGN_PARAGRAPH.CENTER

    data = export.data
    for chapter in export.chapters:
        doc.add_heading(chapter.title, level=1)
        for paragraph in chapter.paragraphs:
            doc.add_paragraph(paragraph)
        if chapter.generated == "strategy":
            _docx_strategy(doc, data)
        elif chapter.generated == "roadmap":
            _docx_roadmap(doc, data)
        elif chapter.generated == "indicators":
            _docx_indicators(doc, data)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _table(doc, headers: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    return table


def _docx_strategy(doc, data: MasterplanProgramData) -> None:
    doc.add_paragraph(
        _(
            "Tabel berikut disusun otomatis dari data program prioritas, program, dan kegiatan "
            "pada platform (anggaran dijumlahkan untuk seluruh periode rencana)."
        )
    )
    headers = [_("Kode"), _("Uraian"), _("Pelaksana"), _("Anggaran")]
    for dimension in data.dimensions:
        doc.add_heading(_("Dimensi %(name)s") % {"name": dimension.name}, level=2)
        rows: list[list[str]] = []
        for priority in dimension.priority_programs:
            label = priority.name + (" [Quick Win]" if priority.quick_win else "")
            rows.append([priority.code, label, "", rupiah(priority.budget)])
            for program in priority.programs:
                rows.append(
                    ["  " + program.code, program.name, program.implementer, rupiah(program.budget)]
                )
                for activity in program.activities:
                    rows.append(
                        [
                            "    " + activity.code,
                            activity.name,
                            activity.implementer,
                            rupiah(activity.budget),
                        ]
                    )
        for program in dimension.other_programs:
            rows.append([program.code, program.name, program.implementer, rupiah(program.budget)])
        if rows:
            _table(doc, headers, rows)
        else:
            doc.add_paragraph(_("Belum ada program pada dimensi ini."))


def _docx_roadmap(doc, data: MasterplanProgramData) -> None:
    doc.add_heading(_("Peta jalan per tahun dan tahap"), level=2)
    if not data.roadmap:
        doc.add_paragraph(_("Belum ada program dengan tahun peta jalan."))
        return
    headers = [_("Kode"), _("Uraian"), _("Pelaksana"), _("Tahap"), *map(str, data.years)]
    rows = []
    for row in data.roadmap:
        name = row.name + (" [Quick Win]" if row.quick_win else "")
        rows.append(
            [
                row.code,
                name,
                row.implementer,
                row.phase,
                *["■" if active else "" for active in row.years],
            ]
        )
    _table(doc, headers, rows)
    doc.add_paragraph(_("■ = tahun pelaksanaan; [Quick Win] = program/kegiatan Quick Win."))


def _docx_indicators(doc, data: MasterplanProgramData) -> None:
    doc.add_heading(_("Daftar indikator dan target"), level=2)
    if not data.indicators:
        doc.add_paragraph(_("Belum ada indikator."))
        return
    headers = [_("Kode"), _("Indikator"), _("Satuan"), _("Nilai dasar"), *map(str, data.years)]
    rows = [
        [row.code, f"{row.name} ({row.level})", row.unit, row.baseline, *row.targets]
        for row in data.indicators
    ]
    _table(doc, headers, rows)
