"""Public data requests: the services (issue #6 item 6)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Notification
from kotacerdas.core.tests.factories import AgencyFactory, UserFactory
from kotacerdas.opendata.models import DataRequest, DataRequestStatus
from kotacerdas.opendata.services.requests import (
    data_request_create,
    data_request_decline,
    data_request_fulfil,
    data_request_triage,
)
from kotacerdas.opendata.tests.factories import (
    DataRequestFactory,
    DatasetFactory,
    ProducerFactory,
    WalidataFactory,
)
from kotacerdas.opendata.tests.test_dcat import published

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Jumlah UMKM per kelurahan",
    "description": "Untuk penelitian ekonomi lokal.",
    "requester_name": "Budi Santoso",
    "requester_email": "Budi@Contoh.ID",
    "requester_organisation": "Universitas Contoh",
}


def test_anonymous_request_is_created_audited_as_public_and_walidata_notified():
    walidata = WalidataFactory()
    other = UserFactory()

    request = data_request_create(actor=AnonymousUser(), **FIELDS)

    assert request.status == DataRequestStatus.NEW
    assert request.requester_email == "budi@contoh.id"
    event = AuditEvent.objects.get(action="opendata.data_request.create")
    assert event.actor_repr == "public"
    assert event.actor_id is None
    assert event.object_id == str(request.pk)
    assert list(Notification.objects.values_list("user_id", flat=True)) == [walidata.pk]
    assert not Notification.objects.filter(user=other).exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "  ", "Sebutkan data yang diminta."),
        ("description", "", "Jelaskan data yang diminta dan kegunaannya."),
        ("requester_name", "", "Nama wajib diisi."),
        ("requester_email", "bukan-surel", "Alamat surel tidak valid."),
        ("title", "x" * 301, "Paling banyak 300 karakter."),
    ],
)
def test_create_bad_input_writes_nothing(field, value, message):
    with pytest.raises(ValidationError) as exc:
        data_request_create(actor=AnonymousUser(), **{**FIELDS, field: value})

    assert exc.value.message_dict[field] == [message]
    assert DataRequest.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="opendata.data_request").count() == 0


def test_create_refuses_a_retired_agency():
    agency = AgencyFactory(is_active=False)

    with pytest.raises(ValidationError) as exc:
        data_request_create(actor=AnonymousUser(), agency=agency, **FIELDS)

    assert exc.value.message_dict["agency"] == ["Perangkat Daerah ini sudah tidak aktif."]
    assert DataRequest.objects.count() == 0


def test_whole_lifecycle_triage_then_fulfil():
    walidata = WalidataFactory()
    agency = AgencyFactory()
    officer = ProducerFactory(agency=agency)
    ProducerFactory()  # another agency's officer: not told
    request = data_request_create(actor=AnonymousUser(), **FIELDS)

    request = data_request_triage(
        actor=walidata, data_request=request, agency=agency, notes="Dinas terkait punya datanya."
    )

    assert request.status == DataRequestStatus.TRIAGED
    assert request.agency == agency
    assert request.triage_notes == "Dinas terkait punya datanya."
    assert request.triaged_at is not None
    assert request.handled_by == walidata
    assert list(
        Notification.objects.filter(event_key__contains="triaged").values_list("user_id", flat=True)
    ) == [officer.pk]

    dataset = published(organization=agency)
    request = data_request_fulfil(actor=walidata, data_request=request, dataset=dataset)

    request.refresh_from_db()
    assert request.status == DataRequestStatus.FULFILLED
    assert request.fulfilled_dataset == dataset
    assert request.closed_at is not None
    actions = list(
        AuditEvent.objects.filter(action__startswith="opendata.data_request")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "opendata.data_request.create",
        "opendata.data_request.triage",
        "opendata.data_request.fulfil",
    ]


def test_decline_requires_a_reason():
    walidata = WalidataFactory()
    request = DataRequestFactory()

    with pytest.raises(ValidationError) as exc:
        data_request_decline(actor=walidata, data_request=request, reason="  ")

    assert exc.value.message_dict["reason"] == ["Alasan penolakan wajib diisi."]
    request.refresh_from_db()
    assert request.status == DataRequestStatus.NEW

    data_request_decline(actor=walidata, data_request=request, reason="Data bersifat rahasia.")

    request.refresh_from_db()
    assert request.status == DataRequestStatus.DECLINED
    assert request.decline_reason == "Data bersifat rahasia."
    assert request.closed_at is not None


@pytest.mark.parametrize("status", [DataRequestStatus.FULFILLED, DataRequestStatus.DECLINED])
def test_closed_requests_refuse_every_transition(status):
    walidata = WalidataFactory()
    request = DataRequestFactory(status=status)
    label = DataRequestStatus(status).label

    for call in (
        lambda: data_request_triage(actor=walidata, data_request=request, agency=AgencyFactory()),
        lambda: data_request_fulfil(actor=walidata, data_request=request, dataset=published()),
        lambda: data_request_decline(actor=walidata, data_request=request, reason="Alasan"),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.messages[0].startswith(f"Permintaan berstatus {label} tidak dapat")

    request.refresh_from_db()
    assert request.status == status
    assert AuditEvent.objects.filter(action__startswith="opendata.data_request").count() == 0


def test_fulfil_refuses_a_draft_or_private_dataset():
    walidata = WalidataFactory()
    request = DataRequestFactory()

    for dataset in (DatasetFactory(), published(private=True)):
        with pytest.raises(ValidationError) as exc:
            data_request_fulfil(actor=walidata, data_request=request, dataset=dataset)
        assert exc.value.message_dict["dataset"] == [
            "Pilih dataset yang sudah terbit dan terbuka untuk publik."
        ]

    request.refresh_from_db()
    assert request.status == DataRequestStatus.NEW
    assert request.fulfilled_dataset is None


@pytest.mark.parametrize("who", ["producer", "anonymous", "citizen"])
def test_only_the_walidata_handles_requests(who):
    actor = {
        "producer": lambda: ProducerFactory(),
        "anonymous": AnonymousUser,
        "citizen": lambda: UserFactory(),
    }[who]()
    request = DataRequestFactory()

    with pytest.raises(PermissionDenied):
        data_request_triage(actor=actor, data_request=request, agency=AgencyFactory())
    with pytest.raises(PermissionDenied):
        data_request_fulfil(actor=actor, data_request=request, dataset=published())
    with pytest.raises(PermissionDenied):
        data_request_decline(actor=actor, data_request=request, reason="Tidak ada.")

    request.refresh_from_db()
    assert request.status == DataRequestStatus.NEW
    assert request.handled_by is None
