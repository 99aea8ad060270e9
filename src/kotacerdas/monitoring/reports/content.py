"""What a periodic report to the Wali Kota says (Pasal 15(3)-(4), 29), assembled once and
rendered twice (PDF and DOCX) so that both carry the same sections and figures.

The evaluation numbers come from `monitoring.selectors.evaluation` (imported at call time);
data the platform does not hold yet is said so plainly, never invented.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kotacerdas.core.models import Agency, AgencyType
from kotacerdas.monitoring.models import PeriodicReport, ReportKind
from kotacerdas.monitoring.selectors import reports as report_selectors

ROMAN = {1: "I", 2: "II"}
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
# Marked for the catalogue here, translated where used (the institutions module is not there).
COUNCIL_MEETINGS_UNAVAILABLE = gettext_noop("Data rapat Dewan belum tersedia di platform.")


def date_id(day: dt.date | None) -> str:
    """2 Januari 2026 (month names in Indonesian, independent of the active language)."""
    if day is None:
        return "-"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def pct(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value):.2f}".replace(".", ",") + "%"


def rupiah(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    return "Rp " + f"{round(value):,}".replace(",", ".")


def agency_head_title(agency: Agency) -> str:
    """The head of a Perangkat Daerah, as a letter's copy list names them."""
    name = agency.name
    if agency.type == AgencyType.KECAMATAN:
        return "Camat " + name.removeprefix("Kecamatan ").strip()
    if agency.type == AgencyType.KELURAHAN:
        return "Lurah " + name.removeprefix("Kelurahan ").strip()
    if agency.type == AgencyType.INSPEKTORAT:
        return "Inspektur " + name.removeprefix("Inspektorat ").strip()
    if agency.type == AgencyType.RSUD:
        return "Direktur " + name
    if agency.type == AgencyType.SEKRETARIAT and name.lower().startswith("sekretariat daerah"):
        return "Sekretaris Daerah " + name[len("Sekretariat Daerah") :].strip()
    if agency.type == AgencyType.SEKRETARIAT and name.lower().startswith("sekretariat dprd"):
        return "Sekretaris DPRD " + name[len("Sekretariat DPRD") :].strip()
    return "Kepala " + name


@dataclass
class BandCell:
    text: str
    label: str
    colour: str


def _band(value: Decimal | None, band: Any) -> BandCell:
    if band is None:
        return BandCell(pct(value), _("Belum ada data"), "#6c757d")
    from kotacerdas.monitoring.reports.charts import safe_colour

    return BandCell(pct(value), str(band.label), safe_colour(str(band.colour)))


@dataclass
class ElementRow:
    name: str
    result: BandCell
    counted: int
    blank: int


@dataclass
class DimensionRow:
    code: str
    name: str
    achievement: Decimal | None
    result: BandCell
    counted: int
    blank: int
    elements: list[ElementRow]


@dataclass
class ImplementerRow:
    rank: str
    name: str
    result: BandCell
    activities: int
    budget_allocated: str
    budget_realised: str
    absorption: str


@dataclass
class QuickWinRow:
    code: str
    name: str
    implementer: str
    progress: str
    result: BandCell
    status: str


@dataclass
class RoadmapRow:
    name: str
    implementer: str
    planned: str
    phase: str
    actual: str
    variance: str


@dataclass
class RecommendationRow:
    title: str
    source: str
    owner: str
    due: str
    status: str
    carried: bool
    is_open: bool = False


@dataclass
class ReportContent:
    title: str
    kind_label: str
    period_label: str
    year: int
    legal_basis: list[str]
    addressee: str
    copies: list[dict[str, Any]]
    summary: list[str]
    masterplan: str
    masterplan_rows: list[tuple[str, str]]
    city: BandCell
    weighting_note: str
    dimensions: list[DimensionRow]
    bands: list[BandCell]
    government: list[ImplementerRow]
    non_government: list[ImplementerRow]
    quick_wins: list[QuickWinRow]
    roadmap: list[RoadmapRow]
    council_meetings: str
    problems: list[report_selectors.ProblemRow]
    analysis: list[str]
    recommendations: list[RecommendationRow]
    annex: list[dict[str, str]]
    generated_at: str
    signature_note: str
    chart_svg: str = ""
    totals: dict[str, str] = field(default_factory=dict)
    roadmap_total: int = 0
    roadmap_summary: list[tuple[str, int]] = field(default_factory=list)

    @property
    def annex_groups(self) -> list[tuple[str, list[dict[str, str]]]]:
        """The annex per dimension, in the order of the dimensions."""
        order = {d.name: index for index, d in enumerate(self.dimensions)}
        groups: dict[str, list[dict[str, str]]] = {}
        for row in self.annex:
            groups.setdefault(row["dimension"], []).append(row)
        return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


def period_label(report: PeriodicReport) -> str:
    if report.kind == ReportKind.SEMESTER:
        return _("Semester %(s)s Tahun %(y)s (%(a)s s.d. %(b)s)") % {
            "s": ROMAN.get(report.semester or 0, report.semester),
            "y": report.year,
            "a": date_id(report.period_start),
            "b": date_id(report.period_end),
        }
    if report.kind == ReportKind.ANNUAL:
        return _("Tahun %(y)s (%(a)s s.d. %(b)s)") % {
            "y": report.year,
            "a": date_id(report.period_start),
            "b": date_id(report.period_end),
        }
    return _("%(a)s s.d. %(b)s") % {
        "a": date_id(report.period_start),
        "b": date_id(report.period_end),
    }


def evaluation_quarter(report: PeriodicReport) -> int | None:
    """The quarter the evaluation runs up to (None: the whole year)."""
    quarters = report_selectors.report_quarters(report)
    last = max(quarters)
    return None if last == 4 else last


def _implementer_rows(rows: list[Any]) -> list[ImplementerRow]:
    result = []
    for row in rows:
        absorption = (
            pct(row.budget_realised / row.budget_allocated * 100) if row.budget_allocated else "—"
        )
        result.append(
            ImplementerRow(
                rank=str(row.rank) if row.rank else "—",
                name=row.name,
                result=_band(row.achievement, row.band),
                activities=row.activities,
                budget_allocated=rupiah(row.budget_allocated),
                budget_realised=rupiah(row.budget_realised),
                absorption=absorption,
            )
        )
    return result


def build_report_content(report: PeriodicReport) -> ReportContent:
    """Assemble every section of `report` (Pasal 29(3) a-c)."""
    from kotacerdas.masterplan.selectors.documents import masterplan_approved
    from kotacerdas.monitoring.reports.charts import dimension_bar_chart, safe_colour
    from kotacerdas.monitoring.selectors import evaluation

    year = report.year
    quarters = report_selectors.report_quarters(report)
    quarter = evaluation_quarter(report)

    city = evaluation.evaluation_city(year=year, quarter=quarter)
    ranking = evaluation.implementer_ranking(year=year, quarter=quarter)
    quick_wins = evaluation.quick_win_status(year=year, quarter=quarter)
    variance = evaluation.roadmap_variance(year=year)

    # --- copies: heads of the agencies whose programs appear (snapshot kept on the report)
    ranked_agency_ids = {row.agency_id for row in ranking if row.agency_id}
    agencies = report_selectors.agencies_concerned(
        year=year, quarters=quarters, extra_ids=ranked_agency_ids
    )
    copies = [
        {
            "agency_id": agency.pk,
            "agency_code": agency.code,
            "agency_name": agency.name,
            "recipient": agency_head_title(agency),
        }
        for agency in agencies
    ]

    # --- achievement per dimension and element
    dimensions = [
        DimensionRow(
            code=d.dimension.code,
            name=d.dimension.name,
            achievement=d.achievement,
            result=_band(d.achievement, d.band),
            counted=d.counted,
            blank=d.blank,
            elements=[
                ElementRow(
                    name=e.element.name,
                    result=_band(e.achievement, e.band),
                    counted=e.counted,
                    blank=e.blank,
                )
                for e in d.elements
            ],
        )
        for d in city.dimensions
    ]
    bands = [
        BandCell(f"≥ {band.min}", str(band.label), safe_colour(str(band.colour)))
        for band in getattr(city, "bands", []) or []
    ]
    weighting_note = (
        (
            _("Rata-rata tertimbang anggaran tahun berjalan")
            if city.weighting == "budget"
            else _("Rata-rata dengan bobot sama")
        )
        + ". "
        + _(
            "Kegiatan tanpa data realisasi terverifikasi tidak dihitung dalam rata-rata dan "
            "disebutkan jumlahnya (kolom “belum ada data”)."
        )
    )

    government = _implementer_rows([r for r in ranking if r.kind == "pemerintah"])
    non_government = _implementer_rows([r for r in ranking if r.kind != "pemerintah"])

    quick_win_rows = [
        QuickWinRow(
            code=q.activity.code,
            name=q.activity.name,
            implementer=q.agency_name or "-",
            progress=pct(q.physical_progress),
            result=_band(q.achievement, q.band),
            status=q.status_label,
        )
        for q in quick_wins
    ]
    roadmap_rows = [
        RoadmapRow(
            name=r.node_name,
            implementer=r.agency_name or "-",
            planned=f"{r.planned_start or '?'}-{r.planned_end or '?'}",
            phase=str(r.phase or "-"),
            actual=str(r.actual_status),
            variance=str(r.variance_label),
        )
        for r in variance
    ]
    # The body lists the deviations only; what runs to plan is counted per label.
    on_plan = _("Sesuai rencana")
    roadmap_summary = sorted(Counter(r.variance for r in roadmap_rows).items())
    roadmap_total = len(roadmap_rows)
    roadmap_rows = [r for r in roadmap_rows if r.variance != on_plan]

    # --- masterplan status
    masterplan = masterplan_approved()
    if masterplan is None:
        masterplan_text = _(
            "Belum ada Rencana Induk Kota Cerdas yang ditetapkan dengan Keputusan Wali Kota "
            "pada platform."
        )
        masterplan_rows: list[tuple[str, str]] = []
    else:
        masterplan_text = _(
            "Pelaksanaan diukur terhadap Rencana Induk Kota Cerdas yang berlaku berikut."
        )
        masterplan_rows = [
            (_("Judul"), masterplan.title),
            (_("Versi"), str(masterplan.version)),
            (_("Periode"), f"{masterplan.period_start}-{masterplan.period_end}"),
            (_("Keputusan Wali Kota"), masterplan.decree_number),
            (_("Tanggal keputusan"), date_id(masterplan.decree_date)),
        ]

    problems = report_selectors.report_problems(year=year, quarters=quarters)
    recommendations = [
        RecommendationRow(
            title=r.title,
            source=str(r.get_source_display()),
            owner=(r.owner_agency.short_name if r.owner_agency_id else "") or r.owner_team or "-",
            due=date_id(r.due_date),
            status=str(r.get_status_display()),
            carried=r.year < year,
            is_open=r.status in ("open", "in_progress"),
        )
        for r in report_selectors.report_recommendations(year=year)
    ]
    annex = [
        {
            "code": row.code,
            "name": row.name,
            "implementer": row.implementer,
            "dimension": row.dimension,
            "budget": rupiah(row.budget),
            "realised": rupiah(row.realised),
            "progress": pct(row.progress),
            "status": row.status,
        }
        for row in report_selectors.report_activity_annex(year=year, quarters=quarters)
    ]

    # --- executive summary and analysis (generated sentences from the figures above)
    allocated = sum((r.budget_allocated for r in ranking), Decimal(0))
    realised = sum((r.budget_realised for r in ranking), Decimal(0))
    scored = [d for d in dimensions if d.achievement is not None]
    summary = [
        _(
            "Capaian Kota Cerdas Kota Bekasi pada periode ini adalah %(value)s (%(band)s), "
            "dihitung dari %(counted)s kegiatan dengan data realisasi terverifikasi; "
            "%(blank)s kegiatan belum memiliki data terverifikasi dan tidak dihitung."
        )
        % {
            "value": pct(city.achievement),
            "band": _band(city.achievement, city.band).label,
            "counted": city.counted,
            "blank": city.blank,
        },
        _(
            "Realisasi anggaran pelaksana yang dievaluasi %(realised)s dari alokasi "
            "%(allocated)s (%(share)s)."
        )
        % {
            "realised": rupiah(realised),
            "allocated": rupiah(allocated),
            "share": pct(realised / allocated * 100) if allocated else "—",
        },
    ]
    if scored:
        best = max(scored, key=lambda d: d.achievement)
        worst = min(scored, key=lambda d: d.achievement)
        summary.append(
            _("Dimensi dengan capaian tertinggi: %(best)s (%(bv)s); terendah: %(worst)s (%(wv)s).")
            % {
                "best": best.name,
                "bv": best.result.text,
                "worst": worst.name,
                "wv": worst.result.text,
            }
        )
    late = [q for q in quick_win_rows if q.status == _("Terlambat")]
    summary.append(
        _("%(n)s Quick Win dipantau; %(late)s di antaranya terlambat dari jadwal.")
        % {"n": len(quick_win_rows), "late": len(late)}
    )
    open_recs = [r for r in recommendations if r.is_open]
    summary.append(
        _("%(n)s rekomendasi tercatat, %(open)s masih terbuka atau dalam tindak lanjut.")
        % {"n": len(recommendations), "open": len(open_recs)}
    )

    analysis = []
    weak = [d for d in scored if d.achievement is not None and d.achievement < 66]
    for d in weak:
        analysis.append(
            _(
                "Dimensi %(name)s berada pada kategori %(band)s (%(value)s); perlu percepatan "
                "pelaksanaan dan verifikasi realisasi oleh Perangkat Daerah terkait."
            )
            % {"name": d.name, "band": d.result.label, "value": d.result.text}
        )
    low_implementers = [
        r for r in government + non_government if r.result.label in ("Kurang", "Sangat Kurang")
    ]
    if low_implementers:
        analysis.append(
            _("Pelaksana dengan capaian Kurang atau Sangat Kurang: %(names)s.")
            % {"names": ", ".join(r.name for r in low_implementers[:15])}
        )
    delayed = roadmap_rows
    if delayed:
        analysis.append(
            _("%(n)s kegiatan peta jalan menyimpang dari jadwal rencana.") % {"n": len(delayed)}
        )
    if city.blank:
        analysis.append(
            _(
                "%(n)s kegiatan belum memiliki realisasi terverifikasi; Tim Pelaksana perlu "
                "menuntaskan verifikasi agar capaian menggambarkan keadaan sebenarnya."
            )
            % {"n": city.blank}
        )
    if not analysis:
        analysis.append(
            _("Tidak ada dimensi atau pelaksana dengan capaian di bawah kategori Cukup.")
        )

    kind_label = str(report.get_kind_display())
    content = ReportContent(
        title=report.title,
        kind_label=kind_label,
        period_label=period_label(report),
        year=year,
        legal_basis=[
            _(
                "Peraturan Wali Kota Bekasi Nomor 32 Tahun 2021 tentang Penyelenggaraan Kota "
                "Cerdas, Pasal 15 ayat (3) dan ayat (4): penyusunan laporan pencapaian "
                "implementasi Rencana Induk secara berkala oleh Dewan Kota Cerdas bersama Tim "
                "Pelaksana."
            ),
            _(
                "Pasal 29 ayat (1) sampai dengan ayat (3): laporan berkala setiap semester, "
                "tahunan, dan sewaktu-waktu kepada Wali Kota dengan tembusan Kepala Perangkat "
                "Daerah terkait, meliputi rencana induk, evaluasi pencapaian oleh masing-masing "
                "pihak pelaksana (pemerintah dan non-pemerintah), serta analisis dan rekomendasi."
            ),
        ],
        addressee=_("Yth. Wali Kota Bekasi"),
        copies=copies,
        summary=summary,
        masterplan=masterplan_text,
        masterplan_rows=masterplan_rows,
        city=_band(city.achievement, city.band),
        weighting_note=weighting_note,
        dimensions=dimensions,
        bands=bands,
        government=government,
        non_government=non_government,
        quick_wins=quick_win_rows,
        roadmap=roadmap_rows,
        council_meetings=_(COUNCIL_MEETINGS_UNAVAILABLE),
        problems=problems,
        analysis=analysis,
        recommendations=recommendations,
        annex=annex,
        roadmap_total=roadmap_total,
        roadmap_summary=roadmap_summary,
        generated_at=timezone.localtime().strftime("%d-%m-%Y %H:%M"),
        signature_note=_(
            "Ruang ini disediakan untuk tanda tangan elektronik (PAdES). Berkas PDF ini tidak "
            "dienkripsi sehingga tanda tangan dapat dibubuhkan tanpa membuat ulang dokumen."
        ),
        totals={
            "allocated": rupiah(allocated),
            "realised": rupiah(realised),
            "activities": str(len(annex)),
        },
    )
    content.chart_svg = dimension_bar_chart(
        [(d.name, d.achievement, d.result.colour) for d in dimensions],
        title=_("Capaian per dimensi"),
    )
    return content
