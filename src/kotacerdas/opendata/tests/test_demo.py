"""The Satu Data demo ("Contoh"): loads through the real services, every state of the
compliance board and of the review is present, tables keyed by kecamatan and kelurahan are in
the datastore with typed numbers, every row is demo data, and a second run changes nothing."""

import time

import pytest
from django.db.models import Count

from kotacerdas.core.demo import accounts
from kotacerdas.core.models import AuditEvent
from kotacerdas.opendata import demo
from kotacerdas.opendata.datastore import datastore_search
from kotacerdas.opendata.models import (
    DataListEntry,
    DataRequest,
    DataRequestStatus,
    Dataset,
    DatasetState,
    IndicatorDataSource,
    Release,
    Resource,
    Submission,
    SubmissionStatus,
)
from kotacerdas.opendata.selectors.compliance import compliance_board, compliance_totals

pytestmark = pytest.mark.django_db(transaction=False)


def counts():
    return [
        model.objects.count()
        for model in (
            DataListEntry,
            Submission,
            Dataset,
            Release,
            Resource,
            DataRequest,
            IndicatorDataSource,
            AuditEvent,
        )
    ]


def test_demo_loads_every_state_through_the_services_and_reruns_without_change(capsys):
    accounts.load()
    started = time.perf_counter()
    summary = demo.load()
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nopendata demo: {summary} in {seconds:.1f} s")
    assert summary["surprises"] == []

    # Daftar Data of the real agencies, two years; a few hundred datasets, most published.
    entries = DataListEntry.objects.all()
    assert entries.count() == 2 * 225 and entries.values("agency").distinct().count() == 44
    assert entries.values("year").distinct().count() == 2
    published = Dataset.objects.filter(state=DatasetState.ACTIVE, private=False)
    assert published.count() >= 200 and 250 <= Dataset.objects.count() <= 320
    assert published.values("topics").distinct().count() == 12
    assert published.filter(region_level="kecamatan").count() > 60
    assert published.filter(region_level="kelurahan").count() > 60
    assert not published.filter(tags=None).exists()

    # Every review status, and datasets with two or more releases (version diffs).
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == {
        SubmissionStatus.PUBLISHED,
        SubmissionStatus.CHECKED,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.RETURNED,
        SubmissionStatus.INVALID,
    }
    returned = Submission.objects.filter(status=SubmissionStatus.RETURNED)
    assert not returned.filter(review_notes="").exists()
    invalid = Submission.objects.filter(status=SubmissionStatus.INVALID)
    codes = {e["code"] for s in invalid for e in s.validation_report["errors"]}
    assert "reference-code" in codes and len(codes) >= 2
    multi = Dataset.objects.annotate(n=Count("releases")).filter(n__gte=2)
    assert multi.count() > 30

    # The compliance board of the previous year has every state but "processing".
    year = max(entries.values_list("year", flat=True)) - 1
    walidata = accounts.User.objects.get(username="walidata")
    totals = compliance_totals(compliance_board(actor=walidata, year=year))
    assert totals["processing"] == 0 and totals["not_due"] == 0
    assert all(totals[state] > 0 for state in ("delivered", "late", "returned", "missing"))
    assert totals["delivered"] > totals["late"] > totals["missing"]

    # Datastore tables keyed by kecamatan and kelurahan codes, with typed numbers.
    health = published.get(title__startswith="Jumlah Fasilitas Kesehatan", title__contains=year)
    resource = health.current_release.resources.get()
    assert resource.datastore_active and resource.row_count == 12
    result = datastore_search(resource=resource, sort="kode_kecamatan", limit=2)
    assert result["total"] == 12
    first = result["records"][0]
    assert first["kode_kecamatan"] == "32.75.01" and isinstance(first["puskesmas"], int)
    stunting = published.filter(title__startswith="Prevalensi Balita Stunting").first()
    loaded = stunting.current_release.resources.order_by("position").last()
    record = datastore_search(resource=loaded, limit=1)["records"][0]
    assert len(record["kode_kelurahan"]) == 13 and float(record["prevalensi"]) > 0

    # Public data requests in every state; indicators linked when the masterplan demo ran.
    assert set(DataRequest.objects.values_list("status", flat=True)) == set(
        DataRequestStatus.values
    )
    # Everything is demo data, marked "(Contoh)".
    for model in (DataListEntry, Submission, Dataset, Resource, DataRequest):
        assert not model.objects.filter(is_demo=False).exists(), model
    assert not Dataset.objects.exclude(title__endswith="(Contoh)").exists()

    before = counts()
    latest_audit = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    again = demo.load()
    assert counts() == before
    assert AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() == latest_audit
    assert {key: value for key, value in again.items() if key.startswith("fate:")} == {
        key: value for key, value in summary.items() if key.startswith("fate:")
    }
    assert not {"entries", "submissions", "releases", "requests", "links"} & set(again)
