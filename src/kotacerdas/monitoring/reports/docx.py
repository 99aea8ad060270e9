"""The report as DOCX (python-docx): the same sections and tables as the PDF, with the
built-in heading styles so that Word's navigation pane and table of contents work."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from kotacerdas.monitoring.reports.content import ReportContent


def _table(doc, caption: str, headers: list[str], rows: list[list[str]]) -> None:
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    # One pass over the grid's cells: python-docx's row.cells is slow on long tables.
    cells = table._cells
    width = len(headers)
    for index, header in enumerate(headers):
        paragraph = cells[index].paragraphs[0]
        paragraph.add_run(header).bold = True
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            cells[r * width + c].paragraphs[0].add_run(value)


def _implementers(doc, caption: str, rows) -> None:
    if not rows:
        doc.add_paragraph(_("Tidak ada pelaksana pada kelompok ini."))
        return
    _table(
        doc,
        caption,
        [
            _("Peringkat"),
            _("Pelaksana"),
            _("Capaian"),
            _("Kategori"),
            _("Kegiatan"),
            _("Alokasi"),
            _("Realisasi"),
            _("Serapan"),
        ],
        [
            [
                r.rank,
                r.name,
                r.result.text,
                r.result.label,
                str(r.activities),
                r.budget_allocated,
                r.budget_realised,
                r.absorption,
            ]
            for r in rows
        ],
    )


def render_docx(content: ReportContent) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.2), Cm(1.8)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = content.title
    doc.core_properties.subject = content.period_label
    doc.core_properties.language = "id-ID"

    for line in (
        _("DEWAN KOTA CERDAS DAN TIM PELAKSANA KOTA CERDAS"),
        _("KOTA BEKASI"),
    ):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    title = doc.add_heading(content.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = doc.add_paragraph(f"{content.kind_label} · {content.period_label}")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _table(
        doc,
        _("Tujuan laporan"),
        [_("Kepada"), _("Periode"), _("Dibuat")],
        [[content.addressee, content.period_label, content.generated_at]],
    )

    doc.add_heading("1. " + _("Dasar hukum dan periode"), level=1)
    for item in content.legal_basis:
        doc.add_paragraph(item, style="List Number")
    doc.add_paragraph(
        _("Laporan ini mencakup periode %(period)s.") % {"period": content.period_label}
    )

    doc.add_heading("2. " + _("Ringkasan eksekutif"), level=1)
    for paragraph in content.summary:
        doc.add_paragraph(paragraph)

    doc.add_heading("3. " + _("Status Rencana Induk"), level=1)
    doc.add_paragraph(content.masterplan)
    if content.masterplan_rows:
        _table(
            doc,
            _("Rencana Induk yang berlaku"),
            [_("Data"), _("Nilai")],
            [[label, value] for label, value in content.masterplan_rows],
        )

    doc.add_heading("4. " + _("Capaian per dimensi dan unsur"), level=1)
    doc.add_paragraph(
        _("Capaian kota: %(value)s (%(band)s).")
        % {"value": content.city.text, "band": content.city.label}
    )
    doc.add_paragraph(content.weighting_note)
    rows = []
    for d in content.dimensions:
        rows.append([d.name, d.result.text, d.result.label, str(d.counted), str(d.blank)])
        for e in d.elements:
            rows.append(
                ["    " + e.name, e.result.text, e.result.label, str(e.counted), str(e.blank)]
            )
    _table(
        doc,
        _("Capaian per dimensi dan unsur"),
        [_("Dimensi / unsur"), _("Capaian"), _("Kategori"), _("Dihitung"), _("Belum ada data")],
        rows,
    )

    doc.add_heading("5. " + _("Evaluasi masing-masing pihak pelaksana"), level=1)
    doc.add_heading("5.1 " + _("Pelaksana pemerintah"), level=2)
    _implementers(doc, _("Peringkat Perangkat Daerah"), content.government)
    doc.add_heading("5.2 " + _("Pelaksana non-pemerintah"), level=2)
    _implementers(doc, _("Peringkat pemangku kepentingan non-pemerintah"), content.non_government)

    doc.add_heading("6. " + _("Quick Win"), level=1)
    if content.quick_wins:
        _table(
            doc,
            _("Status Quick Win"),
            [_("Kegiatan"), _("Pelaksana"), _("Progres fisik"), _("Capaian"), _("Status")],
            [
                [f"{q.code} {q.name}", q.implementer, q.progress, q.result.text, q.status]
                for q in content.quick_wins
            ],
        )
    else:
        doc.add_paragraph(_("Tidak ada kegiatan Quick Win pada periode ini."))

    doc.add_heading("7. " + _("Deviasi peta jalan"), level=1)
    if content.roadmap:
        _table(
            doc,
            _("Rencana peta jalan dibandingkan pelaksanaan"),
            [
                _("Kegiatan"),
                _("Pelaksana"),
                _("Rencana"),
                _("Tahap"),
                _("Pelaksanaan"),
                _("Deviasi"),
            ],
            [
                [r.name, r.implementer, r.planned, r.phase, r.actual, r.variance]
                for r in content.roadmap
            ],
        )
    else:
        doc.add_paragraph(_("Belum ada kegiatan dengan tahun peta jalan."))

    doc.add_heading("8. " + _("Rapat Dewan Kota Cerdas"), level=1)
    doc.add_paragraph(content.council_meetings)

    doc.add_heading("9. " + _("Permasalahan"), level=1)
    if content.problems:
        _table(
            doc,
            _("Permasalahan dan faktor penghambat dari realisasi"),
            [
                _("Kegiatan"),
                _("Pelaksana"),
                _("TW"),
                _("Permasalahan"),
                _("Faktor penghambat"),
            ],
            [
                [
                    f"{p.activity_code} {p.activity_name}",
                    p.agency,
                    str(p.quarter),
                    p.problems or "—",
                    p.inhibiting or "—",
                ]
                for p in content.problems
            ],
        )
    else:
        doc.add_paragraph(_("Tidak ada permasalahan yang dilaporkan pada realisasi periode ini."))

    doc.add_heading("10. " + _("Analisis dan rekomendasi"), level=1)
    for item in content.analysis:
        doc.add_paragraph(item, style="List Bullet")
    if content.recommendations:
        _table(
            doc,
            _("Rekomendasi, penanggung jawab, dan tenggat"),
            [_("Rekomendasi"), _("Dari"), _("Penanggung jawab"), _("Tenggat"), _("Status")],
            [
                [
                    r.title + (f" ({_('dibawa dari siklus sebelumnya')})" if r.carried else ""),
                    r.source,
                    r.owner,
                    r.due,
                    r.status,
                ]
                for r in content.recommendations
            ],
        )
    else:
        doc.add_paragraph(_("Belum ada rekomendasi tercatat untuk siklus ini."))

    doc.add_heading("11. " + _("Tembusan"), level=1)
    if content.copies:
        for copy in content.copies:
            doc.add_paragraph(copy["recipient"], style="List Number 2")
    else:
        doc.add_paragraph(_("Tidak ada Perangkat Daerah terkait pada periode ini."))

    doc.add_paragraph()
    doc.add_paragraph(
        _("Bekasi, %(date)s") % {"date": content.generated_at}
        + "\n"
        + _("Ketua Dewan Kota Cerdas Kota Bekasi")
    )
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.rows[0].cells[0]
    cell.width = Cm(8)
    cell.paragraphs[0].add_run(_("Ditandatangani secara elektronik")).bold = True
    cell.add_paragraph(content.signature_note)

    annex = doc.add_section()
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Cm(29.7), Cm(21)
    doc.add_heading(_("Lampiran: daftar kegiatan"), level=1)
    _table(
        doc,
        _("Progres fisik terakhir dan realisasi anggaran per kegiatan"),
        [
            _("Kode"),
            _("Kegiatan"),
            _("Pelaksana"),
            _("Dimensi"),
            _("Anggaran"),
            _("Realisasi"),
            _("Progres"),
            _("Status data"),
        ],
        [
            [
                a["code"],
                a["name"],
                a["implementer"],
                a["dimension"],
                a["budget"],
                a["realised"],
                a["progress"],
                a["status"],
            ]
            for a in content.annex
        ],
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
