"""Believable, deterministic tables for the Satu Data demo ("Contoh"). DEMO ONLY.

Pure code (no database): a table is described by a *key* (what one row stands for: a
kecamatan, a kelurahan, a category, a month or an event) and its *measures* (typed value
columns with units). Numbers follow the real size of each kecamatan of Kota Bekasi
(population about 2.5 million on 210 km2, approximate figures, not official statistics),
with seeded noise and a yearly growth, so two years of the same table differ a little
and every run of the demo writes exactly the same files.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kotacerdas.opendata.schema import REFERENCE_KEY

WILAYAH_CSV = Path(__file__).resolve().parents[2] / "core" / "data" / "wilayah.csv"

# Approximate population and area (km2) per kecamatan: proportions for the demo only.
KECAMATAN_FACTS = {
    "32.75.01": (254_000, 13.49),
    "32.75.02": (280_000, 18.89),
    "32.75.03": (339_000, 19.65),
    "32.75.04": (213_000, 14.96),
    "32.75.05": (225_000, 15.67),
    "32.75.06": (170_000, 14.71),
    "32.75.07": (105_000, 17.04),
    "32.75.08": (258_000, 16.29),
    "32.75.09": (228_000, 22.00),
    "32.75.10": (118_000, 14.49),
    "32.75.11": (208_000, 24.73),
    "32.75.12": (141_000, 18.57),
}
CITY_POPULATION = sum(pop for pop, _area in KECAMATAN_FACTS.values())
CITY_AREA = sum(area for _pop, area in KECAMATAN_FACTS.values())
BASE_YEAR = 2024
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip


@dataclass(frozen=True)
class Area:
    """A kecamatan or kelurahan with the demo's population and area."""

    code: str
    name: str
    kecamatan: str  # the kecamatan's code (its own for a kecamatan)
    population: int
    area_km2: float


@functools.cache
def bekasi() -> tuple[tuple[Area, ...], tuple[Area, ...]]:
    """(kecamatan, kelurahan) of Kota Bekasi from the Kemendagri reference file core loads.

    A kecamatan's population and area are split over its kelurahan by seeded weights."""
    with WILAYAH_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kecamatan, kelurahan = [], []
    for row in rows:
        if row["tingkat"] != "kecamatan":
            continue
        population, area = KECAMATAN_FACTS[row["kode"]]
        kecamatan.append(Area(row["kode"], row["nama"], row["kode"], population, area))
        children = [r for r in rows if r["kode_induk"] == row["kode"]]
        rng = random.Random(f"kelurahan-{row['kode']}")
        weights = [rng.uniform(0.6, 1.4) for _child in children]
        total = sum(weights)
        for child, weight in zip(children, weights, strict=True):
            share = weight / total
            kelurahan.append(
                Area(
                    child["kode"],
                    child["nama"],
                    row["kode"],
                    round(population * share),
                    round(area * share, 2),
                )
            )
    return tuple(kecamatan), tuple(kelurahan)


@dataclass(frozen=True)
class Period:
    """What a file covers: the Daftar Data period label and its dates."""

    label: str
    start: dt.date
    end: dt.date

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def fraction(self) -> float:
        """Share of a year the period covers (flows scale with it, stocks do not)."""
        return min(1.0, ((self.end - self.start).days + 1) / 365)


def year_period(year: int) -> Period:
    return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass(frozen=True)
class Unit:
    """What one row stands for, as sizes the measures scale with."""

    population: float
    area_km2: float
    base: float = 0.0  # a category's own base value (a price, a score)


# --- measures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A value column. `kind`: per100k (per 100,000 people), per_km2, between (lo..hi),
    base (the category's base value), ratio (100 * one column / another of the row)."""

    name: str
    title: str
    type: str  # integer | number
    unit: str
    kind: str
    a: float = 0.0
    b: float = 0.0
    flow: bool = False  # counted over the period (scales with its length) or a stock
    growth: float = 0.02  # per year from BASE_YEAR
    of: tuple[str, str] = ("", "")  # ratio: (numerator, denominator) column names

    def value(self, rng: random.Random, unit: Unit, period: Period, row: dict) -> int | float:
        trend = (1 + self.growth) ** (period.year - BASE_YEAR)
        scale = trend * (period.fraction if self.flow else 1.0)
        if self.kind == "per100k":
            raw = unit.population / 100_000 * self.a * scale * rng.uniform(0.8, 1.2)
        elif self.kind == "per_km2":
            raw = unit.area_km2 * self.a * scale * rng.uniform(0.85, 1.15)
        elif self.kind == "between":
            raw = rng.uniform(self.a, self.b) * scale
        elif self.kind == "base":
            raw = unit.base * trend * rng.uniform(0.93, 1.07)
        elif self.kind == "ratio":
            numerator, denominator = (row.get(name) or 0 for name in self.of)
            raw = 100 * numerator / denominator if denominator else 0.0
        else:  # pragma: no cover - a catalogue typo
            raise ValueError(f"unknown measure kind {self.kind!r}")
        if self.type == "integer":
            return max(int(self.b) if self.kind == "per100k" else 0, round(raw))
        return round(raw, 2)


def count(name, title, unit, per100k, *, floor=0, flow=False, growth=0.02) -> Measure:
    """A count proportional to population (at least `floor` per row)."""
    return Measure(name, title, "integer", unit, "per100k", per100k, floor, flow, growth)


def amount(name, title, unit, per100k, *, flow=True, growth=0.05) -> Measure:
    """A decimal amount proportional to population (money, tonnes, hectares...)."""
    return Measure(name, title, "number", unit, "per100k", per100k, 0, flow, growth)


def per_area(name, title, unit, per_km2, *, integer=False, growth=0.01) -> Measure:
    kind = "integer" if integer else "number"
    return Measure(name, title, kind, unit, "per_km2", per_km2, 0, False, growth)


def between(name, title, unit, lo, hi, *, integer=False, flow=False, growth=0.0) -> Measure:
    kind = "integer" if integer else "number"
    return Measure(name, title, kind, unit, "between", lo, hi, flow, growth)


def base(name, title, unit, *, growth=0.03) -> Measure:
    """The category's own base value with noise (prices, scores, indicator values)."""
    return Measure(name, title, "number", unit, "base", growth=growth)


def ratio(name, title, numerator, denominator) -> Measure:
    """100 * numerator / denominator of the same row (a coverage in percent)."""
    return Measure(name, title, "number", "%", "ratio", of=(numerator, denominator))


# --- keys -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    label: str
    weight: float = 1.0
    base: float = 0.0


def categories(*labels: str) -> tuple[Category, ...]:
    """Categories of equal weight."""
    return tuple(Category(label) for label in labels)


def _string(name: str, title: str, reference: str = "") -> dict:
    field_ = {"name": name, "type": "string", "title": title, "constraints": {"required": True}}
    if reference:
        field_[REFERENCE_KEY] = reference
    return field_


@dataclass(frozen=True)
class ByKecamatan:
    """One row per kecamatan (optionally per kecamatan and category)."""

    column: str = ""
    title: str = ""
    items: tuple[Category, ...] = ()
    region_level: str = "kecamatan"
    region_field: str = "kode_kecamatan"

    def fields(self) -> list[dict]:
        fields = [
            _string("kode_kecamatan", "Kode kecamatan", "kecamatan"),
            _string("nama_kecamatan", "Nama kecamatan"),
        ]
        if self.column:
            fields.append(_string(self.column, self.title))
        return fields

    def key(self) -> list[str]:
        return ["kode_kecamatan"] + ([self.column] if self.column else [])

    def rows(self, rng: random.Random, period: Period) -> Iterator[tuple[dict, Unit]]:
        kecamatan, _kelurahan = bekasi()
        for area in kecamatan:
            head = {"kode_kecamatan": area.code, "nama_kecamatan": area.name}
            if not self.column:
                yield head, Unit(area.population, area.area_km2)
                continue
            total = sum(item.weight for item in self.items)
            for item in self.items:
                share = item.weight / total
                unit = Unit(area.population * share, area.area_km2 * share, item.base)
                yield {**head, self.column: item.label}, unit


@dataclass(frozen=True)
class ByKelurahan:
    """One row per kelurahan of the city, or of one kecamatan (`within`)."""

    within: str = ""
    region_level: str = "kelurahan"
    region_field: str = "kode_kelurahan"

    def fields(self) -> list[dict]:
        return [
            _string("kode_kelurahan", "Kode kelurahan", "kelurahan"),
            _string("nama_kelurahan", "Nama kelurahan"),
            _string("kode_kecamatan", "Kode kecamatan", "kecamatan"),
        ]

    def key(self) -> list[str]:
        return ["kode_kelurahan"]

    def rows(self, rng: random.Random, period: Period) -> Iterator[tuple[dict, Unit]]:
        _kecamatan, kelurahan = bekasi()
        for area in kelurahan:
            if self.within and area.kecamatan != self.within:
                continue
            head = {
                "kode_kelurahan": area.code,
                "nama_kelurahan": area.name,
                "kode_kecamatan": area.kecamatan,
            }
            yield head, Unit(area.population, area.area_km2)


@dataclass(frozen=True)
class ByCategory:
    """One row per category of the whole city (weights split the city's size)."""

    column: str
    title: str
    items: tuple[Category, ...]
    region_level: str = ""
    region_field: str = ""

    def fields(self) -> list[dict]:
        return [_string(self.column, self.title)]

    def key(self) -> list[str]:
        return [self.column]

    def rows(self, rng: random.Random, period: Period) -> Iterator[tuple[dict, Unit]]:
        total = sum(item.weight for item in self.items)
        for item in self.items:
            share = item.weight / total
            unit = Unit(CITY_POPULATION * share, CITY_AREA * share, item.base)
            yield {self.column: item.label}, unit


@dataclass(frozen=True)
class ByMonth:
    """One row per month of the period (a yearly file with a monthly breakdown)."""

    region_level: str = ""
    region_field: str = ""

    def fields(self) -> list[dict]:
        return [
            {"name": "bulan", "type": "integer", "title": "Bulan", "constraints": {
                "required": True, "minimum": 1, "maximum": 12}},
            _string("nama_bulan", "Nama bulan"),
        ]  # fmt: skip

    def key(self) -> list[str]:
        return ["bulan"]

    def rows(self, rng: random.Random, period: Period) -> Iterator[tuple[dict, Unit]]:
        for month in range(period.start.month, period.end.month + 1):
            share = rng.uniform(0.85, 1.15) / 12
            unit = Unit(CITY_POPULATION * share, CITY_AREA * share)
            yield {"bulan": month, "nama_bulan": MONTHS[month - 1]}, unit


@dataclass(frozen=True)
class Events:
    """One row per event (a fire, a flood) with its date, kecamatan and kelurahan."""

    prefix: str
    kinds: tuple[str, ...]
    per_year: tuple[int, int]
    region_level: str = "kelurahan"
    region_field: str = "kode_kelurahan"

    def fields(self) -> list[dict]:
        return [
            _string("nomor_kejadian", "Nomor kejadian"),
            {"name": "tanggal", "type": "date", "title": "Tanggal kejadian",
             "constraints": {"required": True}},
            _string("kode_kecamatan", "Kode kecamatan", "kecamatan"),
            _string("kode_kelurahan", "Kode kelurahan", "kelurahan"),
            _string("jenis_kejadian", "Jenis kejadian"),
        ]  # fmt: skip

    def key(self) -> list[str]:
        return ["nomor_kejadian"]

    def rows(self, rng: random.Random, period: Period) -> Iterator[tuple[dict, Unit]]:
        _kecamatan, kelurahan = bekasi()
        weights = [area.population for area in kelurahan]
        number = round(rng.randint(*self.per_year) * period.fraction)
        days = (period.end - period.start).days
        dates = sorted(
            period.start + dt.timedelta(days=rng.randint(0, days)) for _ in range(number)
        )
        for index, day in enumerate(dates, start=1):
            area = rng.choices(kelurahan, weights=weights)[0]
            head = {
                "nomor_kejadian": f"{self.prefix}-{period.label}-{index:04d}",
                "tanggal": day.isoformat(),
                "kode_kecamatan": area.kecamatan,
                "kode_kelurahan": area.code,
                "jenis_kejadian": rng.choice(self.kinds),
            }
            yield head, Unit(area.population, area.area_km2)


Key = ByKecamatan | ByKelurahan | ByCategory | ByMonth | Events


# --- a table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """The shape of a Daftar Data entry's table: key columns then measures."""

    key: Key
    measures: tuple[Measure, ...]
    keyword: str = field(default="")

    def schema(self, *, periodic: bool) -> dict:
        """The frictionless Table Schema of the entry (`periodic`: a `periode` column)."""
        fields = [
            {"name": "tahun", "type": "integer", "title": "Tahun",
             "constraints": {"required": True}},
        ]  # fmt: skip
        if periodic:
            fields.append(_string("periode", "Periode"))
        fields += self.key.fields()
        for measure in self.measures:
            field_ = {"name": measure.name, "type": measure.type, "title": measure.title}
            if measure.unit:
                field_["unit"] = measure.unit
            field_["constraints"] = {"required": True, "minimum": 0}
            fields.append(field_)
        primary = ["tahun"] + (["periode"] if periodic else []) + self.key.key()
        return {"fields": fields, "primaryKey": primary}

    def rows(self, *, period: Period, periodic: bool, seed: str) -> list[dict]:
        rng = random.Random(f"{seed}|{period.label}")
        rows = []
        for head, unit in self.key.rows(rng, period):
            row = {"tahun": period.year}
            if periodic:
                row["periode"] = period.label
            row.update(head)
            for measure in self.measures:
                row[measure.name] = measure.value(rng, unit, period, row)
            rows.append(row)
        return rows


def to_csv(rows: list[dict], schema: dict) -> bytes:
    """UTF-8 CSV with the schema's header (numbers with a dot, dates ISO)."""
    names = [f["name"] for f in schema["fields"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return buffer.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


# --- mistakes producers make (for the returned and invalid demo submissions) ----------------

UNKNOWN_KECAMATAN = "32.75.13"  # Kota Bekasi has 12 kecamatan: 32.75.01 - 32.75.12
UNKNOWN_KELURAHAN = "32.75.01.1099"


def with_unknown_region(rows: list[dict], schema: dict) -> list[dict]:
    """The second row names a region code that does not exist (a reference-code error)."""
    reference = [f for f in schema["fields"] if f.get(REFERENCE_KEY)]
    rows = [dict(row) for row in rows]
    if reference and len(rows) > 1:
        target = reference[0]
        bad = UNKNOWN_KECAMATAN if target[REFERENCE_KEY] == "kecamatan" else UNKNOWN_KELURAHAN
        rows[1][target["name"]] = bad
    return rows


def with_text_in_number(rows: list[dict], schema: dict) -> list[dict]:
    """A number typed as words in the last row's last measure (a type error)."""
    measures = [f for f in schema["fields"] if f["type"] in ("integer", "number")]
    rows = [dict(row) for row in rows]
    if rows and len(measures) > 1:
        rows[-1][measures[-1]["name"]] = "dua ratus"
    return rows


def revised(rows: list[dict], schema: dict, *, seed: str) -> list[dict]:
    """A corrected release: a few values of the last measure changed (for version diffs)."""
    measures = [f["name"] for f in schema["fields"] if f["type"] in ("integer", "number")]
    rng = random.Random(f"revisi|{seed}")
    rows = [dict(row) for row in rows]
    name = measures[-1]
    for row in rng.sample(rows, k=min(3, len(rows))):
        value = row[name]
        if isinstance(value, int):
            row[name] = value + rng.randint(1, max(2, value // 10 or 1))
        elif isinstance(value, float):
            row[name] = round(value * rng.uniform(1.01, 1.08), 2)
    return rows


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(f"{year}-{month:02d}", dt.date(year, month, 1), dt.date(year, month, last))
