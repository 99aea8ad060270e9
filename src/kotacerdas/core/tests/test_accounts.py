"""Account services: create, roles, language, deactivate, TOTP devices; the demo accounts."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotacerdas.core.demo import accounts as demo_accounts
from kotacerdas.core.models import Agency, AuditEvent, Role, User
from kotacerdas.core.services.accounts import (
    otp_device_confirm,
    otp_device_create,
    otp_device_remove,
    user_create,
    user_deactivate,
    user_set_language,
    user_update_roles,
)
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    OfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Bekasi-Patriot-2026!"


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    # Not the code of this step nor of the neighbouring steps the tolerance accepts.
    valid = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"
        for drift in (-1, 0, 1)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def test_user_create_by_admin_stores_roles_and_audits_without_password():
    admin = AdminFactory()
    agency = AgencyFactory()

    user = user_create(
        actor=admin,
        username="petugas.baru",
        password=GOOD_PASSWORD,
        roles=["agency_officer"],
        agency=agency,
        first_name="Siti",
    )

    user.refresh_from_db()
    assert user.roles == ["agency_officer"]
    assert user.agency_id == agency.pk
    assert user.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor_id == admin.pk
    assert event.object_id == str(user.pk)
    assert event.changes["username"] == "petugas.baru"
    stored = json.dumps(event.changes)
    assert "password" not in stored
    assert GOOD_PASSWORD not in stored
    assert user.password not in stored


def test_user_create_from_cli_needs_no_admin():
    user = user_create(
        actor="cli", username="walidata2", password=GOOD_PASSWORD, roles=["walidata"]
    )
    assert user.roles == ["walidata"]
    assert AuditEvent.objects.get(action="user.create").actor_repr == "cli"


@pytest.mark.parametrize("actor", [None, "anonymous", "system"])
def test_user_create_refuses_unknown_non_user_actors(actor):
    with pytest.raises(PermissionDenied):
        user_create(actor=actor, username="x.y", password=GOOD_PASSWORD, roles=[])
    assert not User.objects.filter(username="x.y").exists()


def test_user_create_refuses_non_admin_and_writes_nothing():
    officer = OfficerFactory()
    users_before = User.objects.count()

    with pytest.raises(PermissionDenied):
        user_create(actor=officer, username="penyusup", password=GOOD_PASSWORD, roles=[])

    assert User.objects.count() == users_before
    assert not AuditEvent.objects.exists()


def test_user_create_rejects_unknown_role():
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor="cli", username="a.b", password=GOOD_PASSWORD, roles=["raja"])
    assert "roles" in excinfo.value.message_dict
    assert "raja" in excinfo.value.message_dict["roles"][0]
    assert not User.objects.filter(username="a.b").exists()


@pytest.mark.parametrize("role", [Role.AGENCY_OFFICER, Role.URC_OFFICER])
def test_agency_scoped_roles_require_an_agency(role):
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor="cli", username="tanpa.opd", password=GOOD_PASSWORD, roles=[role])
    assert "agency" in excinfo.value.message_dict
    assert not User.objects.filter(username="tanpa.opd").exists()
    assert not AuditEvent.objects.exists()


def test_user_create_applies_password_validators():
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor="cli", username="lemah", password="12345", roles=[])
    assert "password" in excinfo.value.message_dict
    assert not User.objects.filter(username="lemah").exists()


def test_user_create_rejects_duplicate_username_case_insensitively():
    UserFactory(username="budi")
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor="cli", username="BUDI", password=GOOD_PASSWORD, roles=[])
    assert "username" in excinfo.value.message_dict
    assert User.objects.filter(username__iexact="budi").count() == 1


def test_user_create_rejects_overlong_username():
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor="cli", username="u" * 151, password=GOOD_PASSWORD, roles=[])
    assert "username" in excinfo.value.message_dict
    assert not User.objects.filter(username__startswith="uuu").exists()


def test_user_update_roles_records_the_difference():
    admin = AdminFactory()
    user = UserFactory(roles=["walidata"])
    agency = AgencyFactory()

    user_update_roles(actor=admin, user=user, roles=["agency_officer", "walidata"], agency=agency)

    user.refresh_from_db()
    assert user.roles == ["walidata", "agency_officer"]  # in the order of Role
    event = AuditEvent.objects.get(action="user.update_roles")
    assert event.changes == {
        "agency": [None, agency.pk],
        "roles": [["walidata"], ["walidata", "agency_officer"]],
    }


def test_user_update_roles_without_change_writes_no_event():
    admin = AdminFactory()
    user = UserFactory(roles=["walidata"])
    user_update_roles(actor=admin, user=user, roles=["walidata"])
    assert not AuditEvent.objects.filter(action="user.update_roles").exists()


def test_user_update_roles_refused_for_non_admin_and_nothing_changes():
    user = UserFactory(roles=["walidata"])
    with pytest.raises(PermissionDenied):
        user_update_roles(actor=user, user=user, roles=["administrator"])
    user.refresh_from_db()
    assert user.roles == ["walidata"]
    assert not AuditEvent.objects.exists()


def test_last_active_administrator_cannot_lose_the_role():
    admin = AdminFactory()
    with pytest.raises(ValidationError):
        user_update_roles(actor=admin, user=admin, roles=["walidata"])
    admin.refresh_from_db()
    assert admin.roles == ["administrator"]

    AdminFactory()  # a second administrator: now the first may step down
    user_update_roles(actor=admin, user=admin, roles=["walidata"])
    admin.refresh_from_db()
    assert admin.roles == ["walidata"]


def test_user_set_language_saves_and_audits_once():
    user = UserFactory()
    user_set_language(actor=user, user=user, language="en")
    user_set_language(actor=user, user=user, language="en")

    user.refresh_from_db()
    assert user.preferred_language == "en"
    events = AuditEvent.objects.filter(action="user.set_language")
    assert events.count() == 1
    assert events.get().changes == {"preferred_language": ["", "en"]}


def test_user_set_language_rejects_unknown_language():
    user = UserFactory()
    with pytest.raises(ValidationError):
        user_set_language(actor=user, user=user, language="xx")
    user.refresh_from_db()
    assert user.preferred_language == ""


def test_user_set_language_of_someone_else_is_refused():
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        user_set_language(actor=other, user=user, language="en")
    user.refresh_from_db()
    assert user.preferred_language == ""


def test_user_deactivate_closes_account_and_its_tokens():
    from kotacerdas.core.services.tokens import token_authenticate, token_create

    admin = AdminFactory()
    user = UserFactory()
    _token, raw = token_create(actor=user, user=user, name="skrip")

    user_deactivate(actor=admin, user=user)

    user.refresh_from_db()
    assert user.is_active is False
    assert token_authenticate(raw=raw) is None
    assert AuditEvent.objects.get(action="user.deactivate").changes == {"is_active": [True, False]}


def test_admin_cannot_deactivate_self():
    admin = AdminFactory()
    with pytest.raises(ValidationError):
        user_deactivate(actor=admin, user=admin)
    admin.refresh_from_db()
    assert admin.is_active


def test_otp_device_create_reuses_the_pending_device():
    user = AdminFactory()
    first = otp_device_create(actor=user, user=user)
    second = otp_device_create(actor=user, user=user)

    assert first.pk == second.pk
    assert first.confirmed is False
    event = AuditEvent.objects.get(action="otp_device.create")
    assert first.key not in json.dumps(event.changes)


def test_otp_device_confirm_with_right_code_replaces_older_device():
    user = AdminFactory()
    old = TOTPDevice.objects.create(user=user, name="lama", confirmed=True)
    device = otp_device_create(actor=user, user=user)

    otp_device_confirm(actor=user, device=device, token=code_for(device))

    device.refresh_from_db()
    assert device.confirmed is True
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    event = AuditEvent.objects.get(action="otp_device.confirm")
    assert event.changes == {"confirmed": [False, True], "replaced_devices": [old.pk]}
    assert device.key not in json.dumps(event.changes)


@pytest.mark.parametrize("token", ["wrong", "12345", "abcdef", ""])
def test_otp_device_confirm_with_wrong_code_confirms_nothing(token):
    user = AdminFactory()
    device = otp_device_create(actor=user, user=user)
    if token == "wrong":
        token = wrong_code_for(device)

    with pytest.raises(ValidationError) as excinfo:
        otp_device_confirm(actor=user, device=device, token=token)

    assert "token" in excinfo.value.message_dict
    device.refresh_from_db()
    assert device.confirmed is False
    assert device.throttling_failure_count == 1  # no free guesses
    assert not AuditEvent.objects.filter(action="otp_device.confirm").exists()


def test_otp_device_of_someone_else_cannot_be_confirmed_or_removed():
    owner, other = UserFactory(), UserFactory()
    device = otp_device_create(actor=owner, user=owner)

    with pytest.raises(PermissionDenied):
        otp_device_confirm(actor=other, device=device, token=code_for(device))
    with pytest.raises(PermissionDenied):
        otp_device_remove(actor=other, device=device)

    device.refresh_from_db()
    assert device.confirmed is False


def test_otp_device_remove_audits_and_deletes():
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)

    otp_device_remove(actor=user, device=device)

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.get(action="otp_device.remove").object_id == str(device.pk)


def test_demo_accounts_load_is_idempotent_and_uses_the_demo_password():
    # Loaded by the reference-data migration; get_or_create keeps this test independent of it.
    dinkes = AgencyFactory(code="DINKES", name="Dinas Kesehatan", short_name="Dinkes")
    AgencyFactory(code="DISHUB", name="Dinas Perhubungan", short_name="Dishub")
    AgencyFactory(code="DAMKAR", name="Dinas Pemadam Kebakaran", short_name="Damkar")

    out = io.StringIO()
    demo_accounts.load(stdout=out)
    users_after_first = list(User.objects.order_by("username").values_list("username", "password"))
    events_after_first = AuditEvent.objects.count()
    demo_accounts.load(stdout=out)

    assert list(User.objects.order_by("username").values_list("username", "password")) == (
        users_after_first
    )
    assert AuditEvent.objects.count() == events_after_first
    usernames = {name for name, _password in users_after_first}
    assert usernames == {spec.username for spec in demo_accounts.DEMO_ACCOUNTS}
    officer = User.objects.get(username="opd.dinkes")
    assert officer.agency_id == dinkes.pk
    assert officer.roles == ["agency_officer"]
    assert User.objects.get(username="urc.damkar").agency.short_name == "Damkar"
    assert User.objects.get(username="walikota").roles == ["executive"]
    assert User.objects.get(username="admin").check_password(demo_accounts.DEMO_PASSWORD)
    # Every role but "public" (anonymous) has a demo account.
    assert {role for user in User.objects.all() for role in user.roles} == set(Role.values)


def test_demo_accounts_skip_officers_whose_agency_is_missing_with_a_warning():
    Agency.objects.update(is_active=False)  # as if the reference agencies were not loaded
    out = io.StringIO()
    demo_accounts.load(stdout=out)

    assert not User.objects.filter(username__in=["opd.dinkes", "opd.dishub", "urc.damkar"]).exists()
    assert User.objects.filter(username="admin").exists()
    assert out.getvalue().count("Peringatan") == 3


def test_demo_accounts_list_for_make_run():
    AgencyFactory(code="DINKES", name="Dinas Kesehatan", short_name="Dinkes")
    Agency.objects.filter(code="DISHUB").update(is_active=False)
    rows = demo_accounts.demo_accounts()
    assert rows[0] == ("admin", str(Role.ADMINISTRATOR.label), "")
    assert ("opd.dinkes", str(Role.AGENCY_OFFICER.label), "Dinkes") in rows
    assert ("opd.dishub", str(Role.AGENCY_OFFICER.label), "") in rows
    assert len(rows) == len(demo_accounts.DEMO_ACCOUNTS)
