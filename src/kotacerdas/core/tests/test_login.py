"""Sign-in, lockout, TOTP verification and setup, sign-out, and the language switch."""

from __future__ import annotations

import base64

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import DEFAULT_PASSWORD, AdminFactory, UserFactory
from kotacerdas.core.views.auth import PENDING_SESSION_KEY

pytestmark = pytest.mark.django_db

LOGIN = reverse("core:login")
LOGOUT = reverse("core:logout")
OTP_VERIFY = reverse("core:otp_verify")
OTP_SETUP = reverse("core:otp_setup")


def code_for(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    # Not the code of this step nor of the neighbouring steps the tolerance accepts.
    valid = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"
        for drift in (-1, 0, 1)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_page_is_indonesian(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<label class="form-label" for="id_username">Nama pengguna</label>' in body
    assert '<label class="form-label" for="id_password">Kata sandi</label>' in body


def test_login_with_right_password_signs_in_and_is_audited(client):
    user = UserFactory(username="siti")

    response = client.post(LOGIN, {"username": "siti", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert signed_in_user_id(client) == str(user.pk)
    event = AuditEvent.objects.get(action="login")
    assert event.actor_id == user.pk
    assert event.changes == {"two_factor": False}
    assert DEFAULT_PASSWORD not in str(AuditEvent.objects.values_list("changes", flat=True)[:])


def test_login_with_wrong_password_shows_indonesian_error_and_no_session(client):
    UserFactory(username="siti")

    response = client.post(LOGIN, {"username": "siti", "password": "salah-sekali-123"})

    assert response.status_code == 400
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert signed_in_user_id(client) is None
    assert not AuditEvent.objects.filter(action="login").exists()
    assert AccessAttempt.objects.get(username="siti").failures_since_start == 1


def test_login_for_unknown_user_gives_the_same_error(client):
    response = client.post(LOGIN, {"username": "tidak.ada", "password": "apa-saja-123"})
    assert response.status_code == 400
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_login_with_empty_or_overlong_fields_is_a_form_error_and_writes_nothing(client):
    UserFactory(username="siti")

    empty = client.post(LOGIN, {"username": "", "password": ""})
    overlong = client.post(LOGIN, {"username": "s" * 151, "password": DEFAULT_PASSWORD})

    assert empty.status_code == 400
    assert "Nama pengguna wajib diisi." in empty.content.decode()
    assert "Kata sandi wajib diisi." in empty.content.decode()
    assert overlong.status_code == 400
    assert "Nama pengguna paling panjang 150 karakter." in overlong.content.decode()
    assert signed_in_user_id(client) is None
    assert not AccessAttempt.objects.exists()
    assert not AuditEvent.objects.exists()


def test_lockout_after_five_failures_even_with_the_right_password(client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    UserFactory(username="siti")

    statuses = [
        client.post(LOGIN, {"username": "siti", "password": f"salah-{n}-abcdef"}).status_code
        for n in range(5)
    ]
    locked = client.post(LOGIN, {"username": "siti", "password": DEFAULT_PASSWORD})

    assert statuses == [400, 400, 400, 400, 429]
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Akun dikunci sementara" in body
    assert "Akun dapat dicoba lagi setelah 30 menit." in body
    assert signed_in_user_id(client) is None
    assert not AuditEvent.objects.filter(action="login").exists()


def test_lockout_is_per_account(client):
    UserFactory(username="siti")
    UserFactory(username="budi")
    for n in range(5):
        client.post(LOGIN, {"username": "siti", "password": f"salah-{n}-abcdef"})

    response = client.post(LOGIN, {"username": "budi", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert signed_in_user_id(client) is not None


def test_login_follows_a_local_next_and_ignores_an_external_one(client):
    UserFactory(username="siti")
    local = client.post(
        LOGIN, {"username": "siti", "password": DEFAULT_PASSWORD, "next": "/hari-kerja/"}
    )
    client.logout()
    external = client.post(
        LOGIN,
        {"username": "siti", "password": DEFAULT_PASSWORD, "next": "https://jahat.example/x"},
    )

    assert local.url == "/hari-kerja/"
    assert external.url == reverse("core:home")


def test_admin_without_device_is_forced_to_otp_setup(client):
    AdminFactory(username="admin1")

    response = client.post(LOGIN, {"username": "admin1", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(OTP_SETUP)

    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home.url.startswith(OTP_VERIFY)
    verify = client.get(home.url)
    assert verify.status_code == 302
    assert verify.url.startswith(OTP_SETUP)

    setup = client.get(verify.url)
    assert setup.status_code == 200
    body = setup.content.decode()
    assert "<svg" in body
    device = TOTPDevice.objects.get(user__username="admin1", confirmed=False)
    assert device.config_url.startswith("otpauth://totp/Kota%20Cerdas%20Bekasi%3Aadmin1?")
    assert device.config_url.replace("&", "&amp;") in body


def test_otp_setup_with_real_code_lets_the_admin_in(client):
    admin = AdminFactory(username="admin1")
    client.post(LOGIN, {"username": "admin1", "password": DEFAULT_PASSWORD})
    client.get(OTP_SETUP)
    device = TOTPDevice.objects.get(user=admin)

    response = client.post(
        OTP_SETUP, {"action": "confirm", "token": code_for(device), "next": "/hari-kerja/"}
    )

    assert response.status_code == 302
    assert response.url == "/hari-kerja/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(action="otp_device.confirm", actor_id=admin.pk).exists()


def test_otp_setup_with_wrong_code_is_refused(client):
    admin = AdminFactory(username="admin1")
    client.post(LOGIN, {"username": "admin1", "password": DEFAULT_PASSWORD})
    client.get(OTP_SETUP)
    device = TOTPDevice.objects.get(user=admin)

    response = client.post(OTP_SETUP, {"action": "confirm", "token": wrong_code_for(device)})

    assert response.status_code == 400
    assert "Kode verifikasi salah atau kedaluwarsa." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("core:home")).status_code == 302


def test_admin_with_device_must_give_a_code_before_being_signed_in(client):
    admin = AdminFactory(username="admin1")
    device = TOTPDevice.objects.create(user=admin, name="TOTP", confirmed=True)

    response = client.post(
        LOGIN, {"username": "admin1", "password": DEFAULT_PASSWORD, "next": "/hari-kerja/"}
    )

    assert response.status_code == 302
    assert response.url == OTP_VERIFY + "?next=%2Fhari-kerja%2F"
    assert signed_in_user_id(client) is None  # not signed in on the password alone
    assert client.get(reverse("core:calendar")).status_code == 302

    verified = client.post(OTP_VERIFY, {"token": code_for(device), "next": "/hari-kerja/"})

    assert verified.status_code == 302
    assert verified.url == "/hari-kerja/"
    assert signed_in_user_id(client) == str(admin.pk)
    assert PENDING_SESSION_KEY not in client.session
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.get(action="login").changes == {"two_factor": True}


def test_wrong_otp_code_is_refused_and_leaves_the_user_signed_out(client):
    admin = AdminFactory(username="admin1")
    device = TOTPDevice.objects.create(user=admin, name="TOTP", confirmed=True)
    client.post(LOGIN, {"username": "admin1", "password": DEFAULT_PASSWORD})

    response = client.post(OTP_VERIFY, {"token": wrong_code_for(device)})

    assert response.status_code == 400
    assert "Kode verifikasi salah atau kedaluwarsa." in response.content.decode()
    assert signed_in_user_id(client) is None
    assert not AuditEvent.objects.filter(action="login").exists()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_otp_codes_are_refused_while_throttled_after_many_failures(client):
    admin = AdminFactory(username="admin1")
    # Ten failures just now: django-otp refuses codes for 2**9 seconds.
    device = TOTPDevice.objects.create(
        user=admin,
        name="TOTP",
        confirmed=True,
        throttling_failure_count=10,
        throttling_failure_timestamp=timezone.now(),
    )
    client.post(LOGIN, {"username": "admin1", "password": DEFAULT_PASSWORD})

    response = client.post(OTP_VERIFY, {"token": code_for(device)})

    assert response.status_code == 400
    assert "Terlalu banyak kode salah." in response.content.decode()
    assert signed_in_user_id(client) is None


def test_otp_verify_without_a_password_step_sends_to_login(client):
    response = client.get(OTP_VERIFY)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_expired_password_step_must_be_repeated(client):
    admin = AdminFactory(username="admin1")
    device = TOTPDevice.objects.create(user=admin, name="TOTP", confirmed=True)
    client.post(LOGIN, {"username": "admin1", "password": DEFAULT_PASSWORD})
    session = client.session
    session[PENDING_SESSION_KEY]["at"] -= 3600
    session.save()

    response = client.post(OTP_VERIFY, {"token": code_for(device)})

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert signed_in_user_id(client) is None


def test_user_with_device_cannot_replace_it_without_passing_it(client):
    admin = AdminFactory()
    TOTPDevice.objects.create(user=admin, name="TOTP", confirmed=True)
    client.force_login(admin)  # signed in, but not verified

    response = client.get(OTP_SETUP)

    assert response.status_code == 302
    assert response.url.startswith(OTP_VERIFY)
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_non_admin_may_sign_in_without_2fa(client):
    UserFactory(username="siti")
    client.post(LOGIN, {"username": "siti", "password": DEFAULT_PASSWORD})
    assert client.get(reverse("core:calendar")).status_code == 200


def test_logout_is_post_only(client):
    user = UserFactory()
    client.force_login(user)

    get = client.get(LOGOUT)
    assert get.status_code == 405
    assert signed_in_user_id(client) == str(user.pk)

    post = client.post(LOGOUT)
    assert post.status_code == 302
    assert signed_in_user_id(client) is None
    assert AuditEvent.objects.get(action="logout").actor_id == user.pk


def test_language_switch_is_saved_on_the_account(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert AuditEvent.objects.get(action="user.set_language").actor_id == user.pk


def test_language_switch_by_anonymous_sets_only_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert not AuditEvent.objects.exists()


def test_language_switch_ignores_an_unknown_language(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == ""
    assert not AuditEvent.objects.exists()


def test_saved_language_applies_in_a_new_browser(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    response = client.get(reverse("core:token_list"))
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_any_user_with_a_device_must_give_a_code(client):
    user = UserFactory(username="siti")
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)

    response = client.post(LOGIN, {"username": "siti", "password": DEFAULT_PASSWORD})

    assert response.url.startswith(OTP_VERIFY)
    assert signed_in_user_id(client) is None
    client.post(OTP_VERIFY, {"token": code_for(device)})
    assert signed_in_user_id(client) == str(user.pk)


def verified_client(client, user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    client.post(LOGIN, {"username": user.username, "password": DEFAULT_PASSWORD})
    client.post(OTP_VERIFY, {"token": code_for(device)})
    assert signed_in_user_id(client) == str(user.pk)
    return device


def test_verified_user_sees_the_device_status_and_may_remove_it(client):
    user = UserFactory(username="siti")
    verified_client(client, user)

    status = client.get(OTP_SETUP)
    assert status.status_code == 200
    assert "Verifikasi dua langkah aktif untuk akun Anda." in status.content.decode()

    removed = client.post(OTP_SETUP, {"action": "remove"})
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="otp_device.remove", actor_id=user.pk).exists()


def test_admin_may_not_remove_the_only_device(client):
    admin = AdminFactory(username="admin1")
    device = verified_client(client, admin)

    response = client.post(OTP_SETUP, {"action": "remove"}, follow=True)

    assert "wajib memakai verifikasi dua langkah" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_verified_admin_may_replace_the_device(client):
    admin = AdminFactory(username="admin1")
    old = verified_client(client, admin)

    page = client.get(OTP_SETUP + "?ganti=1")
    assert page.status_code == 200
    new = TOTPDevice.objects.get(user=admin, confirmed=False)
    secret = base64.b32encode(new.bin_key).decode().rstrip("=")
    assert secret in page.content.decode().replace(" ", "")  # shown for manual entry

    response = client.post(OTP_SETUP, {"action": "confirm", "ganti": "1", "token": code_for(new)})

    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=admin).values_list("pk", flat=True)) == [new.pk]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.get(reverse("core:home")).status_code == 200
