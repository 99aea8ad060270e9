"""Administrator pages: add, merge (gabungkan) and retire (bubarkan) Perangkat Daerah."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from kotacerdas.core.models import Agency, AgencyName, AuditEvent, Organisation
from kotacerdas.core.services.agencies import agency_retire
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
)

pytestmark = pytest.mark.django_db

CREATE_URL = "/perangkat-daerah/baru/"


@pytest.fixture
def no_2fa(settings):
    # Administrators must pass TOTP before opening pages; the 2FA flow has its own tests.
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []


@pytest.fixture
def admin_client(client, no_2fa):
    client.force_login(AdminFactory())
    return client


def _world():
    """Everything the pages could write: agencies, names, organisations, audit events."""
    return (
        list(Agency.objects.order_by("pk").values()),
        list(AgencyName.objects.order_by("pk").values()),
        list(Organisation.objects.order_by("pk").values("pk", "name", "is_active")),
        AuditEvent.objects.count(),
    )


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _valid_create_data(**overrides):
    data = {
        "code": "dis-baru",
        "name": "Dinas Ekonomi Kreatif",
        "short_name": "Disekraf",
        "type": "dinas",
        "region": "",
        "address": "Jl. Ir. H. Juanda No. 100",
        "phone": "021-8894000",
        "email": "disekraf@bekasikota.go.id",
        "website": "",
        "valid_from": "",
    }
    data.update(overrides)
    return data


def _current_name_start(code):
    return AgencyName.objects.get(agency__code=code, valid_to__isnull=True).valid_from


# --- create ---------------------------------------------------------------------------------


def test_create_form_renders_for_admin(admin_client):
    response = admin_client.get(CREATE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="h3">Tambah Perangkat Daerah</h1>' in body
    for field in ("code", "name", "short_name", "type", "region", "is_walidata", "email"):
        assert f'for="id_{field}"' in body
    regions = response.context["form"].fields["region"].queryset
    assert regions.count() == 12  # kecamatan only
    assert not response.context["form"].fields["region"].required


def test_create_post_adds_agency_with_name_history_and_audit(admin_client):
    before = Agency.objects.count()
    response = admin_client.post(
        CREATE_URL, _valid_create_data(region="32.75.01", is_walidata="on")
    )
    assert response.status_code == 302
    assert response.url == "/perangkat-daerah/DIS-BARU/"
    assert _messages(response) == ["Perangkat Daerah Dinas Ekonomi Kreatif ditambahkan."]
    assert Agency.objects.count() == before + 1
    agency = Agency.objects.get(code="DIS-BARU")
    assert (agency.name, agency.short_name, agency.type) == (
        "Dinas Ekonomi Kreatif",
        "Disekraf",
        "dinas",
    )
    assert agency.region.code == "32.75.01"
    assert (agency.is_walidata, agency.is_platform_operator, agency.is_active) == (
        True,
        False,
        True,
    )
    assert agency.email == "disekraf@bekasikota.go.id"
    names = list(agency.names.values_list("name", "valid_from", "valid_to"))
    assert names == [("Dinas Ekonomi Kreatif", timezone.localdate(), None)]
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "object_type"))
    assert [action for action, _type in events] == ["create", "create"]
    page = admin_client.get(response.url)
    assert page.status_code == 200
    assert "Dinas Ekonomi Kreatif" in page.content.decode()


def test_create_post_with_valid_from_dates_the_first_name(admin_client):
    response = admin_client.post(CREATE_URL, _valid_create_data(valid_from="2024-01-02"))
    assert response.status_code == 302
    agency = Agency.objects.get(code="DIS-BARU")
    assert list(agency.names.values_list("valid_from", flat=True)) == [dt.date(2024, 1, 2)]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "DISHUB"}, "code", "Kode DISHUB sudah dipakai."),
        ({"code": "dishub"}, "code", "Kode DISHUB sudah dipakai."),
        ({"code": "DIS BARU/2"}, "code", "Kode hanya boleh berisi huruf, angka, dan tanda hubung."),
        ({"code": ""}, "code", "Bidang ini tidak boleh kosong."),
        ({"name": ""}, "name", "Bidang ini tidak boleh kosong."),
        ({"type": "kementerian"}, "type", "Masukkan pilihan yang valid."),
        ({"email": "bukan surel"}, "email", "Masukkan alamat email yang valid."),
        (
            {"short_name": "x" * 61},
            "short_name",
            "Pastikan nilai ini mengandung paling banyak 60 karakter (sekarang 61 karakter).",
        ),
        ({"region": "32.75.01.1001"}, "region", "Masukkan pilihan yang valid."),
    ],
)
def test_create_post_invalid_shows_indonesian_error_and_writes_nothing(
    admin_client, overrides, field, message
):
    before = _world()
    response = admin_client.post(CREATE_URL, _valid_create_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    body = response.content.decode()
    assert "Periksa kembali isian yang ditandai." in body
    assert f'id="id_{field}_galat"' in body
    assert 'aria-invalid="true"' in body
    assert _world() == before


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
def test_create_is_forbidden_for_non_admins_and_writes_nothing(client, factory):
    client.force_login(factory())
    before = _world()
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, _valid_create_data()).status_code == 403
    assert _world() == before
    assert not AuditEvent.objects.exists()


# --- anonymous, unverified administrators -------------------------------------------------


@pytest.mark.parametrize(
    "url", [CREATE_URL, "/perangkat-daerah/DISHUB/gabung/", "/perangkat-daerah/DISHUB/bubarkan/"]
)
def test_anonymous_is_sent_to_login_and_nothing_changes(client, url):
    before = _world()
    for response in (client.get(url), client.post(url, {"konfirmasi": "1"})):
        assert response.status_code == 302
        assert response.url == f"{reverse('core:login')}?next={url}"
    assert _world() == before


def test_admin_without_verified_totp_is_sent_to_the_2fa_page(client):
    client.force_login(AdminFactory())
    before = _world()
    response = client.post(CREATE_URL, _valid_create_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:otp_verify"))
    assert _world() == before


# --- merge ----------------------------------------------------------------------------------


def test_merge_form_offers_only_other_active_agencies(admin_client):
    retired = AgencyFactory(name="Dinas Sudah Bubar")
    agency_retire(actor=AdminFactory(), agency=retired)
    response = admin_client.get("/perangkat-daerah/DISHUB/gabung/")
    assert response.status_code == 200
    choices = response.context["form"].fields["target"].queryset
    codes = set(choices.values_list("code", flat=True))
    assert "DISHUB" not in codes
    assert retired.code not in codes
    assert "DINKES" in codes
    assert len(codes) == 43
    body = response.content.decode()
    assert 'for="id_target"' in body and 'for="id_merged_on"' in body
    assert response.context["step"] == "form"


def test_merge_first_post_asks_for_confirmation_and_writes_nothing(admin_client):
    target = Agency.objects.get(code="DINKES")
    before = _world()
    response = admin_client.post(
        "/perangkat-daerah/DISHUB/gabung/", {"target": target.pk, "merged_on": ""}
    )
    assert response.status_code == 200
    assert response.context["step"] == "confirm"
    body = response.content.decode()
    assert 'data-testid="merge-confirmation"' in body
    assert "Dinas Perhubungan akan digabung ke Dinas Kesehatan" in body
    assert "tetap milik Perangkat Daerah asal" in body
    assert "Petugas Dinas Kesehatan dapat melihat" in body
    assert "Riwayat nama tetap tersimpan" in body
    assert 'name="konfirmasi" value="1"' in body
    assert f'name="target" value="{target.pk}"' in body
    today = timezone.localdate().isoformat()
    assert f'name="merged_on" value="{today}"' in body
    assert _world() == before


def test_merge_confirmed_retires_source_and_points_at_target(admin_client):
    target = Agency.objects.get(code="DINKES")
    start = _current_name_start("DISHUB")
    merged_on = max(start, timezone.localdate() - dt.timedelta(days=3))
    response = admin_client.post(
        "/perangkat-daerah/DISHUB/gabung/",
        {"target": target.pk, "merged_on": merged_on.isoformat(), "konfirmasi": "1"},
    )
    assert response.status_code == 302
    assert response.url == "/perangkat-daerah/DISHUB/"
    assert _messages(response) == ["Dinas Perhubungan digabung ke Dinas Kesehatan."]
    source = Agency.objects.get(code="DISHUB")
    assert (source.is_active, source.merged_into_id, source.retired_on) == (
        False,
        target.pk,
        merged_on,
    )
    assert list(source.names.values_list("name", "valid_to")) == [("Dinas Perhubungan", merged_on)]
    assert Agency.objects.get(code="DINKES").is_active
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "agency.merge",
        "update",  # the government organisation follows
    ]
    page = admin_client.get(response.url).content.decode()
    assert "Perangkat Daerah ini digabung pada" in page
    assert "/perangkat-daerah/DISHUB/gabung/" not in page  # no more merge button


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target": ""}, "Pilih Perangkat Daerah tujuan."),
        ({"target": "self"}, "Pilih Perangkat Daerah tujuan yang masih aktif"),
        ({"target": "retired"}, "Pilih Perangkat Daerah tujuan yang masih aktif"),
        ({"target": "999999"}, "Pilih Perangkat Daerah tujuan yang masih aktif"),
        ({"merged_on": "future"}, "Tanggal tidak boleh setelah hari ini."),
        ({"merged_on": "before-name"}, "Tanggal tidak boleh sebelum"),
        ({"merged_on": "31-02-2025"}, "Masukkan tanggal yang valid."),
    ],
)
@pytest.mark.parametrize("confirmed", [False, True])
def test_merge_invalid_shows_error_and_writes_nothing(admin_client, data, message, confirmed):
    retired = AgencyFactory()
    agency_retire(actor=AdminFactory(), agency=retired)
    source = Agency.objects.get(code="DISHUB")
    targets = {
        "": "",
        "self": source.pk,
        "retired": retired.pk,
        "999999": 999999,
    }
    dates = {
        "future": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "before-name": (_current_name_start("DISHUB") - dt.timedelta(days=1)).isoformat(),
        "31-02-2025": "2025-02-31",
    }
    post = {"target": Agency.objects.get(code="DINKES").pk, "merged_on": ""}
    if "target" in data:
        post["target"] = targets[data["target"]]
    if "merged_on" in data:
        post["merged_on"] = dates[data["merged_on"]]
    if confirmed:
        post["konfirmasi"] = "1"
    before = _world()
    response = admin_client.post("/perangkat-daerah/DISHUB/gabung/", post)
    assert response.status_code == 200
    assert response.context["step"] == "form"
    body = response.content.decode()
    assert message in body
    assert "Periksa kembali isian yang ditandai." in body
    assert _world() == before


def test_merge_of_inactive_agency_goes_back_with_message(admin_client):
    source = AgencyFactory()
    agency_retire(actor=AdminFactory(), agency=source)
    before = _world()
    url = f"/perangkat-daerah/{source.code}/gabung/"
    for response in (
        admin_client.get(url),
        admin_client.post(url, {"target": Agency.objects.get(code="DINKES").pk, "konfirmasi": "1"}),
    ):
        assert response.status_code == 302
        assert response.url == source.get_absolute_url()
        assert _messages(response)[-1] == "Perangkat Daerah ini sudah tidak aktif."
    assert _world() == before


def test_merge_of_unknown_agency_is_404(admin_client):
    assert admin_client.get("/perangkat-daerah/TIDAK-ADA/gabung/").status_code == 404


@pytest.mark.parametrize("who", ["own_officer", "other_officer", "executive"])
def test_merge_is_forbidden_for_non_admins_and_writes_nothing(client, who):
    dishub = Agency.objects.get(code="DISHUB")
    dinkes = Agency.objects.get(code="DINKES")
    user = {
        "own_officer": lambda: OfficerFactory(agency=dishub),
        "other_officer": lambda: OfficerFactory(agency=dinkes),
        "executive": ExecutiveFactory,
    }[who]()
    client.force_login(user)
    before = _world()
    url = "/perangkat-daerah/DISHUB/gabung/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"target": dinkes.pk, "konfirmasi": "1"}).status_code == 403
    assert _world() == before
    assert not AuditEvent.objects.exists()


# --- retire ---------------------------------------------------------------------------------


def test_retire_form_renders(admin_client):
    response = admin_client.get("/perangkat-daerah/DISHUB/bubarkan/")
    assert response.status_code == 200
    assert response.context["step"] == "form"
    body = response.content.decode()
    assert "Bubarkan Dinas Perhubungan" in body
    assert 'for="id_retired_on"' in body
    assert 'href="/perangkat-daerah/DISHUB/gabung/"' in body


def test_retire_first_post_asks_for_confirmation_and_writes_nothing(admin_client):
    before = _world()
    response = admin_client.post("/perangkat-daerah/DISHUB/bubarkan/", {"retired_on": ""})
    assert response.status_code == 200
    assert response.context["step"] == "confirm"
    body = response.content.decode()
    assert 'data-testid="retire-confirmation"' in body
    assert "tanpa Perangkat Daerah penerus" in body
    today = timezone.localdate().isoformat()
    assert f'name="retired_on" value="{today}"' in body
    assert 'name="konfirmasi" value="1"' in body
    assert _world() == before


def test_retire_confirmed_retires_and_keeps_history(admin_client):
    retired_on = timezone.localdate()
    response = admin_client.post(
        "/perangkat-daerah/DISHUB/bubarkan/",
        {"retired_on": retired_on.isoformat(), "konfirmasi": "1"},
    )
    assert response.status_code == 302
    assert response.url == "/perangkat-daerah/DISHUB/"
    assert _messages(response) == ["Dinas Perhubungan dibubarkan."]
    agency = Agency.objects.get(code="DISHUB")
    assert (agency.is_active, agency.retired_on, agency.merged_into_id) == (
        False,
        retired_on,
        None,
    )
    assert list(agency.names.values_list("name", "valid_to")) == [("Dinas Perhubungan", retired_on)]
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "agency.retire",
        "update",
    ]
    assert not Organisation.objects.get(agency=agency, helix="pemerintah").is_active
    page = admin_client.get(response.url).content.decode()
    assert "Perangkat Daerah ini dibubarkan pada" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("future", "Tanggal tidak boleh setelah hari ini."),
        ("before-name", "Tanggal tidak boleh sebelum"),
        ("bukan-tanggal", "Masukkan tanggal yang valid."),
    ],
)
@pytest.mark.parametrize("confirmed", [False, True])
def test_retire_invalid_date_shows_error_and_writes_nothing(
    admin_client, value, message, confirmed
):
    dates = {
        "future": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "before-name": (_current_name_start("DISHUB") - dt.timedelta(days=1)).isoformat(),
        "bukan-tanggal": "kemarin",
    }
    post = {"retired_on": dates[value]}
    if confirmed:
        post["konfirmasi"] = "1"
    before = _world()
    response = admin_client.post("/perangkat-daerah/DISHUB/bubarkan/", post)
    assert response.status_code == 200
    assert response.context["step"] == "form"
    body = response.content.decode()
    assert message in body
    assert 'id="id_retired_on_galat"' in body
    assert _world() == before


def test_retire_of_inactive_agency_goes_back_with_message(admin_client):
    agency = AgencyFactory()
    agency_retire(actor=AdminFactory(), agency=agency)
    before = _world()
    response = admin_client.post(f"/perangkat-daerah/{agency.code}/bubarkan/", {"konfirmasi": "1"})
    assert response.status_code == 302
    assert response.url == agency.get_absolute_url()
    assert _messages(response) == ["Perangkat Daerah ini sudah tidak aktif."]
    assert _world() == before


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
def test_retire_is_forbidden_for_non_admins_and_writes_nothing(client, factory):
    dishub = Agency.objects.get(code="DISHUB")
    user = factory(agency=dishub) if factory is OfficerFactory else factory()
    client.force_login(user)
    before = _world()
    url = "/perangkat-daerah/DISHUB/bubarkan/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"retired_on": "", "konfirmasi": "1"}).status_code == 403
    assert _world() == before
    assert not AuditEvent.objects.exists()


# --- links on the directory -----------------------------------------------------------------


def test_admin_sees_add_merge_and_retire_links(admin_client):
    assert (
        'href="/perangkat-daerah/baru/"' in admin_client.get("/perangkat-daerah/").content.decode()
    )
    detail = admin_client.get("/perangkat-daerah/DISHUB/").content.decode()
    assert 'href="/perangkat-daerah/DISHUB/gabung/"' in detail
    assert 'href="/perangkat-daerah/DISHUB/bubarkan/"' in detail
    retired = AgencyFactory()
    agency_retire(actor=AdminFactory(), agency=retired)
    detail = admin_client.get(retired.get_absolute_url()).content.decode()
    assert "/gabung/" not in detail and "/bubarkan/" not in detail


@pytest.mark.parametrize("login", [None, OfficerFactory, ExecutiveFactory])
def test_others_do_not_see_admin_links(client, login):
    if login is not None:
        client.force_login(
            login(agency=Agency.objects.get(code="DISHUB")) if login is OfficerFactory else login()
        )
    assert "/perangkat-daerah/baru/" not in client.get("/perangkat-daerah/").content.decode()
    detail = client.get("/perangkat-daerah/DISHUB/").content.decode()
    assert "/gabung/" not in detail and "/bubarkan/" not in detail
