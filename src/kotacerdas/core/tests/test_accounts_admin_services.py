"""Account services used by the administrators' page: profile, account, password, reactivate,
and the account list read."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotacerdas.core.models import AuditEvent, User
from kotacerdas.core.services.accounts import (
    user_admin_list,
    user_reactivate,
    user_set_password,
    user_update_account,
    user_update_profile,
)
from kotacerdas.core.tests.factories import (
    DEFAULT_PASSWORD,
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Bekasi-Patriot-2026!"


def row(user: User) -> dict:
    return User.objects.filter(pk=user.pk).values().get()


def test_user_update_profile_saves_changed_fields_and_audits_the_diff():
    admin = AdminFactory()
    user = UserFactory(first_name="Siti", last_name="Lama", email="lama@contoh.id", phone="")

    user_update_profile(
        actor=admin,
        user=user,
        first_name=" Siti ",
        last_name="Aminah",
        email="SITI@Contoh.ID",
        phone="021-123",
    )

    stored = row(user)
    assert (stored["first_name"], stored["last_name"]) == ("Siti", "Aminah")
    assert stored["email"] == "SITI@contoh.id"
    assert stored["phone"] == "021-123"
    event = AuditEvent.objects.get(action="user.update_profile")
    assert event.actor_id == admin.pk
    assert event.object_id == str(user.pk)
    assert event.changes == {
        "last_name": ["Lama", "Aminah"],
        "email": ["lama@contoh.id", "SITI@contoh.id"],
        "phone": ["", "021-123"],
    }


def test_user_update_profile_without_change_writes_no_event():
    admin = AdminFactory()
    user = UserFactory(first_name="A", last_name="B", email="a@contoh.id", phone="1")

    user_update_profile(
        actor=admin, user=user, first_name="A", last_name="B", email="a@contoh.id", phone="1"
    )

    assert not AuditEvent.objects.filter(action="user.update_profile").exists()


def test_user_update_profile_bad_email_and_overlong_phone_refused_nothing_written():
    admin = AdminFactory()
    user = UserFactory(first_name="A", email="a@contoh.id")
    before = row(user)

    with pytest.raises(ValidationError) as caught:
        user_update_profile(
            actor=admin, user=user, first_name="Baru", email="bukan-surel", phone="9" * 31
        )

    assert set(caught.value.message_dict) == {"email", "phone"}
    assert row(user) == before
    assert user.first_name == "A"
    assert not AuditEvent.objects.filter(action="user.update_profile").exists()


def test_user_update_profile_by_non_admin_refused_nothing_written():
    officer = OfficerFactory()
    user = UserFactory(first_name="A")
    before = row(user)

    with pytest.raises(PermissionDenied):
        user_update_profile(actor=officer, user=user, first_name="Diubah")

    assert row(user) == before
    assert not AuditEvent.objects.exists()


def test_user_update_account_saves_details_and_roles_together():
    admin = AdminFactory()
    agency = AgencyFactory()
    user = UserFactory(first_name="A", roles=["walidata"])

    user_update_account(
        actor=admin,
        user=user,
        first_name="Budi",
        roles=["agency_officer", "walidata"],
        agency=agency,
    )

    stored = row(user)
    assert stored["first_name"] == "Budi"
    assert stored["roles"] == ["walidata", "agency_officer"]
    assert stored["agency_id"] == agency.pk
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "user.update_profile",
        "user.update_roles",
    ]


def test_user_update_account_refused_roles_undo_the_details():
    admin = AdminFactory(first_name="Satu", last_name="Admin")

    with pytest.raises(ValidationError) as caught:
        user_update_account(
            actor=admin, user=admin, first_name="Diubah", last_name="Admin", roles=["walidata"]
        )

    assert caught.value.message_dict == {
        "roles": ["Administrator aktif terakhir tidak boleh dihapus."]
    }
    stored = row(admin)
    assert stored["first_name"] == "Satu"
    assert stored["roles"] == ["administrator"]
    assert not AuditEvent.objects.exists()


def test_user_update_account_officer_without_agency_refused():
    admin = AdminFactory()
    user = UserFactory(roles=["walidata"])

    with pytest.raises(ValidationError) as caught:
        user_update_account(actor=admin, user=user, roles=["urc_officer"], agency=None)

    assert "agency" in caught.value.message_dict
    assert row(user)["roles"] == ["walidata"]
    assert not AuditEvent.objects.exists()


def test_user_set_password_validates_sets_and_audits_only_the_fact():
    admin = AdminFactory()
    user = UserFactory()

    user_set_password(actor=admin, user=user, password=NEW_PASSWORD)

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.set_password")
    assert event.actor_id == admin.pk
    assert event.changes == {"password_changed": True}
    stored = json.dumps(event.changes)
    assert NEW_PASSWORD not in stored
    assert user.password not in stored


def test_user_set_password_weak_refused_with_validator_messages():
    admin = AdminFactory()
    user = UserFactory()
    old_hash = row(user)["password"]

    with pytest.raises(ValidationError) as caught:
        user_set_password(actor=admin, user=user, password="123")

    assert list(caught.value.message_dict) == ["password"]
    assert len(caught.value.message_dict["password"]) >= 2  # too short, entirely numeric
    assert row(user)["password"] == old_hash
    assert not AuditEvent.objects.exists()


def test_user_set_password_by_non_admin_refused():
    executive = ExecutiveFactory()
    user = UserFactory()
    old_hash = row(user)["password"]

    with pytest.raises(PermissionDenied):
        user_set_password(actor=executive, user=user, password=NEW_PASSWORD)

    assert row(user)["password"] == old_hash
    assert User.objects.get(pk=user.pk).check_password(DEFAULT_PASSWORD)
    assert not AuditEvent.objects.exists()


def test_user_reactivate_opens_a_closed_account_once():
    admin = AdminFactory()
    user = UserFactory(is_active=False)

    user_reactivate(actor=admin, user=user)
    user_reactivate(actor=admin, user=user)

    assert row(user)["is_active"] is True
    event = AuditEvent.objects.get(action="user.reactivate")
    assert event.changes == {"is_active": [False, True]}


def test_user_reactivate_by_non_admin_refused():
    officer = OfficerFactory()
    user = UserFactory(is_active=False)

    with pytest.raises(PermissionDenied):
        user_reactivate(actor=officer, user=user)

    assert row(user)["is_active"] is False
    assert not AuditEvent.objects.exists()


def test_user_admin_list_filters_by_search_role_agency_and_status():
    admin = AdminFactory(username="admin")
    agency = AgencyFactory()
    siti = OfficerFactory(
        username="siti", first_name="Siti", last_name="Aminah", agency=agency, email="s@x.id"
    )
    UserFactory(username="budi", first_name="Budi", roles=["council_member"])
    UserFactory(username="ani", first_name="Ani", roles=["council_secretariat"], is_active=False)
    TOTPDevice.objects.create(user=siti, name="t", confirmed=True)
    TOTPDevice.objects.create(user=admin, name="t", confirmed=False)

    def names(**filters):
        return [user.username for user in user_admin_list(actor=admin, **filters)]

    assert names() == ["admin", "ani", "budi", "siti"]
    assert names(search="siti aminah") == ["siti"]
    assert names(search="S@X.ID") == ["siti"]
    assert names(role="council_member") == ["budi"]
    assert names(role="council_secretariat") == ["ani"]
    assert names(agency_id=agency.pk) == ["siti"]
    assert names(active=False) == ["ani"]
    assert names(active=True) == ["admin", "budi", "siti"]
    totp = {user.username: user.has_totp for user in user_admin_list(actor=admin)}
    assert totp == {"admin": False, "ani": False, "budi": False, "siti": True}


def test_user_admin_list_refused_to_non_admin():
    with pytest.raises(PermissionDenied):
        user_admin_list(actor=OfficerFactory())
