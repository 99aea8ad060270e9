"""Sign-in, sign-out, TOTP verification and setup, and the language switch (Foundation item 5).

Users with a confirmed TOTP device are not signed in after the password: the session holds a
short-lived "pending" marker until the code is checked. Roles that require 2FA and have no
device yet are signed in and sent to the setup page (EnforceTwoFactorMiddleware keeps them
there). Failed passwords and lockout belong to django-axes: `authenticate` gets the request.
"""

from __future__ import annotations

import base64
import time
from urllib.parse import urlencode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import check_for_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kotacerdas.core.permissions import requires_two_factor
from kotacerdas.core.services.accounts import (
    otp_confirmed_device,
    otp_device_confirm,
    otp_device_create,
    otp_device_remove,
    otp_device_verify,
    otp_throttle_seconds,
    user_login_record,
    user_logout_record,
    user_set_language,
)

PENDING_SESSION_KEY = "kc_otp_pending"
PENDING_SECONDS = 300  # the code must follow the password within five minutes


class LoginForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Nama pengguna"),
        max_length=150,
        error_messages={
            "required": gettext_lazy("Nama pengguna wajib diisi."),
            "max_length": gettext_lazy("Nama pengguna paling panjang %(limit_value)d karakter."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=gettext_lazy("Kata sandi"),
        max_length=256,
        error_messages={
            "required": gettext_lazy("Kata sandi wajib diisi."),
            "max_length": gettext_lazy("Kata sandi paling panjang %(limit_value)d karakter."),
        },
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpCodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Kode verifikasi (6 angka)"),
        min_length=6,
        max_length=6,
        error_messages={
            "required": gettext_lazy("Kode verifikasi wajib diisi."),
            "min_length": gettext_lazy("Kode verifikasi terdiri atas 6 angka."),
            "max_length": gettext_lazy("Kode verifikasi terdiri atas 6 angka."),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise ValidationError(_("Kode verifikasi terdiri atas 6 angka."))
        return token


def _next_url(request: HttpRequest) -> str:
    """The `next` parameter if it points to this site, otherwise the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return reverse(url_name) + "?" + urlencode({"next": next_url})


def _pending_user(request: HttpRequest):
    """The user who gave the right password and still owes a code, if not expired."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending.get("backend")


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated and request.method != "POST":
        return redirect(next_url)
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is None:
            # When this attempt reaches the limit, AxesMiddleware answers with the lockout page.
            form.add_error(None, _("Nama pengguna atau kata sandi salah."))
        else:
            device = otp_confirmed_device(user=user)
            if device is not None:
                request.session.cycle_key()
                request.session[PENDING_SESSION_KEY] = {
                    "user": user.pk,
                    "backend": user.backend,
                    "at": time.time(),
                }
                return redirect(_with_next("core:otp_verify", next_url))
            auth_login(request, user)
            user_login_record(user=user, two_factor=False)
            if requires_two_factor(user):
                messages.info(
                    request,
                    _(
                        "Akun Anda wajib memakai verifikasi dua langkah. "
                        "Siapkan aplikasi autentikator."
                    ),
                )
                return redirect(_with_next("core:otp_setup", next_url))
            return redirect(next_url)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/auth/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        user_logout_record(user=request.user)
    auth_logout(request)
    messages.success(request, _("Anda telah keluar."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated:
        if request.user.is_verified():
            return redirect(next_url)
        user, backend = request.user, None
    else:
        user, backend = _pending_user(request)
        if user is None:
            messages.info(request, _("Silakan masuk kembali."))
            return redirect(_with_next("core:login", next_url))
    device = otp_confirmed_device(user=user)
    if device is None:
        if request.user.is_authenticated:
            return redirect(_with_next("core:otp_setup", next_url))
        request.session.pop(PENDING_SESSION_KEY, None)
        return redirect(_with_next("core:login", next_url))
    form = OtpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        wait = otp_throttle_seconds(device=device)
        if wait:
            form.add_error(
                "token",
                _("Terlalu banyak kode salah. Coba lagi dalam %(seconds)d detik.")
                % {"seconds": wait},
            )
        elif otp_device_verify(device=device, token=form.cleaned_data["token"]):
            if not request.user.is_authenticated:
                request.session.pop(PENDING_SESSION_KEY, None)
                auth_login(request, user, backend=backend)
                user_login_record(user=user, two_factor=True)
            django_otp.login(request, device)
            return redirect(next_url)
        else:
            form.add_error("token", _("Kode verifikasi salah atau kedaluwarsa."))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/auth/otp_verify.html",
        {"form": form, "next": next_url, "pending_user": user},
        status=status,
    )


def _qr_svg(uri: str) -> str:
    qr = segno.make(uri, error="m")
    return qr.svg_inline(scale=4, border=4, light="#fff", title=_("Kode QR verifikasi dua langkah"))


def _grouped_secret(device) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    confirmed = otp_confirmed_device(user=user)
    if confirmed is not None and not user.is_verified():
        # A device exists: only someone who passed it may replace or remove it.
        return redirect(_with_next("core:otp_verify", next_url))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "remove" and confirmed is not None:
        if requires_two_factor(user):
            messages.error(
                request,
                _("Peran Anda wajib memakai verifikasi dua langkah; gunakan Ganti perangkat."),
            )
        else:
            otp_device_remove(actor=user, device=confirmed)
            messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
        return redirect("core:otp_setup")
    replacing = request.GET.get("ganti") == "1" or request.POST.get("ganti") == "1"
    if confirmed is not None and not replacing and action != "confirm":
        return render(
            request,
            "core/auth/otp_setup.html",
            {
                "device": confirmed,
                "required": requires_two_factor(user),
                "next": next_url,
            },
        )
    device = otp_device_create(actor=user, user=user)
    form = OtpCodeForm(request.POST if action == "confirm" else None)
    if action == "confirm" and form.is_valid():
        wait = otp_throttle_seconds(device=device)
        if wait:
            form.add_error(
                "token",
                _("Terlalu banyak kode salah. Coba lagi dalam %(seconds)d detik.")
                % {"seconds": wait},
            )
        else:
            try:
                device = otp_device_confirm(
                    actor=user, device=device, token=form.cleaned_data["token"]
                )
            except ValidationError as exc:
                for message in exc.message_dict.get("token", exc.messages):
                    form.add_error("token", message)
            else:
                django_otp.login(request, device)
                messages.success(request, _("Verifikasi dua langkah aktif."))
                return redirect(next_url)
    return render(
        request,
        "core/auth/otp_setup.html",
        {
            "form": form,
            "pending_device": device,
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # segno output, no user input
            "secret": _grouped_secret(device),
            "otpauth_uri": device.config_url,
            "required": requires_two_factor(user),
            "replacing": replacing,
            "next": next_url,
        },
        status=400 if form.errors else 200,
    )


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and for a signed-in user the choice is kept on the account."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        language = request.POST.get("language", "")
        codes = {code for code, _name in settings.LANGUAGES}
        if language in codes and check_for_language(language):
            user_set_language(actor=request.user, user=request.user, language=language)
    return response
