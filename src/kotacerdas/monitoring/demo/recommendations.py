"""Demo recommendations (Contoh): fifteen recommendations of the council and the team over real
agencies, with follow-ups; some overdue, some done, one dropped. Idempotent (by title).

Written through the services with the demo council and team accounts (core demo), so every
row is audited like a real one. Dates are relative to the day the demo is loaded.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kotacerdas.core.models import Agency, User
from kotacerdas.masterplan.models import Dimension
from kotacerdas.monitoring.models import Recommendation, RecommendationStatus
from kotacerdas.monitoring.services.recommendations import (
    follow_up_add,
    recommendation_raise,
    recommendation_set_status,
)

# (title, source, agency code or "" for the team, dimension, due in days (negative = past),
#  follow-ups as (days ago, progress, note), final status or "")
RECOMMENDATIONS = [
    ("Contoh: Percepat integrasi layanan antrean puskesmas ke aplikasi warga", "council",
     "DINKES", "LIV", -20, [(60, 30, "Contoh: Kajian kebutuhan integrasi selesai."),
                             (25, 45, "Contoh: Uji coba di dua puskesmas.")], ""),
    ("Contoh: Lengkapi data sensor lalu lintas di simpang padat", "team", "DISHUB", "LIV", 30,
     [(10, 20, "Contoh: Survei lokasi sensor di 12 simpang.")], ""),
    ("Contoh: Tetapkan standar pelayanan perizinan daring", "council", "DPMPTSP", "GOV", -45,
     [], ""),
    ("Contoh: Publikasikan data kualitas udara setiap hari", "team", "DLH", "ENV", -5,
     [(40, 50, "Contoh: Dasbor kualitas udara dalam pengembangan.")], ""),
    ("Contoh: Tingkatkan cakupan Wi-Fi publik di taman kota", "council", "DISKOMINFOSTANDI",
     "SOC", 60, [], ""),
    ("Contoh: Susun peta risiko banjir per kelurahan", "team", "BPBD", "ENV", -10,
     [(70, 40, "Contoh: Data genangan 2025 dikumpulkan."),
      (30, 100, "Contoh: Peta risiko disahkan Kepala Pelaksana.")], "done"),
    ("Contoh: Digitalisasi arsip kependudukan lama", "team", "DISDUKCAPIL", "GOV", 90,
     [(5, 15, "Contoh: Pengadaan pemindai dimulai.")], ""),
    ("Contoh: Perluas sekolah dengan kelas digital", "council", "DISDIK", "SOC", -30,
     [(50, 60, "Contoh: 40 sekolah sudah memiliki kelas digital.")], ""),
    ("Contoh: Promosikan UMKM di lokapasar kota", "council", "DISKOPUKM", "ECO", 45, [], ""),
    ("Contoh: Pantau tinggi muka air di pintu air utama secara daring", "team", "DBMSDA",
     "ENV", -60, [(90, 80, "Contoh: Sensor terpasang di 5 pintu air."),
                  (35, 100, "Contoh: Data tampil di command center.")], "done"),
    ("Contoh: Perkuat narasi jenama kota di kanal resmi", "council", "DISBUDPAR", "BRA", 20,
     [], ""),
    ("Contoh: Terapkan e-katalog lokal untuk belanja daerah", "team", "BPKAD", "ECO", -15,
     [(20, 10, "Contoh: Koordinasi dengan LKPP.")], ""),
    ("Contoh: Sosialisasikan layanan Call Center 1500444 di kelurahan", "team", "", "GOV", 15,
     [(3, 25, "Contoh: Materi sosialisasi disiapkan Tim Pelaksana.")], ""),
    ("Contoh: Bangun aplikasi pengaduan khusus Satpol PP", "council", "SATPOLPP", "GOV", 40,
     [], "dropped"),
    ("Contoh: Integrasikan data bansos dengan data kependudukan", "team", "DINSOS", "SOC", -3,
     [(15, 35, "Contoh: Pemadanan NIK tahap pertama.")], ""),
]  # fmt: skip


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def load(*, stdout=None) -> None:
    council = User.objects.filter(username="dewan").first()
    team = User.objects.filter(username="timpelaksana").first()
    if council is None or team is None:
        _say(stdout, "  rekomendasi contoh dilewati: akun contoh dewan/timpelaksana tidak ada")
        return
    today = timezone.localdate()
    year = today.year
    dimensions = {d.code: d for d in Dimension.objects.all()}
    agencies = {a.code: a for a in Agency.objects.all()}
    created = 0
    for title, source, code, dimension, due, follow_ups, status in RECOMMENDATIONS:
        if Recommendation.objects.filter(title=title, is_demo=True).exists():
            continue
        agency = agencies.get(code) if code else None
        if code and agency is None:
            continue  # the reference list has no such agency: skip rather than invent one
        recommendation = recommendation_raise(
            actor=council if source == "council" else team,
            source=source,
            title=title,
            description=title.replace("Contoh: ", "Contoh rekomendasi hasil evaluasi: "),
            year=year,
            quarter=None,
            dimension=dimensions.get(dimension),
            owner_agency=agency,
            owner_team="" if agency else "Tim Pelaksana Kota Cerdas",
            due_date=today + dt.timedelta(days=due),
            is_demo=True,
        )
        for days_ago, progress, note in follow_ups:
            follow_up_add(
                actor=team,
                recommendation=recommendation,
                date=today - dt.timedelta(days=days_ago),
                note=note,
                progress=progress,
            )
        if status == "done":
            recommendation_set_status(
                actor=team,
                recommendation=recommendation,
                status=RecommendationStatus.DONE,
                reason="Contoh: hasil diterima Tim Pelaksana.",
            )
        elif status == "dropped":
            recommendation_set_status(
                actor=council,
                recommendation=recommendation,
                status=RecommendationStatus.DROPPED,
                reason="Contoh: sudah tercakup oleh SP4N-LAPOR! dan Call Center 1500444.",
            )
        created += 1
    _say(stdout, f"  rekomendasi contoh: {created} dibuat")
