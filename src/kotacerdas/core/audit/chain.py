"""Recording events in the audit chain.

Every service that writes calls `audit_record` inside its own transaction. The sequence
number is assigned while holding a row lock on `AuditChainHead` (SELECT ... FOR UPDATE on
PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE), so concurrent writers queue
up and the chain never forks.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import math
import uuid
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from kotacerdas.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "system"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, FieldFile):  # `.url` of an empty file raises, so never touch it
        return value.name or ""
    return str(value)


# Python writes floats from 1e16 up in exponent form; PostgreSQL's jsonb keeps them as
# numerics and hands them back as integers, which would change the event's hash.
_FLOAT_WRITTEN_AS_EXPONENT = 1e16


def _storable(value: Any) -> Any:
    """The value exactly as every database hands it back from a JSON column."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)  # jsonb rejects NaN and Infinity
        if abs(value) >= _FLOAT_WRITTEN_AS_EXPONENT:
            return int(value)
        return value + 0.0  # -0.0 comes back from jsonb as 0.0
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")  # jsonb rejects U+0000
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    return value


def to_jsonable(value: Any) -> Any:
    """What the value looks like once stored in the JSON `changes` column."""
    return _storable(json.loads(json.dumps(value, default=_json_default, ensure_ascii=False)))


def canonical_bytes(
    *,
    seq: int,
    occurred_at: dt.datetime,
    actor_id: int | None,
    actor_repr: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    changes: dict,
    prev_hash: str,
) -> bytes:
    payload = {
        "seq": seq,
        "occurred_at": occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_repr": actor_repr,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "changes": changes,
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(
        canonical_bytes(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_repr=event.actor_repr,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            object_repr=event.object_repr,
            changes=event.changes,
            prev_hash=event.prev_hash,
        )
    ).hexdigest()


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` (foreign keys as ids), JSON-ready."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "secret_hash"}:
            continue  # never copy secrets into the audit trail
        values[field.name] = to_jsonable(getattr(obj, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            changed[key] = [before.get(key), after.get(key)]
    return changed


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, SYSTEM_ACTOR
    if isinstance(actor, str):
        return None, actor[:200]
    if getattr(actor, "is_authenticated", False):
        return actor.pk, actor.get_username()[:200]
    return None, "anonymous"


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    `action` is "create", "update", "delete" or a domain verb ("login", "token.revoke"...).
    `changes` is {field: [before, after]} for updates, the field values for create/delete.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = obj.pk if object_id is None else object_id
        object_repr = str(obj) if object_repr is None else object_repr
    actor_id, actor_repr = _actor_fields(actor)
    stored_changes = to_jsonable(changes or {})
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(
            id=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        head = AuditChainHead.objects.select_for_update().get(id=1)
        event = AuditEvent(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor_id=actor_id,
            actor_repr=actor_repr,
            action=action[:60],
            object_type=(object_type or "")[:100],
            object_id="" if object_id is None else str(object_id)[:100],
            object_repr=(object_repr or "")[:300],
            changes=stored_changes,
            prev_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save()
        head.seq = event.seq
        head.hash = event.hash
        head.save(update_fields=["seq", "hash"])
    _schedule_checkpoint_if_due(event.seq)
    return event


def _schedule_checkpoint_if_due(seq: int) -> None:
    from django.conf import settings

    every = settings.AUDIT_CHECKPOINT_EVERY
    if every and seq % every == 0:
        from kotacerdas.core.tasks import audit_checkpoint_task

        transaction.on_commit(lambda: audit_checkpoint_task.enqueue())
