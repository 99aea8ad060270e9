"""The Satu Data demo's Daftar Data ("Contoh"): what each real Perangkat Daerah of Kota Bekasi
delivers, with topic, schedule, tags and the table's shape. DEMO ONLY: believable lines, not
the city's official Daftar Data; the numbers the tables hold are generated (see `tables`).

The sectoral agencies' lines are in `catalogue_sectors`; every kecamatan delivers the same
lines about its own kelurahan (`kecamatan_lines`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kotacerdas.opendata.demo.tables import (
    ByCategory,
    ByKecamatan,
    ByKelurahan,
    Category,
    Key,
    Measure,
    Table,
    bekasi,
    between,
    categories,
    count,
    ratio,
)

ANNUAL, SEMIANNUAL, QUARTERLY, MONTHLY = "annual", "semiannual", "quarterly", "monthly"
DEMO_MARK = "(Contoh)"


@dataclass(frozen=True)
class DataLine:
    """One line of a producer's Daftar Data, repeated every year."""

    agency: str  # core.Agency code
    title: str  # without the year
    topic: str  # opendata.Topic name
    table: Table
    tags: tuple[str, ...]
    unit: str
    frequency: str = ANNUAL
    priority: bool = False
    about: str = ""

    def entry_title(self, year: int) -> str:
        return f"{self.title} Tahun {year} {DEMO_MARK}"

    def description(self) -> str:
        about = f"{self.about} " if self.about else ""
        return (
            f"{self.title} di Kota Bekasi. {about}"
            "Data contoh untuk mencoba Portal Satu Data, bukan statistik resmi."
        )

    @property
    def seed(self) -> str:
        return f"{self.agency}|{self.title}"


def line(
    agency: str,
    title: str,
    topic: str,
    key: Key,
    *measures: Measure,
    tags: tuple[str, ...] = (),
    unit: str = "",
    freq: str = ANNUAL,
    priority: bool = False,
    about: str = "",
) -> DataLine:
    return DataLine(
        agency=agency,
        title=title,
        topic=topic,
        table=Table(key, tuple(measures)),
        tags=tags,
        unit=unit or measures[0].unit,
        frequency=freq,
        priority=priority,
        about=about,
    )


KEC = ByKecamatan()
KEL = ByKelurahan()


def by(column: str, title: str, *items: str | Category) -> ByCategory:
    """One row per category of the city (strings are categories of equal weight)."""
    return ByCategory(column, title, _items(items))


def kec_by(column: str, title: str, *items: str | Category) -> ByKecamatan:
    """One row per kecamatan and category."""
    return ByKecamatan(column, title, _items(items))


def _items(items) -> tuple[Category, ...]:
    return tuple(item if isinstance(item, Category) else categories(item)[0] for item in items)


# What every kecamatan delivers about its kelurahan (the same lines, its own rows).
def kecamatan_lines(agency: str, kecamatan_code: str, kecamatan_name: str) -> list[DataLine]:
    within = ByKelurahan(within=kecamatan_code)
    place = f"di Kecamatan {kecamatan_name}"
    return [
        line(
            agency, f"Jumlah RT, RW dan Kepala Keluarga per Kelurahan {place}", "pemerintahan",
            within,
            count("jumlah_rw", "Jumlah RW", "RW", 11, floor=5),
            count("jumlah_rt", "Jumlah RT", "RT", 95, floor=40),
            count("jumlah_kk", "Jumlah kepala keluarga", "KK", 29_000),
            tags=("rt rw", "wilayah administrasi", "kelurahan"),
        ),
        line(
            agency, f"Jumlah Layanan Administrasi {place}", "pemerintahan",
            by("jenis_layanan", "Jenis layanan", "Surat pengantar KTP-el",
               "Surat pengantar Kartu Keluarga", "Surat keterangan tidak mampu",
               "Surat keterangan domisili usaha", "Legalisasi dokumen",
               "Rekomendasi izin keramaian"),
            count("jumlah_layanan", "Jumlah layanan", "dokumen", 40, floor=5, flow=True),
            count("selesai_tepat_waktu", "Selesai tepat waktu", "dokumen", 37, flow=True),
            tags=("pelayanan publik", "administrasi", "kecamatan"), freq=QUARTERLY,
        ),
        line(
            agency, f"Jumlah Sarana Ibadah per Kelurahan {place}", "sosial", within,
            count("masjid", "Masjid", "unit", 40, floor=3),
            count("musala", "Musala", "unit", 70, floor=5),
            count("gereja", "Gereja", "unit", 6),
            count("vihara_pura_klenteng", "Vihara, pura dan klenteng", "unit", 1),
            tags=("sarana ibadah", "keagamaan", "kelurahan"),
        ),
        line(
            agency, f"Usulan Musrenbang Kelurahan {place}", "pemerintahan", within,
            count("usulan", "Usulan masuk", "usulan", 180, floor=20, flow=True),
            count("diakomodasi", "Usulan diakomodasi", "usulan", 70, flow=True),
            ratio("persen_diakomodasi", "Persentase diakomodasi", "diakomodasi", "usulan"),
            tags=("musrenbang", "perencanaan", "partisipasi"),
        ),
        line(
            agency, f"Jumlah Posyandu dan Kader per Kelurahan {place}", "kesehatan", within,
            count("posyandu", "Posyandu", "unit", 75, floor=8),
            count("kader_aktif", "Kader aktif", "orang", 370, floor=40),
            tags=("posyandu", "kader kesehatan", "kelurahan"),
        ),
        line(
            agency, f"Jumlah Usaha Mikro per Kelurahan {place}", "ekonomi", within,
            count("usaha_mikro", "Usaha mikro", "unit usaha", 2_600, floor=200),
            count("usaha_kecil", "Usaha kecil", "unit usaha", 180, floor=10),
            tags=("umkm", "usaha mikro", "kelurahan"), freq=SEMIANNUAL,
        ),
    ]  # fmt: skip


def kecamatan_agency_codes() -> dict[str, tuple[str, str]]:
    """KEC-... agency code -> (kecamatan code, name), in the order of the reference file."""
    from kotacerdas.opendata.demo.catalogue_sectors import KECAMATAN_AGENCIES

    kecamatan, _kelurahan = bekasi()
    names = {area.code: area.name for area in kecamatan}
    return {agency: (code, names[code]) for agency, code in KECAMATAN_AGENCIES.items()}


def demo_lines() -> list[DataLine]:
    """Every line of the demo Daftar Data: the sectoral agencies', then the kecamatan's."""
    from kotacerdas.opendata.demo.catalogue_sectors import SECTOR_LINES

    lines = list(SECTOR_LINES)
    for agency, (code, name) in kecamatan_agency_codes().items():
        lines += kecamatan_lines(agency, code, name)
    return lines


__all__ = [
    "ANNUAL",
    "KEC",
    "KEL",
    "MONTHLY",
    "QUARTERLY",
    "SEMIANNUAL",
    "DataLine",
    "between",
    "by",
    "demo_lines",
    "kec_by",
    "line",
]
