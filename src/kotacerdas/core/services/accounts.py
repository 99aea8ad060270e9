"""Accounts, roles, language, sign-in records and TOTP devices (Foundation item 5).

Every write is atomic and audited; password hashes and TOTP keys never reach the audit chain.
Actors are a User or, for the command line and the demo seed, one of SYSTEM_ACTORS.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency, Role, User
from kotacerdas.core.permissions import is_admin

# Non-user actors allowed to manage accounts: `kotacerdas` commands and the demo seed.
SYSTEM_ACTORS = frozenset({"cli", "demo"})
# Roles whose holders act for one Perangkat Daerah, so they need one.
AGENCY_SCOPED_ROLES = frozenset({Role.AGENCY_OFFICER.value, Role.URC_OFFICER.value})
# Fields of the user row copied into the audit chain (never `password`).
AUDITED_USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "phone",
    "roles",
    "agency",
    "preferred_language",
    "is_active",
]
OTP_DEVICE_NAME = "TOTP"


def _is_system_actor(actor: Any) -> bool:
    return isinstance(actor, str) and actor in SYSTEM_ACTORS


def _require_account_manager(actor: Any) -> None:
    if _is_system_actor(actor):
        return
    if isinstance(actor, str) or not is_admin(actor):
        raise PermissionDenied(_("Hanya administrator yang boleh mengelola akun pengguna."))


def _require_self_or_admin(actor: Any, user: User) -> None:
    if _is_system_actor(actor):
        return
    if isinstance(actor, str) or actor is None:
        raise PermissionDenied(_("Anda tidak berwenang mengubah akun ini."))
    if actor.pk != user.pk and not is_admin(actor):
        raise PermissionDenied(_("Anda tidak berwenang mengubah akun ini."))


def _clean_roles(roles: Any, agency: Agency | None) -> list[str]:
    """Role values, deduplicated in the order of Role; agency-scoped roles need an agency."""
    if not isinstance(roles, list | tuple | set | frozenset):
        raise ValidationError({"roles": _("Peran harus berupa daftar.")})
    given = [str(role) for role in roles]
    unknown = sorted(set(given) - set(Role.values))
    if unknown:
        raise ValidationError(
            {"roles": _("Peran tidak dikenal: %(roles)s.") % {"roles": ", ".join(unknown)}}
        )
    cleaned = [role for role in Role.values if role in given]
    if agency is None and AGENCY_SCOPED_ROLES & set(cleaned):
        raise ValidationError(
            {
                "agency": _(
                    "Petugas Perangkat Daerah dan petugas URC wajib memiliki Perangkat Daerah."
                )
            }
        )
    return cleaned


def _clean_language(language: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = (language or "").strip()
    if language and language not in codes:
        raise ValidationError({"preferred_language": _("Bahasa tidak tersedia.")})
    return language


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    roles: list[str],
    agency: Agency | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    preferred_language: str = "",
) -> User:
    """Create an account. Administrators only (or `kotacerdas` commands, actor "cli")."""
    _require_account_manager(actor)
    user = User(
        username=(username or "").strip(),
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=User.objects.normalize_email((email or "").strip()),
        phone=(phone or "").strip(),
        agency=agency,
        preferred_language=_clean_language(preferred_language),
    )
    user.roles = _clean_roles(roles, agency)
    errors: dict[str, list[str]] = {}
    try:
        # Field checks (length, username characters, uniqueness); the password is set later.
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if User.objects.filter(username__iexact=user.username).exists():
        errors.setdefault("username", []).append(_("Nama pengguna sudah dipakai."))
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError({key: sorted(set(value)) for key, value in errors.items()})
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor, action="user.create", obj=user, changes=snapshot(user, AUDITED_USER_FIELDS)
    )
    return user


def _other_active_admin_exists(user: User) -> bool:
    # In Python: JSONField `contains` is not available on SQLite; administrators are few.
    others = User.objects.filter(is_active=True).exclude(pk=user.pk).only("roles")
    return any(Role.ADMINISTRATOR.value in (other.roles or []) for other in others)


@transaction.atomic
def user_update_roles(
    *, actor: Any, user: User, roles: list[str], agency: Agency | None = None
) -> User:
    """Change the roles (and the agency that scopes them). Administrators only."""
    _require_account_manager(actor)
    cleaned = _clean_roles(roles, agency)
    if (
        Role.ADMINISTRATOR.value in (user.roles or [])
        and Role.ADMINISTRATOR.value not in cleaned
        and user.is_active
        and not _other_active_admin_exists(user)
    ):
        raise ValidationError({"roles": _("Administrator aktif terakhir tidak boleh dihapus.")})
    before = snapshot(user, ["roles", "agency"])
    user.roles = cleaned
    user.agency = agency
    after = snapshot(user, ["roles", "agency"])
    changes = diff(before, after)
    if changes:
        user.save(update_fields=["roles", "agency"])
        audit_record(actor=actor, action="user.update_roles", obj=user, changes=changes)
    return user


@transaction.atomic
def user_set_language(*, actor: Any, user: User, language: str) -> User:
    """Remember the language a user chose, so it follows them to any browser."""
    _require_self_or_admin(actor, user)
    language = _clean_language(language)
    if user.preferred_language != language:
        changes = {"preferred_language": [user.preferred_language, language]}
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        audit_record(actor=actor, action="user.set_language", obj=user, changes=changes)
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User) -> User:
    """Close an account (never deleted: the audit chain names it). Its tokens stop working."""
    _require_account_manager(actor)
    if not isinstance(actor, str) and actor.pk == user.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="user.deactivate", obj=user, changes={"is_active": [True, False]}
        )
    return user


# Fields an administrator edits on the account page besides roles and agency.
PROFILE_FIELDS = ["first_name", "last_name", "email", "phone"]


@transaction.atomic
def user_update_profile(
    *,
    actor: Any,
    user: User,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    """Pasal 27(2)b: correct a person's name and contact details. Administrators only."""
    _require_account_manager(actor)
    before = snapshot(user, PROFILE_FIELDS)
    # Validated on a copy so a refused change leaves the caller's object as it was.
    candidate = User.objects.get(pk=user.pk)
    candidate.first_name = (first_name or "").strip()
    candidate.last_name = (last_name or "").strip()
    candidate.email = User.objects.normalize_email((email or "").strip())
    candidate.phone = (phone or "").strip()
    try:
        candidate.full_clean(exclude=["password", "username"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(
            {key: sorted(set(value)) for key, value in exc.message_dict.items()}
        ) from None
    after = snapshot(candidate, PROFILE_FIELDS)
    changes = diff(before, after)
    if changes:
        for field in PROFILE_FIELDS:
            setattr(user, field, getattr(candidate, field))
        user.save(update_fields=PROFILE_FIELDS)
        audit_record(actor=actor, action="user.update_profile", obj=user, changes=changes)
    return user


@transaction.atomic
def user_update_account(
    *,
    actor: Any,
    user: User,
    roles: list[str],
    agency: Agency | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    """The administrators' account page: details, roles and agency saved together or not at
    all (a refused role change also undoes the details)."""
    user_update_profile(
        actor=actor, user=user, first_name=first_name, last_name=last_name, email=email, phone=phone
    )
    return user_update_roles(actor=actor, user=user, roles=roles, agency=agency)


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """An administrator sets a new password (a forgotten one, or a fresh start after an
    incident). Django's validators apply; the account's open sessions end, since the session
    hash changes. Only the fact is audited, never the password or its hash."""
    _require_account_manager(actor)
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor, action="user.set_password", obj=user, changes={"password_changed": True}
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user: User) -> User:
    """Open a closed account again. Administrators only."""
    _require_account_manager(actor)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="user.reactivate", obj=user, changes={"is_active": [False, True]}
        )
    return user


# --- Reads for the administrators' account page ---------------------------------------------


def user_admin_list(
    *,
    actor: Any,
    search: str = "",
    role: str = "",
    agency_id: int | None = None,
    active: bool | None = None,
) -> QuerySet[User]:
    """Accounts for the administrators' page, with `has_totp` (a confirmed TOTP device)."""
    _require_account_manager(actor)
    users = User.objects.select_related("agency").annotate(
        has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    for term in (search or "").split():
        users = users.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(email__icontains=term)
        )
    if role:
        # The quoted value matches one list element on every database (no role name is
        # another's substring once quoted); JSON `contains` is not available on SQLite.
        users = users.filter(roles__icontains=f'"{role}"')
    if agency_id is not None:
        users = users.filter(agency_id=agency_id)
    if active is not None:
        users = users.filter(is_active=active)
    return users.order_by("username", "pk")


@transaction.atomic
def user_login_record(*, user: User, two_factor: bool) -> None:
    """Pasal 27(2)b: a successful sign-in is part of the audit trail (failures: django-axes)."""
    audit_record(actor=user, action="login", obj=user, changes={"two_factor": two_factor})


@transaction.atomic
def user_logout_record(*, user: User) -> None:
    audit_record(actor=user, action="logout", obj=user, changes={})


# --- TOTP devices ---------------------------------------------------------------------------


def otp_confirmed_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def otp_device_create(*, actor: Any, user: User) -> TOTPDevice:
    """The user's pending (unconfirmed) TOTP device, created once; reloading reuses it."""
    _require_self_or_admin(actor, user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=OTP_DEVICE_NAME, confirmed=False)
        audit_record(
            actor=actor,
            action="otp_device.create",
            obj=device,
            changes={"user": user.get_username(), "confirmed": False},
        )
    return device


def otp_device_verify(*, device: TOTPDevice, token: str) -> bool:
    """Check a 6-digit code. django-otp throttles failures and refuses a code used before;
    its bookkeeping is committed even when the caller then refuses the sign-in."""
    token = (token or "").strip().replace(" ", "")
    if not (token.isdigit() and len(token) == device.digits):
        # A malformed code still counts as a failure: no free guesses.
        device.throttle_increment(commit=True)
        return False
    return bool(device.verify_token(token))


def otp_throttle_seconds(*, device: TOTPDevice) -> int:
    """Seconds to wait before another code may be tried (0 when allowed)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data:
        return 0
    locked_until = data.get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


def otp_device_confirm(*, actor: Any, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a pending device with a code from the app; it replaces any older device."""
    _require_self_or_admin(actor, device.user)
    if device.confirmed:
        raise ValidationError({"token": _("Perangkat ini sudah aktif.")})
    # Verified outside the transaction below, so a failure's throttle count is kept.
    if not otp_device_verify(device=device, token=token):
        raise ValidationError({"token": _("Kode verifikasi salah atau kedaluwarsa.")})
    with transaction.atomic():
        replaced = list(
            TOTPDevice.objects.filter(user=device.user)
            .exclude(pk=device.pk)
            .values_list("pk", flat=True)
        )
        TOTPDevice.objects.filter(pk__in=replaced).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=actor,
            action="otp_device.confirm",
            obj=device,
            changes={"confirmed": [False, True], "replaced_devices": replaced},
        )
    return device


@transaction.atomic
def otp_device_remove(*, actor: Any, device: TOTPDevice) -> None:
    """Remove a device. A role that requires 2FA will be asked to set up a new one."""
    _require_self_or_admin(actor, device.user)
    device_id, owner = device.pk, device.user
    audit_record(
        actor=actor,
        action="otp_device.remove",
        obj=device,
        changes={"user": owner.get_username(), "confirmed": device.confirmed},
    )
    TOTPDevice.objects.filter(pk=device_id).delete()
