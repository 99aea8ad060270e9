"""Demo Rencana Induk document ("Contoh"): version 1 set by an example decree, version 2 a
draft revising it. Idempotent: nothing is added when a version already exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

DEMO_TITLE = "Rencana Induk Kota Cerdas Kota Bekasi 2022-2026 (Contoh)"
DEMO_DECREE_NUMBER = "Contoh 050/Kep.123-Bappelitbangda/V/2022"
DEMO_DECREE_DATE = dt.date(2022, 5, 20)

CHAPTERS_V1 = {
    "I": (
        "Rencana Induk Kota Cerdas ini adalah data contoh untuk demonstrasi platform.\n\n"
        "Kota Bekasi menyelenggarakan Kota Cerdas berdasarkan Peraturan Wali Kota Bekasi Nomor "
        "32 Tahun 2021. Rencana Induk menjadi acuan Perangkat Daerah dan pemangku kepentingan "
        "dalam menyusun program dan kegiatan yang memanfaatkan teknologi informasi dan "
        "komunikasi.\n\n"
        "Ruang lingkup Rencana Induk meliputi enam dimensi: tata kelola pemerintahan, "
        "pencitraan daerah, ekonomi, kehidupan, masyarakat, dan lingkungan hidup."
    ),
    "II": (
        "Visi: Bekasi Kota Cerdas yang melayani, sejahtera, dan berkelanjutan.\n\n"
        "Misi Kota Cerdas dijabarkan dalam sasaran per dimensi dan unsur sebagaimana Pasal 16 "
        "sampai dengan Pasal 21 Peraturan Wali Kota."
    ),
    "III": (
        "Strategi pembangunan Kota Cerdas ditempuh melalui 45 program prioritas Wali Kota "
        "dalam RPJMD 2018-2023 yang dilaksanakan oleh Perangkat Daerah, ditambah program "
        "partisipatif pemangku kepentingan non-pemerintah.\n\n"
        "Tabel rencana aksi per dimensi di bawah ini disusun otomatis dari data program pada "
        "platform."
    ),
    "IV": (
        "Peta jalan dibagi dalam tiga tahap: fondasi, penguatan, dan pengembangan. Quick Win "
        "dipilih dari kegiatan yang dapat dirasakan manfaatnya dalam satu tahun anggaran."
    ),
    "V": (
        "Rencana Induk ini dievaluasi setiap tahun oleh Dewan Kota Cerdas bersama Tim "
        "Pelaksana dan dapat direvisi dengan Keputusan Wali Kota."
    ),
    "L": "Lampiran memuat daftar indikator kinerja beserta target tahunannya.",
}

CHAPTER_CHANGES_V2 = {
    "II": (
        "Visi: Bekasi Kota Cerdas yang melayani, sejahtera, inklusif, dan berkelanjutan.\n\n"
        "Misi Kota Cerdas dijabarkan dalam sasaran per dimensi dan unsur sebagaimana Pasal 16 "
        "sampai dengan Pasal 21 Peraturan Wali Kota.\n\n"
        "Revisi ini menambahkan prinsip inklusif bagi penyandang disabilitas dan warga lanjut "
        "usia (contoh)."
    ),
    "IV": (
        "Peta jalan dibagi dalam tiga tahap: fondasi, penguatan, dan pengembangan. Quick Win "
        "dipilih dari kegiatan yang dapat dirasakan manfaatnya dalam satu tahun anggaran.\n\n"
        "Tahap pengembangan diperpanjang sampai 2026 menyesuaikan hasil evaluasi tahunan."
    ),
}


def _decree_pdf() -> bytes:
    from weasyprint import HTML

    html = (
        "<html lang='id'><body style='font-family: sans-serif'>"
        "<h1>CONTOH — BUKAN DOKUMEN RESMI</h1>"
        f"<p>Keputusan Wali Kota Bekasi Nomor {DEMO_DECREE_NUMBER} tentang Rencana Induk Kota "
        "Cerdas Kota Bekasi Tahun 2022-2026.</p>"
        "<p>Berkas ini dibuat otomatis untuk data contoh platform.</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def load_document(stdout: Any = None) -> None:
    from kotacerdas.core.models import User
    from kotacerdas.masterplan.models import Masterplan
    from kotacerdas.masterplan.services.documents import (
        masterplan_approve,
        masterplan_chapter_update,
        masterplan_create,
        masterplan_revise,
    )

    if Masterplan.objects.exists():
        return
    admin = User.objects.filter(username="admin").first()
    team = User.objects.filter(username="timpelaksana").first() or admin
    if admin is None:
        if stdout:
            stdout.write("Dokumen Rencana Induk contoh dilewati: akun contoh 'admin' tidak ada.\n")
        return
    with transaction.atomic():
        first = masterplan_create(
            actor=team, title=DEMO_TITLE, period_start=2022, period_end=2026, chapters=CHAPTERS_V1
        )
        masterplan_approve(
            actor=admin,
            masterplan=first,
            decree_number=DEMO_DECREE_NUMBER,
            decree_date=DEMO_DECREE_DATE,
            decree_file=SimpleUploadedFile(
                "keputusan-contoh.pdf", _decree_pdf(), content_type="application/pdf"
            ),
        )
        second = masterplan_revise(
            actor=team,
            based_on=first,
            title="Rencana Induk Kota Cerdas Kota Bekasi 2022-2026, Revisi 1 (Contoh)",
        )
        for code, body in CHAPTER_CHANGES_V2.items():
            masterplan_chapter_update(actor=team, masterplan=second, code=code, body=body)
    if stdout:
        stdout.write("Dokumen Rencana Induk contoh: v1 ditetapkan, v2 draf revisi.\n")
