"""API tokens: `kc_<prefix>_<secret>`; only SHA-256 of the secret is stored (Foundation item 5)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import ApiToken, User
from kotacerdas.core.permissions import is_admin

TOKEN_PREFIX = "kc"
NAME_MAX_LENGTH = 100
# Non-user actors: the `kotacerdas token` command and the demo seed.
SYSTEM_ACTORS = frozenset({"cli", "demo"})


def _may_act_for(actor, owner_id: int) -> bool:
    if isinstance(actor, str):
        return actor in SYSTEM_ACTORS
    return actor is not None and (getattr(actor, "pk", None) == owner_id or is_admin(actor))


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the raw token, shown only once."""
    if not _may_act_for(actor, user.pk):
        raise PermissionDenied(_("Anda hanya boleh membuat token untuk akun Anda sendiri."))
    name = (name or "").strip() or _("Token API")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Nama token paling panjang %(max)d karakter.") % {"max": NAME_MAX_LENGTH}}
        )
    if not user.is_active:
        raise ValidationError(_("Akun tidak aktif tidak boleh memiliki token."))
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, secret_hash=_hash(secret))
    audit_record(
        actor=actor,
        action="token.create",
        obj=token,
        changes={"user": user.get_username(), "name": name, "prefix": prefix},
    )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Owners revoke their own tokens; administrators anyone's."""
    if not _may_act_for(actor, token.user_id):
        raise PermissionDenied(_("Anda hanya boleh mencabut token milik Anda sendiri."))
    # Locked, so two revocations at once record one event.
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="token.revoke",
            obj=token,
            changes={"revoked_at": [None, token.revoked_at]},
        )
    return token


def token_authenticate(*, raw: str) -> User | None:
    """The active user owning this raw token, or None (wrong format, unknown, revoked)."""
    parts = (raw or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) > 16:
        return None
    prefix, secret = parts[1], parts[2]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Not audited: a read-side bookkeeping field, throttled to one write a minute.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
