"""Demo correspondence (Contoh): outgoing letters numbered by the active scheme (default
"{klasifikasi}/{nomor}/DKC/{tahun}", sequence per year in date order) and incoming letters of
the last twelve months. Found again by subject, so a second run creates nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from kotacerdas.institutions.demo import common
from kotacerdas.institutions.models import Letter, LetterDirection, NumberingScheme

DEFAULT_PATTERN = "{klasifikasi}/{nomor}/DKC/{tahun}"
SENDER = "Dewan Kota Cerdas Kota Bekasi"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass
class Outgoing:
    date: dt.date
    code: str
    subject: str
    recipient: str
    summary: str = ""


def _pattern() -> tuple[str, int]:
    scheme = NumberingScheme.objects.filter(is_active=True).order_by("-created_at").first()
    if scheme is None:
        return DEFAULT_PATTERN, 3
    return scheme.pattern, scheme.sequence_width


def register_outgoing(specs: list[Outgoing]) -> dict[str, Letter]:
    """Create the letters not yet registered, in date order, numbered per year after the
    highest sequence already used. Returns every letter of `specs` by subject."""
    pattern, width = _pattern()
    found = {
        letter.subject: letter
        for letter in Letter.objects.filter(
            direction=LetterDirection.OUTGOING,
            is_demo=True,
            subject__in=[s.subject for s in specs],
        )
    }
    registered_by = common.user("sekretariat")
    next_sequence: dict[int, int] = {}
    for spec in sorted(specs, key=lambda s: (s.date, s.subject)):
        if spec.subject in found:
            continue
        year = spec.date.year
        if year not in next_sequence:
            top = Letter.objects.filter(direction=LetterDirection.OUTGOING, year=year).aggregate(
                top=Max("sequence")
            )["top"]
            next_sequence[year] = (top or 0) + 1
        sequence = next_sequence[year]
        next_sequence[year] += 1
        number = pattern.format(
            klasifikasi=spec.code,
            nomor=str(sequence).zfill(width),
            tahun=year,
            bulan_romawi=ROMAN[spec.date.month - 1],
        )
        found[spec.subject] = Letter.objects.create(
            direction=LetterDirection.OUTGOING,
            number=number,
            sequence=sequence,
            year=year,
            date=spec.date,
            classification=common.classification(spec.code),
            subject=spec.subject,
            sender=SENDER,
            recipient=spec.recipient,
            summary=spec.summary,
            registered_by=registered_by,
            is_demo=True,
        )
    return found


def other_outgoing(today: dt.date) -> list[Outgoing]:
    """Outgoing letters that are not meeting invitations (those come with the meetings)."""

    _start, report_end = common.report_period(today)

    def day(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    return [
        Outgoing(day(days=330), "050", "Contoh: Permohonan data capaian indikator rencana induk",
                 "Kepala Bappelitbangda Kota Bekasi"),
        Outgoing(day(days=290), "555", "Contoh: Permohonan narasumber FGD keamanan informasi",
                 "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian"),
        Outgoing(day(days=200), "100", "Contoh: Penyampaian rekomendasi Dewan triwulan II",
                 "Wali Kota Bekasi"),
        Outgoing(report_end + dt.timedelta(days=12), "050",
                 "Contoh: Penyampaian laporan Tim Pelaksana melalui Dewan", "Wali Kota Bekasi"),
        Outgoing(report_end + dt.timedelta(days=30), "100",
                 "Contoh: Penyampaian laporan Dewan Kota Cerdas semester I", "Wali Kota Bekasi"),
        Outgoing(day(days=60), "800", "Contoh: Pemberitahuan berakhirnya masa jabatan Dewan",
                 "Wali Kota Bekasi"),
        Outgoing(day(days=20), "900", "Contoh: Permohonan pencairan anggaran kegiatan Dewan",
                 "Kepala Badan Pengelola Keuangan dan Aset Daerah"),
    ]  # fmt: skip


INCOMING = [
    # (days ago, code, number, subject, sender)
    (345, "005", "005/118/Bappelitbangda", "Contoh: Undangan Forum Perangkat Daerah",
     "Bappelitbangda Kota Bekasi"),
    (310, "050", "050/77/Diskominfostandi", "Contoh: Data indikator Satu Data triwulan IV",
     "Diskominfostandi Kota Bekasi"),
    (280, "070", "070/21/LPPM-U45", "Contoh: Permohonan kerja sama riset kota cerdas",
     "Universitas Islam 45 Bekasi"),
    (240, "005", "005/902/Dinkes", "Contoh: Undangan rapat integrasi layanan kesehatan",
     "Dinas Kesehatan Kota Bekasi"),
    (210, "500", "17/KADIN-KB", "Contoh: Usulan program UMKM digital",
     "Kadin Kota Bekasi"),
    (175, "100", "100/3311/Setda.Pem", "Contoh: Disposisi Wali Kota atas rekomendasi Dewan",
     "Sekretariat Daerah Kota Bekasi"),
    (150, "400", "12/KPKB", "Contoh: Laporan warga tentang titik banjir",
     "Komunitas Peduli Kali Bekasi (Contoh)"),
    (120, "555", "555/410/Diskominfostandi", "Contoh: Laporan gangguan jaringan fiber optik",
     "Diskominfostandi Kota Bekasi"),
    (90, "050", "050/256/Bappelitbangda", "Contoh: Jadwal Musrenbang tingkat kota",
     "Bappelitbangda Kota Bekasi"),
    (55, "900", "900/1190/BPKAD", "Contoh: Pemberitahuan pagu anggaran Dewan",
     "BPKAD Kota Bekasi"),
    (30, "800", "800/2045/BKPSDM", "Contoh: Usulan calon anggota Dewan dari unsur pemerintah",
     "BKPSDM Kota Bekasi"),
    (8, "005", "005/67/DLH", "Contoh: Undangan sosialisasi bank sampah digital",
     "Dinas Lingkungan Hidup Kota Bekasi"),
]  # fmt: skip


@transaction.atomic
def load(*, stdout=None) -> None:
    today = common.today()
    before = Letter.objects.filter(is_demo=True).count()
    register_outgoing(other_outgoing(today))
    registered_by = common.user("sekretariat")
    for days, code, number, subject, sender in INCOMING:
        if Letter.objects.filter(
            direction=LetterDirection.INCOMING, subject=subject, is_demo=True
        ).exists():
            continue
        day = today - dt.timedelta(days=days)
        Letter.objects.create(
            direction=LetterDirection.INCOMING,
            number=f"{number}/{day.year}",
            year=day.year,
            date=day - dt.timedelta(days=2),
            received_at=day,
            classification=common.classification(code),
            subject=subject,
            sender=sender,
            recipient=SENDER,
            registered_by=registered_by,
            is_demo=True,
        )
    created = Letter.objects.filter(is_demo=True).count() - before
    common.say(stdout, f"Surat contoh: {created} surat masuk/keluar dibuat.\n")
