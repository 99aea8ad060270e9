"""The administrators' account pages: list, create, edit, new password, deactivate."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotacerdas.core.models import AuditEvent, Role, User
from kotacerdas.core.tests.factories import (
    DEFAULT_PASSWORD,
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("core:user_list")
CREATE_URL = reverse("core:user_create")
NEW_PASSWORD = "Bekasi-Patriot-2026!"


def edit_url(user: User) -> str:
    return reverse("core:user_edit", args=[user.pk])


def deactivate_url(user: User) -> str:
    return reverse("core:user_deactivate", args=[user.pk])


def row(user: User) -> dict:
    return User.objects.filter(pk=user.pk).values().get()


@pytest.fixture
def no_2fa(settings):
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []


@pytest.fixture
def admin():
    return AdminFactory(username="admin1", first_name="Admin", last_name="Satu")


@pytest.fixture
def admin_client(client, admin, no_2fa):
    client.force_login(admin)
    return client


def create_data(**overrides) -> dict:
    data = {
        "username": "petugas.baru",
        "first_name": "Siti",
        "last_name": "Aminah",
        "email": "siti@bekasikota.go.id",
        "phone": "021-888",
        "roles": ["walidata"],
        "agency": "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def account_data(user: User, **overrides) -> dict:
    data = {
        "bagian": "akun",
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
        "roles": list(user.roles),
        "agency": user.agency_id or "",
    }
    data.update(overrides)
    return data


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["core:user_list", "core:user_create", "core:user_edit", "core:user_deactivate"]
)
def test_anonymous_is_sent_to_login(client, url_name):
    target = UserFactory()
    url = (
        reverse(url_name, args=[target.pk])
        if url_name in {"core:user_edit", "core:user_deactivate"}
        else reverse(url_name)
    )

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
def test_non_admin_gets_403_on_every_page(client, factory):
    client.force_login(factory())
    target = UserFactory()

    for url in (LIST_URL, CREATE_URL, edit_url(target), deactivate_url(target)):
        assert client.get(url).status_code == 403


def test_non_admin_posts_change_nothing(client):
    officer = OfficerFactory()
    target = UserFactory(roles=["walidata"])
    before = row(target)
    client.force_login(officer)

    responses = [
        client.post(CREATE_URL, create_data()),
        client.post(
            edit_url(target), account_data(target, first_name="X", roles=["administrator"])
        ),
        client.post(
            edit_url(target),
            {"bagian": "kata-sandi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
        client.post(deactivate_url(target)),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403, 403]
    assert row(target) == before
    assert not User.objects.filter(username="petugas.baru").exists()
    assert not AuditEvent.objects.exists()


def test_admin_without_verified_device_is_sent_to_the_second_factor(client, admin):
    client.force_login(admin)

    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"] != LIST_URL


def test_admin_with_verified_device_sees_the_list(client, admin):
    device = TOTPDevice.objects.create(user=admin, name="uji", confirmed=True)
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert [user.username for user in response.context["page"].object_list] == ["admin1"]


# --- list ------------------------------------------------------------------------------------


def test_list_shows_roles_agency_totp_and_last_login(admin_client, admin):
    agency = AgencyFactory(short_name="DISKOMINFO")
    officer = OfficerFactory(username="siti", agency=agency)
    TOTPDevice.objects.create(user=officer, name="t", confirmed=True)
    UserFactory(username="baru")  # never signed in
    User.objects.filter(pk=officer.pk).update(
        last_login=timezone.make_aware(timezone.datetime(2026, 3, 4, 5, 6))
    )

    response = admin_client.get(LIST_URL)

    body = response.content.decode()
    assert response.status_code == 200
    accounts = {user.username: user for user in response.context["page"].object_list}
    assert set(accounts) == {"admin1", "baru", "siti"}
    assert accounts["siti"].has_totp is True
    assert accounts["admin1"].has_totp is False
    assert "Petugas Perangkat Daerah" in body
    assert "DISKOMINFO" in body
    assert "2026-03-04 05:06" in body
    assert "Belum pernah" in body


def test_list_filters_by_search_role_agency_and_status(admin_client):
    agency = AgencyFactory()
    OfficerFactory(username="siti", first_name="Siti", agency=agency)
    UserFactory(username="budi", roles=["council_member"], email="budi@dprd.id")
    UserFactory(username="ani", roles=["walidata"], is_active=False)

    def shown(**params):
        response = admin_client.get(LIST_URL, params)
        assert response.status_code == 200
        return [user.username for user in response.context["page"].object_list]

    assert shown(q="siti") == ["siti"]
    assert shown(q="dprd") == ["budi"]
    assert shown(role="council_member") == ["budi"]
    assert shown(agency=agency.pk) == ["siti"]
    assert shown(status="nonaktif") == ["ani"]
    assert shown(status="aktif") == ["admin1", "budi", "siti"]
    assert shown() == ["admin1", "ani", "budi", "siti"]


def test_list_bad_filter_shows_a_message_and_no_rows(admin_client):
    response = admin_client.get(LIST_URL, {"role": "raja"})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Perbaiki saringan" in response.content.decode()


def test_list_paginates_by_50(admin_client):
    UserFactory.create_batch(60)

    first = admin_client.get(LIST_URL)
    second = admin_client.get(LIST_URL, {"halaman": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 11
    assert first.context["page"].paginator.count == 61


def test_list_htmx_returns_only_the_results_fragment(admin_client):
    response = admin_client.get(LIST_URL, {"q": "admin"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="user-table"' in body
    assert "<html" not in body


@pytest.mark.parametrize("count", [5, 30])
def test_list_query_count_does_not_grow_with_users(
    admin_client, django_assert_max_num_queries, count
):
    agencies = AgencyFactory.create_batch(3)
    for index in range(count):
        user = OfficerFactory(agency=agencies[index % 3])
        TOTPDevice.objects.create(user=user, name="t", confirmed=index % 2 == 0)

    with django_assert_max_num_queries(5):
        response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count + 1


# --- create ----------------------------------------------------------------------------------


def test_create_page_shows_every_role_as_a_checkbox(admin_client):
    response = admin_client.get(CREATE_URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('type="checkbox" name="roles"') == len(Role.values)
    assert "Administrator (Diskominfostandi)" in body
    assert "Agen Call Center" in body


def test_create_makes_the_account_and_audits_it(admin_client, admin):
    agency = AgencyFactory()

    response = admin_client.post(
        CREATE_URL, create_data(roles=["agency_officer", "walidata"], agency=agency.pk)
    )

    user = User.objects.get(username="petugas.baru")
    assert response.status_code == 302
    assert response["Location"] == edit_url(user)
    assert user.roles == ["walidata", "agency_officer"]
    assert user.agency_id == agency.pk
    assert user.email == "siti@bekasikota.go.id"
    assert user.phone == "021-888"
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor_id == admin.pk
    assert NEW_PASSWORD not in str(event.changes)


def test_create_officer_without_agency_is_refused_clearly(admin_client):
    response = admin_client.post(CREATE_URL, create_data(roles=["urc_officer"]))

    assert response.status_code == 400
    assert response.context["form"].errors["agency"] == [
        "Petugas Perangkat Daerah dan petugas URC wajib memiliki Perangkat Daerah."
    ]
    assert not User.objects.filter(username="petugas.baru").exists()
    assert not AuditEvent.objects.exists()


def test_create_weak_password_shows_django_validator_messages(admin_client):
    response = admin_client.post(CREATE_URL, create_data(password1="12345", password2="12345"))

    errors = response.context["form"].errors["password1"]
    assert response.status_code == 400
    assert len(errors) >= 2
    assert any("terlalu pendek" in error for error in errors)
    assert not User.objects.filter(username="petugas.baru").exists()
    assert not AuditEvent.objects.exists()


def test_create_mismatched_passwords_refused(admin_client):
    response = admin_client.post(CREATE_URL, create_data(password2="Lain-Sekali-2026!"))

    assert response.status_code == 400
    assert response.context["form"].errors["password2"] == ["Kedua kata sandi tidak sama."]
    assert not User.objects.filter(username="petugas.baru").exists()


def test_create_taken_username_and_bad_email_refused(admin_client):
    UserFactory(username="Petugas.Baru")

    response = admin_client.post(CREATE_URL, create_data(email="bukan surel"))

    form = response.context["form"]
    assert response.status_code == 400
    assert form.errors["email"] == ["Masukkan alamat surel yang benar."]
    assert User.objects.filter(username__iexact="petugas.baru").count() == 1
    assert not AuditEvent.objects.exists()

    response = admin_client.post(CREATE_URL, create_data())

    assert response.status_code == 400
    assert response.context["form"].errors["username"] == ["Nama pengguna sudah dipakai."]
    assert User.objects.filter(username__iexact="petugas.baru").count() == 1
    assert not AuditEvent.objects.exists()


def test_create_missing_username_and_unknown_role_refused(admin_client):
    response = admin_client.post(
        CREATE_URL, create_data(username="", roles=["raja"], password1="1", password2="1")
    )

    form = response.context["form"]
    assert response.status_code == 400
    assert "password1" in form.errors  # reported together with the other mistakes
    assert form.errors["username"] == ["Nama pengguna wajib diisi."]
    assert form.errors["roles"] == ["Peran tidak dikenal: raja."]
    assert "galat-formulir" in response.content.decode()
    assert User.objects.count() == 1


# --- edit ------------------------------------------------------------------------------------


def test_edit_page_shows_the_account(admin_client):
    agency = AgencyFactory()
    officer = OfficerFactory(username="siti", agency=agency)

    response = admin_client.get(edit_url(officer))

    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].initial["roles"] == ["agency_officer"]
    assert response.context["has_totp"] is False
    assert 'value="agency_officer" id="id_roles_5" checked' in body


def test_edit_unknown_account_is_404(admin_client):
    assert admin_client.get(reverse("core:user_edit", args=[99999])).status_code == 404


def test_edit_saves_details_roles_and_agency(admin_client, admin):
    agency = AgencyFactory()
    user = UserFactory(username="budi", roles=["walidata"])

    response = admin_client.post(
        edit_url(user),
        account_data(
            user,
            first_name="Budi",
            last_name="Santoso",
            email="budi@bekasikota.go.id",
            roles=["agency_officer"],
            agency=agency.pk,
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(user)
    stored = row(user)
    assert (stored["first_name"], stored["last_name"]) == ("Budi", "Santoso")
    assert stored["email"] == "budi@bekasikota.go.id"
    assert stored["roles"] == ["agency_officer"]
    assert stored["agency_id"] == agency.pk
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {"user.update_profile", "user.update_roles"}


def test_edit_removing_the_last_admin_role_refused_nothing_changed(admin_client, admin):
    before = row(admin)

    response = admin_client.post(
        edit_url(admin), account_data(admin, first_name="Diubah", roles=["walidata"])
    )

    assert response.status_code == 400
    assert response.context["form"].errors["roles"] == [
        "Administrator aktif terakhir tidak boleh dihapus."
    ]
    assert row(admin) == before
    assert not AuditEvent.objects.exists()


def test_edit_own_admin_role_removed_when_another_admin_exists_leaves_the_page(admin_client, admin):
    AdminFactory(username="admin2")

    response = admin_client.post(edit_url(admin), account_data(admin, roles=["walidata"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert row(admin)["roles"] == ["walidata"]
    assert admin_client.get(LIST_URL).status_code == 403


def test_edit_officer_role_without_agency_refused(admin_client):
    user = UserFactory(roles=["walidata"])
    before = row(user)

    response = admin_client.post(edit_url(user), account_data(user, roles=["agency_officer"]))

    assert response.status_code == 400
    assert "agency" in response.context["form"].errors
    assert row(user) == before
    assert not AuditEvent.objects.exists()


def test_edit_sets_a_new_password(admin_client, admin):
    user = UserFactory()

    response = admin_client.post(
        edit_url(user),
        {"bagian": "kata-sandi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.set_password")
    assert event.actor_id == admin.pk
    assert event.changes == {"password_changed": True}


def test_edit_own_password_keeps_the_admin_signed_in(admin_client, admin):
    response = admin_client.post(
        edit_url(admin),
        {"bagian": "kata-sandi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert admin_client.get(LIST_URL).status_code == 200


def test_edit_weak_password_refused_nothing_changed(admin_client):
    user = UserFactory()
    old_hash = row(user)["password"]

    response = admin_client.post(
        edit_url(user), {"bagian": "kata-sandi", "password1": "password", "password2": "password"}
    )

    assert response.status_code == 400
    assert response.context["password_form"].errors["password1"]
    assert "galat-sandi" in response.content.decode()
    assert row(user)["password"] == old_hash
    assert User.objects.get(pk=user.pk).check_password(DEFAULT_PASSWORD)
    assert not AuditEvent.objects.exists()


def test_edit_reactivates_an_inactive_account(admin_client):
    user = UserFactory(is_active=False)

    response = admin_client.post(edit_url(user), {"bagian": "aktifkan"})

    assert response.status_code == 302
    assert row(user)["is_active"] is True
    assert AuditEvent.objects.get().action == "user.reactivate"


# --- deactivate ------------------------------------------------------------------------------


def test_deactivate_asks_for_confirmation_first(admin_client):
    user = UserFactory(username="budi")

    response = admin_client.get(deactivate_url(user))

    assert response.status_code == 200
    assert "Ya, nonaktifkan" in response.content.decode()
    assert row(user)["is_active"] is True
    assert not AuditEvent.objects.exists()


def test_deactivate_after_confirmation(admin_client, admin):
    user = UserFactory(username="budi")

    response = admin_client.post(deactivate_url(user))

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert row(user)["is_active"] is False
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.actor_id == admin.pk


def test_deactivate_yourself_is_refused_with_a_clear_message(admin_client, admin):
    page = admin_client.get(deactivate_url(admin))
    response = admin_client.post(deactivate_url(admin))

    assert page.status_code == 200
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in page.content.decode()
    assert "Ya, nonaktifkan" not in page.content.decode()
    assert response.status_code == 400
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.content.decode()
    assert row(admin)["is_active"] is True
    assert not AuditEvent.objects.exists()


def test_deactivated_user_cannot_sign_in(admin_client):
    user = UserFactory(username="budi")
    admin_client.post(deactivate_url(user))

    response = Client().post(
        reverse("core:login"), {"username": "budi", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 400
    assert "_auth_user_id" not in response.wsgi_request.session
