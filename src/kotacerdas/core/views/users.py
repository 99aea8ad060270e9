"""Account administration for administrators (Foundation item 5): list, create, edit, set a
password, deactivate. The writes go through `core.services.accounts`, which checks again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from kotacerdas.core.models import Agency, Role, User
from kotacerdas.core.permissions import is_admin, require_admin
from kotacerdas.core.services import accounts as account_services

PAGE_SIZE = 50
PAGE_PARAM = "halaman"
STATUS_ACTIVE = "aktif"
STATUS_INACTIVE = "nonaktif"
REQUIRED = gettext_lazy("Isian ini wajib diisi.")


def _agency_choices(current: Agency | None = None) -> Any:
    """Active agencies, plus the one an account already belongs to even if it was retired."""
    agencies = Agency.objects.filter(is_active=True)
    if current is not None:
        agencies = Agency.objects.filter(is_active=True) | Agency.objects.filter(pk=current.pk)
    return agencies.order_by("name")


def _style(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css


def _add_service_errors(form: forms.Form, exc: ValidationError, renames: dict[str, str]) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.message_dict.items():
        field = renames.get(key, key)
        form.add_error(field if field in form.fields else None, errors)


# --- forms -----------------------------------------------------------------------------------


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Cari (nama pengguna, nama, surel)"), required=False, max_length=100
    )
    role = forms.ChoiceField(label=gettext_lazy("Peran"), required=False)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Perangkat Daerah"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Semua Perangkat Daerah"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("Semua")),
            (STATUS_ACTIVE, gettext_lazy("Aktif")),
            (STATUS_INACTIVE, gettext_lazy("Nonaktif")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Semua peran")), *Role.choices]
        _style(self)


class AccountFieldsForm(forms.Form):
    """Name, contact, roles and agency: shared by the create and edit forms."""

    first_name = forms.CharField(label=gettext_lazy("Nama depan"), required=False, max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Nama belakang"), required=False, max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("Surel"),
        required=False,
        max_length=254,
        error_messages={"invalid": gettext_lazy("Masukkan alamat surel yang benar.")},
    )
    phone = forms.CharField(label=gettext_lazy("Telepon"), required=False, max_length=30)
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Peran"),
        required=False,
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Peran tidak dikenal: %(value)s.")},
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Perangkat Daerah"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=gettext_lazy("— tidak ada —"),
        help_text=gettext_lazy("Wajib untuk petugas Perangkat Daerah dan petugas URC."),
        error_messages={"invalid_choice": gettext_lazy("Pilih Perangkat Daerah dari daftar.")},
    )

    def __init__(self, *args: Any, current_agency: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agency_choices(current_agency)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        roles = set(cleaned.get("roles") or [])
        if (
            roles & account_services.AGENCY_SCOPED_ROLES
            and not cleaned.get("agency")
            and "agency" not in self.errors
        ):
            self.add_error(
                "agency",
                _("Petugas Perangkat Daerah dan petugas URC wajib memiliki Perangkat Daerah."),
            )
        return cleaned


class PasswordFields(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Kata sandi wajib diisi.")},
    )
    password2 = forms.CharField(
        label=gettext_lazy("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Ulangi kata sandi untuk memastikan.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return cleaned


class UserCreateForm(PasswordFields, AccountFieldsForm):
    username = forms.CharField(
        label=gettext_lazy("Nama pengguna"),
        max_length=150,
        help_text=gettext_lazy("Huruf, angka dan @ . + - _ saja; dipakai untuk masuk."),
        error_messages={
            "required": gettext_lazy("Nama pengguna wajib diisi."),
            "max_length": gettext_lazy("Nama pengguna paling panjang %(limit_value)d karakter."),
        },
    )
    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "phone",
        "roles",
        "agency",
        "password1",
        "password2",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and "password2" not in self.errors:
            # Checked here too, so a weak password is reported with the other mistakes.
            candidate = User(
                username=cleaned.get("username") or "",
                first_name=cleaned.get("first_name") or "",
                last_name=cleaned.get("last_name") or "",
                email=cleaned.get("email") or "",
            )
            try:
                password_validation.validate_password(password, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc.messages)
        return cleaned


class UserEditForm(AccountFieldsForm):
    pass


class UserPasswordForm(PasswordFields):
    password1 = forms.CharField(
        label=gettext_lazy("Kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Kata sandi baru wajib diisi.")},
    )


# --- views -----------------------------------------------------------------------------------


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = UserFilterForm(request.GET)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        status = data.get("status")
        users = account_services.user_admin_list(
            actor=request.user,
            search=data.get("q", ""),
            role=data.get("role", ""),
            agency_id=data["agency"].pk if data.get("agency") else None,
            active=None if not status else status == STATUS_ACTIVE,
        )
        page = Paginator(users, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    template = "core/users/list.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@login_required
@never_cache
def user_create(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = UserCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = account_services.user_create(
                    actor=request.user,
                    username=data["username"],
                    password=data["password1"],
                    roles=list(data["roles"]),
                    agency=data["agency"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                )
            except ValidationError as exc:
                _add_service_errors(form, exc, {"password": "password1"})
            else:
                messages.success(
                    request, _("Akun “%(username)s” dibuat.") % {"username": user.username}
                )
                return redirect("core:user_edit", pk=user.pk)
        status = 400
    _style(form)
    return render(request, "core/users/create.html", {"form": form}, status=status)


@login_required
@never_cache
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    account = get_object_or_404(User.objects.select_related("agency"), pk=pk)
    initial = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "phone": account.phone,
        "roles": list(account.roles or []),
        "agency": account.agency,
    }
    posted = request.POST if request.method == "POST" else None
    which = posted.get("bagian") if posted else None
    form = UserEditForm(
        posted if which == "akun" else None, initial=initial, current_agency=account.agency
    )
    password_form = UserPasswordForm(posted if which == "kata-sandi" else None)
    status = 200
    if which == "akun":
        if form.is_valid():
            data = form.cleaned_data
            try:
                account_services.user_update_account(
                    actor=request.user,
                    user=account,
                    roles=list(data["roles"]),
                    agency=data["agency"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                )
            except ValidationError as exc:
                _add_service_errors(form, exc, {})
            else:
                messages.success(request, _("Perubahan akun disimpan."))
                if account.pk == request.user.pk and not is_admin(account):
                    # The administrator removed their own role: this page is no longer theirs.
                    return redirect("core:home")
                return redirect("core:user_edit", pk=account.pk)
        status = 400
    elif which == "kata-sandi":
        if password_form.is_valid():
            try:
                account_services.user_set_password(
                    actor=request.user,
                    user=account,
                    password=password_form.cleaned_data["password1"],
                )
            except ValidationError as exc:
                _add_service_errors(password_form, exc, {"password": "password1"})
            else:
                messages.success(request, _("Kata sandi baru disimpan."))
                if account.pk == request.user.pk:
                    # Keep the administrator signed in after changing their own password.
                    update_session_auth_hash(request, account)
                return redirect("core:user_edit", pk=account.pk)
        status = 400
    elif which == "aktifkan":
        account_services.user_reactivate(actor=request.user, user=account)
        messages.success(
            request, _("Akun “%(username)s” diaktifkan kembali.") % {"username": account.username}
        )
        return redirect("core:user_edit", pk=account.pk)
    elif request.method == "POST":
        messages.error(request, _("Permintaan tidak dikenali."))
        status = 400
    if status == 400 and which in ("akun", "kata-sandi"):
        # The row may have been changed in memory by a refused service call: show it as stored.
        account.refresh_from_db()
    _style(form)
    _style(password_form)
    return render(
        request,
        "core/users/edit.html",
        {
            "account": account,
            "form": form,
            "password_form": password_form,
            "has_totp": account_services.otp_confirmed_device(user=account) is not None,
            "is_self": account.pk == request.user.pk,
        },
        status=status,
    )


@login_required
@never_cache
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page (GET), then the deactivation (POST)."""
    require_admin(request.user)
    account = get_object_or_404(User, pk=pk)
    is_self = account.pk == request.user.pk
    status = 200
    if request.method == "POST":
        try:
            account_services.user_deactivate(actor=request.user, user=account)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            messages.success(
                request,
                _("Akun “%(username)s” dinonaktifkan.") % {"username": account.username},
            )
            return redirect("core:user_list")
    return render(
        request,
        "core/users/deactivate.html",
        {"account": account, "is_self": is_self},
        status=status,
    )
