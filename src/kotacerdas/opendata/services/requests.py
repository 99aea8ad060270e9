"""Public data requests (Pasal 28: data accessible to the public; issue #6 item 6): anyone asks
for data the portal lacks; the walidata triages it to a producer, then fulfils it with a
published dataset or declines it with a reason. new -> triaged -> fulfilled | declined."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import Agency, Role, User
from kotacerdas.core.services.notifications import notify
from kotacerdas.opendata import permissions
from kotacerdas.opendata.models import DataRequest, DataRequestStatus, Dataset

# The audit actor of a request sent by someone not signed in.
PUBLIC_ACTOR = "public"

LIMITS = {
    "title": 300,
    "description": 4000,
    "requester_name": 200,
    "requester_organisation": 200,
    "requester_email": 254,
}


def _audit_actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else PUBLIC_ACTOR


def _users_with_role(role: str, **filters) -> list[User]:
    users = User.objects.filter(is_active=True, roles__icontains=f'"{role}"', **filters)
    return [user for user in users if user.has_role(role)]


def _clean_text(value: Any) -> str:
    return str(value or "").strip()


def _check_request_fields(fields: dict[str, str]) -> None:
    errors: dict[str, list[str]] = {}
    required = {
        "title": _("Sebutkan data yang diminta."),
        "description": _("Jelaskan data yang diminta dan kegunaannya."),
        "requester_name": _("Nama wajib diisi."),
        "requester_email": _("Surel wajib diisi agar kami dapat mengabari Anda."),
    }
    for name, message in required.items():
        if not fields[name]:
            errors[name] = [message]
    for name, limit in LIMITS.items():
        if len(fields[name]) > limit and name not in errors:
            errors[name] = [_("Paling banyak %(limit)s karakter.") % {"limit": limit}]
    if fields["requester_email"] and "requester_email" not in errors:
        try:
            validate_email(fields["requester_email"])
        except ValidationError:
            errors["requester_email"] = [_("Alamat surel tidak valid.")]
    if errors:
        raise ValidationError(errors)


def _check_agency(agency: Agency | None, field: str) -> None:
    if agency is not None and not agency.is_active:
        raise ValidationError({field: _("Perangkat Daerah ini sudah tidak aktif.")})


@transaction.atomic
def data_request_create(
    *,
    actor: Any,
    title: str,
    description: str,
    requester_name: str,
    requester_email: str,
    requester_organisation: str = "",
    agency: Agency | None = None,
) -> DataRequest:
    """Anyone (signed in or not) asks for data; the walidata is notified."""
    fields = {
        "title": _clean_text(title),
        "description": _clean_text(description),
        "requester_name": _clean_text(requester_name),
        "requester_email": _clean_text(requester_email).lower(),
        "requester_organisation": _clean_text(requester_organisation),
    }
    _check_request_fields(fields)
    _check_agency(agency, "agency")
    data_request = DataRequest.objects.create(**fields, agency=agency)
    audit_record(
        actor=_audit_actor(actor),
        action="opendata.data_request.create",
        obj=data_request,
        changes={"title": data_request.title, "agency": agency.pk if agency else None},
    )
    notify(
        users=_users_with_role(Role.WALIDATA),
        event_key=f"opendata.data_request.{data_request.pk}.new",
        title=_("Permintaan data baru: %(title)s") % {"title": data_request.title},
        body=_("Telaah permintaan ini dan teruskan ke produsen data yang tepat."),
        url=data_request.get_absolute_url(),
    )
    return data_request


OPEN = (DataRequestStatus.NEW, DataRequestStatus.TRIAGED)


def _open_for(actor: Any, data_request: DataRequest, verb: str) -> DataRequest:
    """The walidata only, and only on an open request (locked for the change)."""
    permissions.require_walidata(actor)
    data_request = DataRequest.objects.select_for_update().get(pk=data_request.pk)
    if data_request.status not in OPEN:
        raise ValidationError(
            _("Permintaan berstatus %(status)s tidak dapat %(verb)s.")
            % {"status": data_request.get_status_display(), "verb": verb}
        )
    return data_request


def _checked_text(value: Any, field: str, *, required_message: str = "") -> str:
    text = _clean_text(value)
    if required_message and not text:
        raise ValidationError({field: required_message})
    if len(text) > LIMITS["description"]:
        raise ValidationError(
            {field: _("Paling banyak %(limit)s karakter.") % {"limit": LIMITS["description"]}}
        )
    return text


def _transition(data_request: DataRequest, *, actor: Any, verb: str, **fields) -> DataRequest:
    """Set the fields, save them and audit the change (in the caller's transaction)."""
    fields["handled_by"] = actor
    for name, value in fields.items():
        setattr(data_request, name, value)
    data_request.save(update_fields=list(fields))
    changes = {
        name: getattr(value, "pk", value) for name, value in fields.items() if name != "handled_by"
    }
    audit_record(
        actor=actor, action=f"opendata.data_request.{verb}", obj=data_request, changes=changes
    )
    return data_request


@transaction.atomic
def data_request_triage(
    *, actor: Any, data_request: DataRequest, agency: Agency, notes: str = ""
) -> DataRequest:
    """The walidata names the producer that should provide the data; its officers are told."""
    data_request = _open_for(actor, data_request, _("ditelaah"))
    if agency is None:
        raise ValidationError({"agency": _("Pilih Perangkat Daerah produsen data yang dituju.")})
    _check_agency(agency, "agency")
    notes = _checked_text(notes, "notes")
    _transition(
        data_request,
        actor=actor,
        verb="triage",
        status=DataRequestStatus.TRIAGED,
        agency=agency,
        triage_notes=notes,
        triaged_at=timezone.now(),
    )
    notify(
        users=_users_with_role(Role.AGENCY_OFFICER, agency=agency),
        event_key=f"opendata.data_request.{data_request.pk}.triaged.{agency.pk}",
        title=_("Permintaan data untuk Perangkat Daerah Anda: %(title)s")
        % {"title": data_request.title},
        body=notes,
        url=data_request.get_absolute_url(),
    )
    return data_request


@transaction.atomic
def data_request_fulfil(
    *, actor: Any, data_request: DataRequest, dataset: Dataset, notes: str = ""
) -> DataRequest:
    """The request is met by a published public dataset."""
    data_request = _open_for(actor, data_request, _("dipenuhi"))
    if dataset is None or not dataset.is_public:
        raise ValidationError(
            {"dataset": _("Pilih dataset yang sudah terbit dan terbuka untuk publik.")}
        )
    notes = _checked_text(notes, "notes") or data_request.triage_notes
    return _transition(
        data_request,
        actor=actor,
        verb="fulfil",
        status=DataRequestStatus.FULFILLED,
        fulfilled_dataset=dataset,
        triage_notes=notes,
        closed_at=timezone.now(),
    )


@transaction.atomic
def data_request_decline(*, actor: Any, data_request: DataRequest, reason: str) -> DataRequest:
    """The request cannot be met; the public sees the reason."""
    data_request = _open_for(actor, data_request, _("ditolak"))
    reason = _checked_text(reason, "reason", required_message=_("Alasan penolakan wajib diisi."))
    return _transition(
        data_request,
        actor=actor,
        verb="decline",
        status=DataRequestStatus.DECLINED,
        decline_reason=reason,
        closed_at=timezone.now(),
    )
