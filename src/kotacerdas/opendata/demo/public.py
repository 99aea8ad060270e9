"""The Satu Data demo's public side ("Contoh"). DEMO ONLY.

- Public data requests in every state (new, triaged, fulfilled, declined), made and handled
  through `services.requests`; the request service takes no `is_demo`, so the demo marks its
  rows after creating them (and dates them a few weeks back).
- Masterplan indicators of the masterplan demo (it loads before this one) linked to a
  published dataset of the indicator's agency through `services.links.indicator_source_add`.

Idempotent: requests are found by title, links by (indicator, dataset).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps

from kotacerdas.opendata.demo.workflow import Context
from kotacerdas.opendata.models import (
    DataRequest,
    DataRequestStatus,
    Dataset,
    DatasetState,
    IndicatorDataSource,
)
from kotacerdas.opendata.services.links import indicator_source_add
from kotacerdas.opendata.services.requests import (
    data_request_create,
    data_request_decline,
    data_request_fulfil,
    data_request_triage,
)


@dataclass(frozen=True)
class DemoRequest:
    title: str
    description: str
    requester: str
    organisation: str
    status: str
    agency: str = ""  # triaged to / fulfilled by
    dataset_title: str = ""  # words of the fulfilling dataset's title
    notes: str = ""  # triage notes or the reason for declining
    days_ago: int = 10


REQUESTS = (
    DemoRequest(
        "Jumlah kendaraan bermotor per kecamatan (Contoh)",
        "Untuk skripsi tentang kemacetan di Kota Bekasi; data lima tahun terakhir bila ada.",
        "Rina Marlina (Contoh)", "Mahasiswa Teknik Sipil", DataRequestStatus.NEW, days_ago=3,
    ),
    DemoRequest(
        "Sebaran sekolah inklusif per kelurahan (Contoh)",
        "Kami menyusun peta layanan pendidikan bagi anak berkebutuhan khusus.",
        "Yayasan Peduli Anak Bekasi (Contoh)", "Yayasan", DataRequestStatus.NEW, days_ago=6,
    ),
    DemoRequest(
        "Titik kemacetan pada jam sibuk (Contoh)",
        "Untuk kajian rute angkutan karyawan di kawasan industri.",
        "Budi Santoso (Contoh)", "Asosiasi pengusaha logistik", DataRequestStatus.TRIAGED,
        agency="DISHUB", notes="Diteruskan ke Dinas Perhubungan; data survei lalu lintas ada.",
        days_ago=12,
    ),
    DemoRequest(
        "Kualitas air tanah per kelurahan (Contoh)",
        "Warga perumahan kami khawatir dengan kualitas air sumur; mohon data uji terbaru.",
        "Forum RW 07 (Contoh)", "Forum warga", DataRequestStatus.TRIAGED,
        agency="DLH", notes="Diteruskan ke Dinas Lingkungan Hidup untuk data uji air tanah.",
        days_ago=20,
    ),
    DemoRequest(
        "Kasus demam berdarah per kelurahan (Contoh)",
        "Untuk pemetaan risiko DBD oleh kader jumantik.",
        "dr. Sari Wulandari (Contoh)", "Puskesmas swasta", DataRequestStatus.FULFILLED,
        agency="DINKES", dataset_title="Kasus Demam Berdarah Dengue per Kelurahan",
        notes="Data tersedia di dataset Dinas Kesehatan.", days_ago=40,
    ),
    DemoRequest(
        "Jumlah penduduk per kelurahan menurut jenis kelamin (Contoh)",
        "Untuk perencanaan lokasi usaha ritel.",
        "Andi Pratama (Contoh)", "Konsultan", DataRequestStatus.FULFILLED,
        agency="DISDUKCAPIL",
        dataset_title="Jumlah Penduduk menurut Jenis Kelamin per Kelurahan",
        notes="Data semesteran Disdukcapil sudah terbit.", days_ago=55,
    ),
    DemoRequest(
        "Nama dan alamat penerima bantuan sosial (Contoh)",
        "Kami ingin memeriksa ketepatan sasaran bantuan di lingkungan kami.",
        "Hendra Gunawan (Contoh)", "", DataRequestStatus.DECLINED,
        notes="Data nama dan alamat penerima adalah data pribadi (UU 27/2022) dan tidak dibuka; "
        "jumlah penerima per kelurahan tersedia di dataset Dinas Sosial.",
        days_ago=30,
    ),
    DemoRequest(
        "Rekam medis pasien RSUD per penyakit (Contoh)",
        "Untuk penelitian epidemiologi.",
        "Dewi Lestari (Contoh)", "Peneliti", DataRequestStatus.DECLINED,
        notes="Rekam medis dikecualikan dari informasi publik; ajukan izin penelitian ke RSUD "
        "untuk data agregat.",
        days_ago=25,
    ),
)  # fmt: skip


def _published(title_words: str, agency_code: str) -> Dataset | None:
    return (
        Dataset.objects.filter(
            is_demo=True,
            state=DatasetState.ACTIVE,
            private=False,
            organization__code=agency_code,
            title__startswith=title_words,
        )
        .order_by("-title")
        .first()
    )


def load_requests(ctx: Context) -> None:
    for spec in REQUESTS:
        if DataRequest.objects.filter(title=spec.title).exists():
            continue
        request = data_request_create(
            actor=None,
            title=spec.title,
            description=spec.description,
            requester_name=spec.requester,
            requester_email=f"pemohon{REQUESTS.index(spec) + 1}@contoh.invalid",
            requester_organisation=spec.organisation,
        )
        asked = ctx.now - dt.timedelta(days=spec.days_ago)
        # Demo only: marked as demo data and dated when it was asked.
        DataRequest.objects.filter(pk=request.pk).update(is_demo=True, created_at=asked)
        ctx.summary["requests"] += 1
        agency = ctx.agencies.get(spec.agency)
        if spec.status in (DataRequestStatus.TRIAGED, DataRequestStatus.FULFILLED):
            request = data_request_triage(
                actor=ctx.walidata, data_request=request, agency=agency, notes=spec.notes
            )
        if spec.status == DataRequestStatus.FULFILLED:
            dataset = _published(spec.dataset_title, spec.agency)
            if dataset is None:
                ctx.surprises.append(f"{spec.title}: dataset terbit tidak ditemukan")
                continue
            data_request_fulfil(
                actor=ctx.walidata, data_request=request, dataset=dataset, notes=spec.notes
            )
        elif spec.status == DataRequestStatus.DECLINED:
            data_request_decline(actor=ctx.walidata, data_request=request, reason=spec.notes)


MAX_LINKS = 12


def load_indicator_links(ctx: Context) -> None:
    """Up to 12 demo indicators, each linked to a published dataset of its agency."""
    if not apps.is_installed("kotacerdas.masterplan"):
        return
    from kotacerdas.masterplan.models import Indicator

    indicators = (
        Indicator.objects.filter(is_demo=True, activity__agency__isnull=False)
        .select_related("activity__agency")
        .order_by("code")
    )
    linked_agencies: set[int] = set()
    for indicator in indicators:
        agency = indicator.activity.agency
        if agency.pk in linked_agencies or len(linked_agencies) >= MAX_LINKS:
            continue
        dataset = (
            Dataset.objects.filter(
                is_demo=True, organization=agency, state=DatasetState.ACTIVE, private=False
            )
            .order_by("-data_list_entries__priority", "title")
            .first()
        )
        if dataset is None:
            continue
        linked_agencies.add(agency.pk)
        if IndicatorDataSource.objects.filter(indicator=indicator, dataset=dataset).exists():
            continue
        indicator_source_add(
            actor=ctx.walidata,
            indicator=indicator,
            dataset=dataset,
            note="Capaian dihitung dari dataset ini (Contoh).",
        )
        ctx.summary["links"] += 1
