"""Demo masterplan data ("Contoh"): the 45 priority programs, about two agency programs each
spread over the real Perangkat Daerah, three or four activities per program (330 in all) with
2026 budgets per source, indicators with 2026 targets, Quick Wins and roadmap years; plus
participatory programs of the demo stakeholder organisations (Pasal 7(3)).

DEMO ONLY: every name starts with "Contoh:" and every row is is_demo=True.

Deterministic (random.Random(2026), consumed in the same order on every run) and idempotent:
the whole plan is first computed in memory, then only rows whose key (priority-program number,
agency + Permendagri code, indicator code, ...) is missing are written, with bulk_create. A
second run writes nothing. Writing hundreds of rows one service call at a time would take tens
of seconds and fill the audit chain with seed noise, so each batch is recorded as ONE audit
event "demo.load" (actor "seed_demo") naming the model, how many rows and their keys; the
rows themselves are demo data, never a person's edit.
"""

from __future__ import annotations

import decimal
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import Agency, Helix, Organisation
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    BudgetSource,
    Dimension,
    Element,
    Indicator,
    IndicatorAggregation,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorLevel,
    IndicatorTarget,
    PriorityArea,
    PriorityProgram,
    Program,
    RoadmapPhase,
    SubActivity,
)

DEMO_ACTOR = "seed_demo"
SEED = 2026
BUDGET_YEAR = 2026

# (number, name, priority area of Pasal 22, agencies carrying it)
PRIORITY_PROGRAMS: list[tuple[int, str, str, tuple[str, ...]]] = [
    (1, "Bekasi Digital Service", "GOV.a", ("DISKOMINFOSTANDI", "DPMPTSP")),
    (2, "Perizinan Daring Terpadu", "GOV.a", ("DPMPTSP", "DISKOMINFOSTANDI")),
    (3, "Mal Pelayanan Publik Kecamatan", "GOV.a", ("KEC-BEKASITIMUR", "KEC-JATIASIH")),
    (4, "Manajemen Kinerja ASN Terpadu", "GOV.b", ("BKPSDM", "SETDA")),
    (5, "Perencanaan dan Penganggaran Elektronik", "GOV.b", ("BAPPELITBANGDA", "BPKAD")),
    (6, "Satu Data Kota Bekasi", "GOV.c", ("DISKOMINFOSTANDI", "BAPPELITBANGDA")),
    (7, "Kanal Pengaduan Warga Terintegrasi", "GOV.a", ("DISKOMINFOSTANDI", "INSPEKTORAT")),
    (8, "Transparansi Pengadaan Barang dan Jasa", "GOV.c", ("SETDA", "INSPEKTORAT")),
    (9, "Promosi Wisata Kali Bekasi", "BRA.a", ("DISBUDPAR", "DLH")),
    (10, "Kalender Acara Budaya Kota Bekasi", "BRA.a", ("DISBUDPAR", "DISPORA")),
    (11, "Etalase Digital Produk UMKM", "BRA.b", ("DISKOPUKM", "DISDAGPERIN")),
    (12, "Layanan Investasi Terpadu", "BRA.b", ("DPMPTSP", "BAPPELITBANGDA")),
    (13, "Penataan Wajah Kota dan Taman Tematik", "BRA.c", ("DISPERKIMTAN", "DISTARU")),
    (14, "Penerangan Jalan Umum Cerdas", "BRA.c", ("DISHUB", "DISPERKIMTAN")),
    (15, "Pasar Rakyat Digital", "ECO.a", ("DISDAGPERIN", "DISKOPUKM")),
    (16, "Inkubator Wirausaha Muda", "ECO.a", ("DISKOPUKM", "DISPORA")),
    (17, "Pelatihan Kerja Berbasis Kompetensi", "ECO.b", ("DISNAKER", "DISDIK")),
    (18, "Data Terpadu Kesejahteraan Sosial", "ECO.b", ("DINSOS", "DISDUKCAPIL")),
    (19, "Ketahanan Pangan Perkotaan", "ECO.b", ("DKPPP", "DISDAGPERIN")),
    (20, "Pembayaran Pajak Daerah Nontunai", "ECO.c", ("BAPENDA", "BPKAD")),
    (21, "Retribusi Elektronik", "ECO.c", ("BAPENDA", "DISHUB")),
    (22, "Penataan Ruang Berbasis Peta Digital", "LIV.a", ("DISTARU", "DISPERKIMTAN")),
    (23, "Rumah Layak Huni", "LIV.a", ("DISPERKIMTAN", "DINSOS")),
    (24, "Puskesmas Digital dan Rekam Medis Elektronik", "LIV.b", ("DINKES", "RSUD-CAM")),
    (25, "Layanan Gawat Darurat Terpadu", "LIV.b", ("DINKES", "RSUD-CAM")),
    (26, "Gerakan Pangan Sehat dan Aman", "LIV.b", ("DKPPP", "DINKES")),
    (27, "Sarana Olahraga Publik", "LIV.b", ("DISPORA", "DISPERKIMTAN")),
    (28, "Angkutan Umum Terintegrasi", "LIV.c", ("DISHUB", "BAPPELITBANGDA")),
    (29, "Manajemen Lalu Lintas Cerdas", "LIV.d", ("DISHUB", "DISKOMINFOSTANDI")),
    (30, "Parkir Elektronik", "LIV.d", ("DISHUB", "BAPENDA")),
    (31, "Jalan dan Drainase Terpadu", "LIV.d", ("DBMSDA", "DISTARU")),
    (32, "Sekolah Digital", "SOC.b", ("DISDIK", "DISKOMINFOSTANDI")),
    (33, "Perpustakaan Digital Kota Bekasi", "SOC.b", ("DISPUSIP", "DISDIK")),
    (34, "Kampung Tematik Digital", "SOC.a", ("DISKOMINFOSTANDI", "KEC-BEKASIUTARA")),
    (35, "Perlindungan Perempuan dan Anak Daring", "SOC.a", ("DP3A", "DPPKB")),
    (36, "Kota Layak Pemuda", "SOC.a", ("DISPORA", "KESBANGPOL")),
    (37, "CCTV dan Keamanan Lingkungan", "SOC.c", ("SATPOLPP", "DISKOMINFOSTANDI")),
    (38, "Sistem Peringatan Dini Kebakaran", "SOC.c", ("DAMKAR", "BPBD")),
    (39, "Sistem Peringatan Dini Banjir", "ENV.a", ("BPBD", "DBMSDA")),
    (40, "Pemantauan Kualitas Udara", "ENV.a", ("DLH", "DINKES")),
    (41, "Ruang Terbuka Hijau", "ENV.a", ("DLH", "DISPERKIMTAN")),
    (42, "Bank Sampah Digital", "ENV.b", ("DLH", "KEC-MUSTIKAJAYA")),
    (43, "Pengolahan Sampah Terpadu Bantargebang", "ENV.b", ("DLH", "KEC-BANTARGEBANG")),
    (44, "Penerangan Hemat Energi dan Panel Surya", "ENV.c", ("DISPERKIMTAN", "DISHUB")),
    (45, "Pengelolaan Limbah Medis dan B3", "ENV.b", ("DLH", "RSUD-CAM")),
]

# Urusan.bidang of Permendagri 90/2019 for each agency (the program's first five characters).
AGENCY_BIDANG = {
    "DISDIK": "1.01", "DINKES": "1.02", "RSUD-CAM": "1.02", "DBMSDA": "1.03", "DISTARU": "1.03",
    "DISPERKIMTAN": "1.04", "SATPOLPP": "1.05", "DAMKAR": "1.05", "BPBD": "1.05",
    "DINSOS": "1.06", "DISNAKER": "2.07", "DP3A": "2.08", "DKPPP": "2.09", "DLH": "2.11",
    "DISDUKCAPIL": "2.12", "DPPKB": "2.14", "DISHUB": "2.15", "DISKOMINFOSTANDI": "2.16",
    "DISKOPUKM": "2.17", "DPMPTSP": "2.18", "DISPORA": "2.19", "DISPUSIP": "2.23",
    "DISBUDPAR": "3.26", "DISDAGPERIN": "3.30", "SETDA": "4.01", "BAPPELITBANGDA": "5.01",
    "BPKAD": "5.02", "BAPENDA": "5.03", "BKPSDM": "5.04", "INSPEKTORAT": "6.01",
    "KESBANGPOL": "8.01",
}  # fmt: skip
KECAMATAN_BIDANG = "7.01"

PROGRAM_KINDS = ["Pengembangan", "Penguatan", "Perluasan", "Peningkatan Layanan"]
ACTIVITY_KINDS = [
    "Perencanaan dan kajian kebutuhan",
    "Pembangunan sistem dan aplikasi",
    "Pengadaan sarana dan perangkat",
    "Sosialisasi dan pelatihan pengguna",
    "Pemantauan dan evaluasi",
    "Pemeliharaan dan operasional layanan",
]
# (name pattern, unit, direction, level, aggregation, percentage?)
INDICATOR_KINDS = [
    ("Persentase layanan {topic} yang tersedia daring", "%", "higher", "outcome", "last", True),
    ("Persentase warga puas terhadap {topic}", "%", "higher", "outcome", "last", True),
    ("Jumlah pengguna aktif {topic}", "orang", "higher", "output", "cumulative", False),
    ("Jumlah titik layanan {topic}", "unit", "higher", "output", "cumulative", False),
    ("Jumlah pelatihan {topic}", "kegiatan", "higher", "output", "incremental", False),
    ("Rata-rata waktu penyelesaian layanan {topic}", "hari", "lower", "outcome", "last", False),
    ("Persentase aduan {topic} yang terlambat ditangani", "%", "lower", "outcome", "last", True),
    ("Rata-rata waktu tanggap {topic}", "menit", "lower", "outcome", "last", False),
]  # fmt: skip

# Participatory programs (Pasal 7(3)): (words in the organisation's name, PP number, sources)
PARTICIPATORY = [
    ("Universitas", 32, (BudgetSource.HIBAH,)),
    ("SMK", 17, (BudgetSource.LAINNYA,)),
    ("Kali Bekasi", 39, (BudgetSource.LAINNYA,)),
    ("Ikatan Profesi", 34, (BudgetSource.LAINNYA,)),
    ("Pengusaha Digital", 11, (BudgetSource.CSR,)),
    ("Usaha Kecil", 15, (BudgetSource.CSR,)),
]


@dataclass
class _ActivitySpec:
    code: str
    name: str
    quick_win: bool
    start: int
    end: int
    phase: str
    elements: list[str]
    budgets: list[tuple[str, decimal.Decimal]]
    indicators: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _ProgramSpec:
    pp_number: int
    code: str
    name: str
    agency_code: str | None
    organisation_name: str | None
    dimension_code: str
    elements: list[str]
    start: int
    end: int
    phase: str
    activities: list[_ActivitySpec] = field(default_factory=list)


def _phase(start: int) -> str:
    if start <= 2020:
        return RoadmapPhase.FOUNDATION
    if start <= 2023:
        return RoadmapPhase.STRENGTHENING
    return RoadmapPhase.EXPANSION


def _rupiah(rng: random.Random, low_millions: int, high_millions: int) -> decimal.Decimal:
    return decimal.Decimal(rng.randrange(low_millions, high_millions) * 1_000_000)


def _indicator_specs(rng: random.Random, key: str, topic: str, count: int) -> list[dict[str, Any]]:
    specs = []
    for index, kind in enumerate(rng.sample(INDICATOR_KINDS, count), start=1):
        pattern, unit, direction, level, aggregation, percent = kind
        if percent and direction == "higher":
            baseline = decimal.Decimal(rng.randrange(20, 60))
            target = decimal.Decimal(rng.randrange(int(baseline) + 10, 96))
        elif percent:
            baseline = decimal.Decimal(rng.randrange(15, 40))
            target = decimal.Decimal(rng.randrange(3, int(baseline) - 5))
        elif direction == "lower":
            baseline = decimal.Decimal(rng.randrange(10, 60))
            target = (baseline * decimal.Decimal("0.6")).quantize(decimal.Decimal(1))
        else:
            baseline = decimal.Decimal(rng.randrange(5, 500))
            target = baseline + decimal.Decimal(rng.randrange(10, 400))
        specs.append(
            {
                "code": f"C-{key}-{index}",
                "name": "Contoh: " + pattern.format(topic=topic.lower()),
                "unit": unit,
                "direction": direction,
                "level": level,
                "aggregation": aggregation,
                "max_value": decimal.Decimal(100) if percent else None,
                "baseline_value": baseline,
                "baseline_year": 2024,
                "target": target,
            }
        )
    return specs


def _activities(
    rng: random.Random, *, program_code: str, key: str, topic: str, count: int,
    dimension_code: str, start: int, sources: tuple[str, ...] | None,
) -> list[_ActivitySpec]:  # fmt: skip
    activities = []
    for index, kind in enumerate(rng.sample(ACTIVITY_KINDS, count), start=1):
        code = f"{program_code}.1.{index:02d}"
        a_start = min(2026, start + rng.randrange(0, 3))
        a_end = min(2045, max(a_start + rng.randrange(1, 4), 2026))
        budgets: list[tuple[str, decimal.Decimal]] = []
        if sources is None:
            budgets.append((BudgetSource.APBD, _rupiah(rng, 150, 4500)))
            extra = rng.random()
            if extra < 0.15:
                budgets.append((BudgetSource.CSR, _rupiah(rng, 50, 800)))
            elif extra < 0.25:
                budgets.append((BudgetSource.APBN, _rupiah(rng, 200, 3000)))
            elif extra < 0.30:
                budgets.append((BudgetSource.APBD_PROVINSI, _rupiah(rng, 100, 1500)))
        else:
            budgets.extend((source, _rupiah(rng, 25, 600)) for source in sources)
        elements = sorted(
            rng.sample([f"{dimension_code}.{n}" for n in (1, 2, 3)], rng.choice([1, 1, 2]))
        )
        activities.append(
            _ActivitySpec(
                code=code,
                name=f"Contoh: {kind} {topic}",
                quick_win=rng.random() < 0.1,
                start=a_start,
                end=a_end,
                phase=_phase(a_start),
                elements=elements,
                budgets=budgets,
                indicators=_indicator_specs(rng, f"{key}-{code}", topic, rng.choice([1, 2])),
            )
        )
    return activities


def build_plan(organisation_names: list[str]) -> list[_ProgramSpec]:
    """The whole demo tree, computed without touching the database (deterministic)."""
    rng = random.Random(SEED)
    counters: dict[str, int] = {}
    programs: list[_ProgramSpec] = []
    position = 0
    for number, topic, area_code, agency_codes in PRIORITY_PROGRAMS:
        dimension_code = area_code.split(".")[0]
        for agency_code in agency_codes:
            bidang = AGENCY_BIDANG.get(agency_code, KECAMATAN_BIDANG)
            counters[agency_code] = counters.get(agency_code, 1) + 1
            code = f"{bidang}.{counters[agency_code]:02d}"
            start = rng.randrange(2019, 2025)
            end = min(2045, start + rng.randrange(3, 7))
            kind = rng.choice(PROGRAM_KINDS)
            count = 3 if position % 3 == 0 else 4
            position += 1
            program = _ProgramSpec(
                pp_number=number,
                code=code,
                name=f"Contoh: Program {kind} {topic}",
                agency_code=agency_code,
                organisation_name=None,
                dimension_code=dimension_code,
                elements=sorted(rng.sample([f"{dimension_code}.{n}" for n in (1, 2, 3)], 2)),
                start=start,
                end=end,
                phase=_phase(start),
            )
            program.activities = _activities(
                rng, program_code=code, key=agency_code, topic=topic, count=count,
                dimension_code=dimension_code, start=start, sources=None,
            )  # fmt: skip
            programs.append(program)
    topics = {number: (topic, area) for number, topic, area, _codes in PRIORITY_PROGRAMS}
    for index, (words, pp_number, sources) in enumerate(PARTICIPATORY, start=1):
        name = next((n for n in organisation_names if words.lower() in n.lower()), None)
        if name is None:
            continue
        topic, area_code = topics[pp_number]
        dimension_code = area_code.split(".")[0]
        code = f"X.01.{index:02d}"
        program = _ProgramSpec(
            pp_number=pp_number,
            code=code,
            name=f"Contoh: Program Partisipatif {topic}",
            agency_code=None,
            organisation_name=name,
            dimension_code=dimension_code,
            elements=[f"{dimension_code}.1"],
            start=2024,
            end=2026,
            phase=RoadmapPhase.EXPANSION,
        )
        program.activities = _activities(
            rng, program_code=code, key=f"MITRA{index}", topic=topic, count=2,
            dimension_code=dimension_code, start=2024, sources=sources,
        )  # fmt: skip
        programs.append(program)
    return programs


def _implementer(activity: Activity) -> str:
    return activity.agency.short_name if activity.agency else activity.organisation.name


def _say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _audit_batch(model: Any, keys: list[str]) -> None:
    if keys:
        audit_record(
            actor=DEMO_ACTOR,
            action="demo.load",
            object_type=model._meta.label,
            object_repr=f"{len(keys)} {model._meta.verbose_name_plural} (Contoh)",
            changes={"created": len(keys), "keys": keys},
        )


@transaction.atomic
def load(*, stdout: Any = None) -> None:
    dimensions = {d.code: d for d in Dimension.objects.all()}
    elements = {e.code: e for e in Element.objects.all()}
    areas = {a.code: a for a in PriorityArea.objects.all()}
    agencies = {a.code: a for a in Agency.objects.all()}
    # In creation order: the stakeholders' demo comes first, so organisations added later by
    # other demos (the council's members) never take over a participatory program on a rerun.
    organisations = {
        o.name: o
        for o in Organisation.objects.filter(is_demo=True)
        .exclude(helix=Helix.PEMERINTAH)
        .order_by("id")
    }
    plan = build_plan(list(organisations))

    # 1. Priority programs, keyed by number.
    existing_pp = PriorityProgram.objects.in_bulk(field_name="number")
    new_pp = []
    for number, topic, area_code, _codes in PRIORITY_PROGRAMS:
        if number in existing_pp:
            continue
        area = areas[area_code]
        start = 2019 + (number % 4)
        new_pp.append(
            PriorityProgram(
                number=number,
                name=f"Contoh: {topic}",
                description="Program prioritas contoh untuk mencoba platform (bukan data resmi).",
                dimension_id=area.dimension_id,
                priority_area=area,
                quick_win=number % 9 == 0,
                roadmap_start_year=start,
                roadmap_end_year=2023 + (number % 4),
                phase=_phase(start),
                is_demo=True,
            )
        )
    PriorityProgram.objects.bulk_create(new_pp)
    _audit_batch(PriorityProgram, [f"PP-{p.number:02d}" for p in new_pp])
    pp_by_number = PriorityProgram.objects.in_bulk(field_name="number")

    # 2. Programs, keyed by (agency or organisation, code).
    existing_programs = {(p.agency_id, p.organisation_id, p.code): p for p in Program.objects.all()}
    new_programs, program_of = [], {}
    for spec in plan:
        agency = agencies.get(spec.agency_code) if spec.agency_code else None
        organisation = organisations.get(spec.organisation_name) if spec.organisation_name else None
        if spec.agency_code and agency is None:
            continue  # an agency renamed away from the reference list: skip its demo programs
        key = (agency.pk if agency else None, None if agency else organisation.pk, spec.code)
        program = existing_programs.get(key)
        if program is None:
            program = Program(
                priority_program=pp_by_number.get(spec.pp_number),
                code=spec.code,
                name=spec.name,
                agency=agency,
                organisation=organisation,
                is_participatory=organisation is not None,
                dimension=dimensions[spec.dimension_code],
                roadmap_start_year=spec.start,
                roadmap_end_year=spec.end,
                phase=spec.phase,
                is_demo=True,
            )
            new_programs.append((program, spec))
        program_of[id(spec)] = program
    Program.objects.bulk_create([p for p, _s in new_programs])
    Program.elements.through.objects.bulk_create(
        [
            Program.elements.through(program_id=p.pk, element_id=elements[code].pk)
            for p, s in new_programs
            for code in s.elements
        ]
    )
    _audit_batch(
        Program, [f"{p.agency.code if p.agency else 'MITRA'} {p.code}" for p, _s in new_programs]
    )

    # 3. Activities (and one sub-activity each), keyed by (program, code).
    existing_activities = {(a.program_id, a.code): a for a in Activity.objects.all()}
    new_activities = []
    activity_of = {}
    for spec in plan:
        program = program_of.get(id(spec))
        if program is None:
            continue
        for a_spec in spec.activities:
            activity = existing_activities.get((program.pk, a_spec.code))
            if activity is None:
                activity = Activity(
                    program=program,
                    code=a_spec.code,
                    name=a_spec.name,
                    agency=program.agency,
                    organisation=program.organisation,
                    dimension=program.dimension,
                    quick_win=a_spec.quick_win,
                    roadmap_start_year=a_spec.start,
                    roadmap_end_year=a_spec.end,
                    phase=a_spec.phase,
                    is_demo=True,
                )
                new_activities.append((activity, a_spec))
            activity_of[id(a_spec)] = activity
    Activity.objects.bulk_create([a for a, _s in new_activities])
    Activity.elements.through.objects.bulk_create(
        [
            Activity.elements.through(activity_id=a.pk, element_id=elements[code].pk)
            for a, s in new_activities
            for code in s.elements
        ]
    )
    _audit_batch(Activity, [f"{a.program.code}/{a.code}" for a, _s in new_activities])
    existing_subs = set(SubActivity.objects.values_list("activity_id", "code"))
    new_subs = [
        SubActivity(
            activity=a,
            code=f"{a.code}.0001",
            name=f"{a.name} (sub-kegiatan utama)",
            agency=a.agency,
            organisation=a.organisation,
            dimension=a.dimension,
            is_demo=True,
        )
        for a in activity_of.values()
        if (a.pk, f"{a.code}.0001") not in existing_subs
    ]
    SubActivity.objects.bulk_create(new_subs)
    _audit_batch(SubActivity, [s.code for s in new_subs])

    # 4. Budgets for 2026, keyed by (activity, year, source).
    existing_budgets = set(
        BudgetAllocation.objects.filter(year=BUDGET_YEAR).values_list("activity_id", "source")
    )
    new_budgets = []
    for spec in plan:
        for a_spec in spec.activities:
            activity = activity_of.get(id(a_spec))
            if activity is None:
                continue
            for source, amount in a_spec.budgets:
                if (activity.pk, source) not in existing_budgets:
                    new_budgets.append(
                        BudgetAllocation(
                            activity=activity, year=BUDGET_YEAR, source=source, amount=amount
                        )
                    )
    BudgetAllocation.objects.bulk_create(new_budgets)
    _audit_batch(BudgetAllocation, [f"{b.activity.code} {b.source}" for b in new_budgets])

    # 5. Indicators and their 2026 targets, keyed by indicator code and (indicator, year).
    existing_indicators = Indicator.objects.in_bulk(field_name="code")
    new_indicators, target_values = [], {}
    for spec in plan:
        for a_spec in spec.activities:
            activity = activity_of.get(id(a_spec))
            if activity is None:
                continue
            for i_spec in a_spec.indicators:
                target_values[i_spec["code"]] = i_spec["target"]
                if i_spec["code"] in existing_indicators:
                    continue
                new_indicators.append(
                    Indicator(
                        code=i_spec["code"],
                        name=i_spec["name"],
                        definition="Indikator contoh (bukan data resmi).",
                        level=IndicatorLevel(i_spec["level"]),
                        unit=i_spec["unit"],
                        max_value=i_spec["max_value"],
                        direction=IndicatorDirection(i_spec["direction"]),
                        aggregation=IndicatorAggregation(i_spec["aggregation"]),
                        frequency=IndicatorFrequency.QUARTER,
                        baseline_value=i_spec["baseline_value"],
                        baseline_year=i_spec["baseline_year"],
                        data_source=f"Laporan {_implementer(activity)} (Contoh)",
                        verification_means="Dokumen laporan triwulan (Contoh)",
                        activity=activity,
                        is_demo=True,
                    )
                )
    Indicator.objects.bulk_create(new_indicators)
    _audit_batch(Indicator, [i.code for i in new_indicators])
    indicator_ids = dict(
        Indicator.objects.filter(code__in=list(target_values)).values_list("code", "pk")
    )
    existing_targets = set(
        IndicatorTarget.objects.filter(year=BUDGET_YEAR).values_list("indicator_id", flat=True)
    )
    new_targets = [
        IndicatorTarget(indicator_id=indicator_ids[code], year=BUDGET_YEAR, value=value)
        for code, value in target_values.items()
        if indicator_ids[code] not in existing_targets
    ]
    IndicatorTarget.objects.bulk_create(new_targets)
    _audit_batch(
        IndicatorTarget,
        [
            f"{code} {BUDGET_YEAR}"
            for code in target_values
            if indicator_ids[code] not in existing_targets
        ],
    )

    _say(
        stdout,
        f"Rencana induk contoh: {len(new_pp)} program prioritas, {len(new_programs)} program, "
        f"{len(new_activities)} kegiatan, {len(new_subs)} sub-kegiatan, {len(new_budgets)} "
        f"alokasi anggaran, {len(new_indicators)} indikator, {len(new_targets)} target dibuat.\n",
    )

    # The masterplan document (v1 approved, v2 draft) once the tree exists.
    from kotacerdas.masterplan.demo_document import load_document

    load_document(stdout=stdout)
