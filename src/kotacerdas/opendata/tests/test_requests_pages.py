"""Public data request pages: create (with honeypot), list (privacy, filter), walidata triage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kotacerdas.core.tests.factories import AgencyFactory, UserFactory
from kotacerdas.opendata.models import DataRequest, DataRequestStatus
from kotacerdas.opendata.tests.factories import (
    DataRequestFactory,
    ProducerFactory,
    WalidataFactory,
)
from kotacerdas.opendata.tests.test_dcat import published

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Data jumlah taman kota",
    "description": "Untuk tugas kuliah perencanaan kota.",
    "requester_name": "Rina Kartika",
    "requester_email": "rina@contoh.id",
    "requester_organisation": "",
    "agency": "",
    "website": "",
}


def test_create_form_renders_and_submits(client):
    assert client.get(reverse("opendata:request_create")).status_code == 200

    response = client.post(reverse("opendata:request_create"), FORM, follow=True)

    request = DataRequest.objects.get()
    assert response.redirect_chain == [(request.get_absolute_url(), 302)]
    assert "permintaan Anda sudah kami terima" in response.content.decode()
    assert request.requester_name == "Rina Kartika"


def test_create_bad_input_shows_indonesian_errors_and_writes_nothing(client):
    response = client.post(
        reverse("opendata:request_create"),
        {**FORM, "title": "", "requester_email": "rina"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Isian ini wajib diisi." in body
    assert "Alamat surel tidak valid." in body
    assert DataRequest.objects.count() == 0


def test_honeypot_answers_like_success_but_writes_nothing(client):
    response = client.post(
        reverse("opendata:request_create"), {**FORM, "website": "http://spam.example"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("opendata:request_list")
    assert DataRequest.objects.count() == 0


def test_public_list_never_shows_requester_name_or_email(client):
    DataRequestFactory(title="Data A", requester_name="Siti Aminah", requester_email="siti@x.id")
    declined = DataRequestFactory(
        title="Data B", status=DataRequestStatus.DECLINED, decline_reason="Bersifat rahasia."
    )

    response = client.get(reverse("opendata:request_list"))
    detail = client.get(declined.get_absolute_url())

    for page in (response, detail):
        body = page.content.decode()
        assert page.status_code == 200
        assert "Siti Aminah" not in body
        assert "siti@" not in body
    assert "Data A" in response.content.decode()
    assert "Bersifat rahasia." in detail.content.decode()


def test_list_filters_by_status_and_paginates(client):
    DataRequestFactory.create_batch(21, status=DataRequestStatus.NEW)
    DataRequestFactory(title="Sudah dipenuhi", status=DataRequestStatus.FULFILLED)

    filtered = client.get(reverse("opendata:request_list"), {"status": "fulfilled"})
    first = client.get(reverse("opendata:request_list"))
    second = client.get(reverse("opendata:request_list"), {"halaman": "2"})

    assert filtered.content.decode().count("data-request=") == 1
    assert "Sudah dipenuhi" in filtered.content.decode()
    assert first.content.decode().count("data-request=") == 20
    assert second.content.decode().count("data-request=") == 2


def test_detail_of_unknown_request_is_404(client):
    url = reverse("opendata:request_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_walidata_sees_contact_and_buttons_others_do_not(client):
    request = DataRequestFactory(requester_email="siti@contoh.id")

    anonymous = client.get(request.get_absolute_url()).content.decode()
    client.force_login(ProducerFactory())
    producer = client.get(request.get_absolute_url()).content.decode()
    client.force_login(WalidataFactory())
    walidata = client.get(request.get_absolute_url()).content.decode()

    for body in (anonymous, producer):
        assert 'data-testid="walidata-actions"' not in body
        assert "siti@contoh.id" not in body
    assert 'data-testid="walidata-actions"' in walidata
    assert "siti@contoh.id" in walidata


def test_walidata_triages_then_declines_through_the_page(client):
    request = DataRequestFactory()
    agency = AgencyFactory()
    client.force_login(WalidataFactory())
    url = request.get_absolute_url()

    response = client.post(
        url, {"action": "triage", "agency": agency.pk, "notes": "Ke Dinas."}, follow=True
    )
    assert "diteruskan ke produsen data" in response.content.decode()
    request.refresh_from_db()
    assert request.status == DataRequestStatus.TRIAGED

    no_confirm = client.post(url, {"action": "decline", "reason": "Rahasia."})
    assert no_confirm.status_code == 400
    assert "Centang konfirmasi untuk menolak." in no_confirm.content.decode()
    no_reason = client.post(url, {"action": "decline", "reason": "", "confirm": "on"})
    assert "Alasan penolakan wajib diisi." in no_reason.content.decode()
    request.refresh_from_db()
    assert request.status == DataRequestStatus.TRIAGED

    client.post(url, {"action": "decline", "reason": "Rahasia.", "confirm": "on"})
    request.refresh_from_db()
    assert request.status == DataRequestStatus.DECLINED
    assert request.decline_reason == "Rahasia."


def test_walidata_fulfils_through_the_page(client):
    request = DataRequestFactory()
    dataset = published()
    client.force_login(WalidataFactory())

    client.post(request.get_absolute_url(), {"action": "fulfil", "dataset": dataset.pk})

    request.refresh_from_db()
    assert request.status == DataRequestStatus.FULFILLED
    assert request.fulfilled_dataset == dataset


@pytest.mark.parametrize("make_user", [None, ProducerFactory, UserFactory])
def test_non_walidata_post_changes_nothing(client, make_user):
    request = DataRequestFactory()
    if make_user:
        client.force_login(make_user())

    response = client.post(
        request.get_absolute_url(), {"action": "decline", "reason": "X", "confirm": "on"}
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == DataRequestStatus.NEW
