import datetime as dt

import pytest

from kotacerdas.core.models import Agency, AuditEvent
from kotacerdas.core.services.agencies import agency_merge, agency_rename
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_2fa(settings):
    # Administrators must pass TOTP before opening pages; the 2FA flow has its own tests.
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []


def test_agency_list_shows_active_agencies_paginated(client):
    response = client.get("/perangkat-daerah/")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 44
    assert len(page.object_list) == 20
    body = response.content.decode()
    assert "<caption" in body and 'scope="col"' in body
    assert "Halaman 1 dari 3" in body
    assert client.get("/perangkat-daerah/?halaman=3").context["page"].object_list.__len__() == 4


def test_agency_list_search_and_type_filter(client):
    response = client.get("/perangkat-daerah/?q=kominfo")
    assert [a.code for a in response.context["page"]] == ["DISKOMINFOSTANDI"]
    response = client.get("/perangkat-daerah/?jenis=kecamatan")
    assert response.context["page"].paginator.count == 12
    response = client.get("/perangkat-daerah/?jenis=bukan-jenis")
    assert response.context["agency_type"] == ""
    assert response.context["page"].paginator.count == 44


def test_agency_list_htmx_request_gets_only_the_results_fragment(client):
    response = client.get("/perangkat-daerah/?q=bpbd", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<div id="hasil-perangkat-daerah"')
    assert "<html" not in body
    assert "Badan Penanggulangan Bencana Daerah" in body
    assert "1 Perangkat Daerah ditemukan." in body


def test_agency_list_finds_old_names_and_status_filter(client):
    admin = AdminFactory()
    source, target = AgencyFactory(name="Dinas Lama Uji"), AgencyFactory(name="Dinas Penerus Uji")
    agency_merge(actor=admin, source=source, target=target)
    assert client.get("/perangkat-daerah/?q=Lama Uji").context["page"].paginator.count == 0
    response = client.get("/perangkat-daerah/?q=Lama Uji&status=semua")
    assert [a.pk for a in response.context["page"]] == [source.pk]
    assert "Digabung ke" in response.content.decode()
    agency = Agency.objects.get(code="DISHUB")
    agency_rename(actor=admin, agency=agency, name="Dinas Transportasi", short_name="Dishub")
    response = client.get("/perangkat-daerah/?q=Perhubungan")
    assert [a.code for a in response.context["page"]] == ["DISHUB"]


def test_agency_detail_public_info_and_name_history(client):
    agency = Agency.objects.get(code="DISHUB")
    agency_rename(
        actor=AdminFactory(),
        agency=agency,
        name="Dinas Transportasi",
        short_name="Dishub",
        valid_from=dt.date(2026, 2, 1),
    )
    OfficerFactory(agency=agency, username="petugas.dishub")
    response = client.get("/perangkat-daerah/DISHUB/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="h3">Dinas Transportasi</h1>' in body
    assert "Riwayat nama" in body
    assert "Dinas Perhubungan" in body
    assert "1 Februari 2026" in body
    assert "petugas.dishub" not in body  # officers are internal
    assert 'href="/perangkat-daerah/DISHUB/ubah/"' not in body


def test_agency_detail_unknown_code_is_404(client):
    assert client.get("/perangkat-daerah/TIDAK-ADA/").status_code == 404


def test_agency_detail_shows_merged_agencies_and_successor(client):
    source, target = AgencyFactory(name="Dinas Asal Uji"), AgencyFactory(name="Dinas Tujuan Uji")
    agency_merge(actor=AdminFactory(), source=source, target=target, merged_on=dt.date(2026, 5, 4))
    body = client.get(target.get_absolute_url()).content.decode()
    assert "Perangkat Daerah yang digabung ke sini" in body
    assert f'href="{source.get_absolute_url()}"' in body
    body = client.get(source.get_absolute_url()).content.decode()
    assert "digabung pada 4 Mei 2026" in body
    assert f'href="{target.get_absolute_url()}"' in body


def test_agency_detail_officers_only_for_own_officers_and_read_all(client):
    agency, other = Agency.objects.get(code="DISHUB"), Agency.objects.get(code="DINKES")
    officer = OfficerFactory(agency=agency, username="petugas.dishub")
    client.force_login(OfficerFactory(agency=other))
    assert "petugas.dishub" not in client.get("/perangkat-daerah/DISHUB/").content.decode()
    client.force_login(ExecutiveFactory())
    assert "petugas.dishub" in client.get("/perangkat-daerah/DISHUB/").content.decode()
    client.force_login(officer)
    body = client.get("/perangkat-daerah/DISHUB/").content.decode()
    assert "petugas.dishub" in body
    assert 'href="/perangkat-daerah/DISHUB/ubah/"' in body


def test_agency_edit_requires_login(client):
    response = client.get("/perangkat-daerah/DISHUB/ubah/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_officer_edits_own_contact_fields(client):
    agency = Agency.objects.get(code="DISHUB")
    client.force_login(OfficerFactory(agency=agency))
    page = client.get("/perangkat-daerah/DISHUB/ubah/")
    assert page.status_code == 200
    assert list(page.context["form"].fields) == ["address", "phone", "email", "website"]
    response = client.post(
        "/perangkat-daerah/DISHUB/ubah/",
        {"address": "Jl. Uji 1", "phone": "021-1", "email": "", "website": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/perangkat-daerah/DISHUB/"
    agency.refresh_from_db()
    assert (agency.address, agency.phone) == ("Jl. Uji 1", "021-1")
    assert AuditEvent.objects.get(action="update").changes == {
        "address": ["", "Jl. Uji 1"],
        "phone": ["", "021-1"],
    }


def test_officer_cannot_open_or_post_other_agency_edit(client):
    other = Agency.objects.get(code="DINKES")
    client.force_login(OfficerFactory(agency=Agency.objects.get(code="DISHUB")))
    assert client.get("/perangkat-daerah/DINKES/ubah/").status_code == 403
    response = client.post("/perangkat-daerah/DINKES/ubah/", {"phone": "021-9"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.phone == ""
    assert not AuditEvent.objects.exists()


def test_officer_post_of_admin_fields_is_ignored_by_contact_form(client):
    agency = Agency.objects.get(code="DISHUB")
    client.force_login(OfficerFactory(agency=agency))
    client.post(
        "/perangkat-daerah/DISHUB/ubah/",
        {"name": "Nama Lain", "is_walidata": "on", "phone": "021-2"},
    )
    agency.refresh_from_db()
    assert (agency.name, agency.is_walidata, agency.phone) == ("Dinas Perhubungan", False, "021-2")


def test_edit_form_shows_clear_errors_and_writes_nothing(client, no_2fa):
    client.force_login(AdminFactory())
    response = client.post(
        "/perangkat-daerah/DISHUB/ubah/",
        {
            "name": "Dinas Perhubungan",
            "short_name": "Dishub",
            "type": "dinas",
            "email": "bukan surel",
            "phone": "1" * 41,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Periksa kembali isian yang ditandai." in body
    assert "Masukkan alamat email yang valid." in body
    assert "Pastikan nilai ini mengandung paling banyak 40 karakter (sekarang 41 karakter)." in body
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_email_galat"' in body
    assert 'id="id_email_galat"' in body
    agency = Agency.objects.get(code="DISHUB")
    assert (agency.email, agency.phone) == ("", "")
    assert not AuditEvent.objects.exists()


def test_admin_renames_through_edit_form(client, no_2fa):
    client.force_login(AdminFactory())
    response = client.post(
        "/perangkat-daerah/DISHUB/ubah/",
        {"name": "Dinas Transportasi", "short_name": "Dishub", "type": "dinas"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(code="DISHUB")
    assert agency.name == "Dinas Transportasi"
    assert list(agency.names.order_by("valid_from").values_list("name", flat=True)) == [
        "Dinas Perhubungan",
        "Dinas Transportasi",
    ]
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("seq")) == [
        "agency.rename",
        "update",  # the government organisation's name follows
    ]


def test_agency_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    admin = AdminFactory()
    for _ in range(3):
        agency_merge(actor=admin, source=AgencyFactory(), target=AgencyFactory())
    # session-less anonymous page: count + page of agencies (with region and successor joined)
    with django_assert_max_num_queries(3):
        response = client.get("/perangkat-daerah/?status=semua")
    assert response.context["page"].paginator.count == 50
