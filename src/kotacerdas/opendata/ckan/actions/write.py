"""CKAN's write actions a producer needs (POST only, an API token required). They call the
dataset and submission services, so the same permissions, validation and audit apply: a
producer writes only its own agency's drafts, and a file goes through validation and the
walidata before anyone else sees it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kotacerdas.opendata.ckan import params, queries
from kotacerdas.opendata.ckan.errors import NotAuthorized, NotFound, ValidationFailed
from kotacerdas.opendata.ckan.serializers import package_dict, resource_dict
from kotacerdas.opendata.services import datasets as services

from . import Context, action

# Satu Data metadata that arrives as CKAN extras.
EXTRA_FIELDS = (
    "frequency",
    "period_start",
    "period_end",
    "unit",
    "reference_codes",
    "region_level",
    "region_field",
    "contact_name",
    "contact_email",
)
# Service field -> the CKAN field an error is reported under.
CKAN_FIELD = {"contact_name": "maintainer", "contact_email": "maintainer_email"}


def _require_user(ctx: Context) -> Any:
    if not getattr(ctx.user, "is_authenticated", False):
        raise NotAuthorized(_("Token API diperlukan untuk mengubah data."))
    return ctx.user


def _errors(exc: ValidationError) -> ValidationFailed:
    if hasattr(exc, "error_dict"):
        return ValidationFailed(
            {CKAN_FIELD.get(key, key): list(values) for key, values in exc.message_dict.items()}
        )
    return ValidationFailed({"message": list(exc.messages)})


def _call(function, **kwargs):
    try:
        return function(**kwargs)
    except PermissionDenied as exc:
        raise NotAuthorized(str(exc)) from None
    except ValidationError as exc:
        raise _errors(exc) from None


def _names(value: Any, name: str) -> list:
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise ValidationFailed({name: [_("Harus berupa daftar")]})
    return value


def _changes(data: dict, *, full: bool) -> dict[str, Any]:
    """Service keyword arguments from a CKAN package dict (full: absent lists are cleared)."""
    changes: dict[str, Any] = {}
    simple = {"name": "name", "title": "title", "notes": "notes", "version": "version"}
    simple |= {"license_id": "license_id", "maintainer": "contact_name"}
    simple |= {"maintainer_email": "contact_email"}
    for ckan_name, field in simple.items():
        if ckan_name in data:
            changes[field] = data[ckan_name] if data[ckan_name] is not None else ""
        elif full and field in ("notes", "version", "contact_name", "contact_email"):
            changes[field] = ""
    if "tags" in data or full:
        changes["tags"] = _names(data.get("tags"), "tags")
    if "groups" in data or full:
        changes["topics"] = _names(data.get("groups"), "groups")
    extras = _names(data.get("extras"), "extras")
    for item in extras:
        if not isinstance(item, dict) or "key" not in item:
            raise ValidationFailed({"extras": [_("Setiap extra harus berisi key dan value")]})
        if item["key"] in EXTRA_FIELDS:  # derived extras (quality, freshness) are ignored
            changes[item["key"]] = item.get("value")
    if data.get("owner_org"):
        agency = queries.agency_by_id_or_name(str(data["owner_org"]))
        if agency is None:
            raise ValidationFailed({"owner_org": [_("Organisasi tidak ditemukan")]})
        changes["organization"] = agency
    return changes


def _dataset(ctx: Context, data: dict, key: str = "id"):
    dataset = queries.dataset_for_write(params.required(data, key))
    if dataset is None:  # an existing one of another agency: the service answers 403
        raise NotFound(_("Dataset tidak ditemukan"))
    return dataset


def _shown(ctx: Context, dataset) -> dict:
    shown = queries.dataset_by_id_or_name(ctx.user, str(dataset.uuid))
    return package_dict(shown, request=ctx.request)


@action(side_effect_free=False)
def package_create(ctx: Context, data: dict) -> dict:
    """Buat dataset (draf) milik `owner_org`: `name`, `title`, `notes`, `tags`, `groups`,
    `license_id`, `extras`, ..."""
    user = _require_user(ctx)
    errors: dict[str, list[str]] = {}
    for name in ("name", "owner_org"):
        if not params.text(data, name).strip():
            errors[name] = [_("Nilai wajib diisi")]
    if errors:
        raise ValidationFailed(errors)
    changes = _changes(data, full=False)
    organization = changes.pop("organization")
    name = changes.pop("name")
    title = changes.pop("title", "") or name
    dataset = _call(
        services.dataset_create,
        actor=user,
        organization=organization,
        name=name,
        title=title,
        **changes,
    )
    return _shown(ctx, dataset)


@action(side_effect_free=False)
def package_update(ctx: Context, data: dict) -> dict:
    """Perbarui seluruh metadata dataset `id` (kolom yang tidak dikirim dikosongkan)."""
    user = _require_user(ctx)
    dataset = _dataset(ctx, data)
    changes = _changes(data, full=True)
    changes.setdefault("title", dataset.title)
    dataset = _call(services.dataset_update, actor=user, dataset=dataset, **changes)
    return _shown(ctx, dataset)


@action(side_effect_free=False)
def package_patch(ctx: Context, data: dict) -> dict:
    """Ubah sebagian metadata dataset `id` (hanya kolom yang dikirim)."""
    user = _require_user(ctx)
    dataset = _dataset(ctx, data)
    dataset = _call(
        services.dataset_update, actor=user, dataset=dataset, **_changes(data, full=False)
    )
    return _shown(ctx, dataset)


@action(side_effect_free=False)
def package_delete(ctx: Context, data: dict) -> None:
    """Hapus dataset `id` (status `deleted`; riwayat tetap disimpan)."""
    user = _require_user(ctx)
    _call(services.dataset_delete, actor=user, dataset=_dataset(ctx, data))
    return None


@action(side_effect_free=False)
def resource_create(ctx: Context, data: dict) -> dict:
    """Tambah sumber daya ke dataset `package_id`: berkas `upload` (CSV/XLSX, divalidasi lalu
    menunggu walidata) atau tautan `url`."""
    user = _require_user(ctx)
    dataset = _dataset(ctx, data, key="package_id")
    upload = data.get("upload")
    if upload is not None and hasattr(upload, "read"):
        from kotacerdas.opendata.services.submissions import submission_create

        submission = _call(
            submission_create,
            actor=user,
            upload=upload,
            dataset=dataset,
            notes=params.text(data, "description"),
        )
        result = resource_dict(submission.resource, request=ctx.request, dataset=dataset)
        result["submission_status"] = submission.status
        return result
    if not params.text(data, "url").strip():
        raise ValidationFailed({"url": [_("Kirim berkas `upload` atau tautan `url`.")]})
    resource = _call(
        services.resource_link_create,
        actor=user,
        dataset=dataset,
        name=params.text(data, "name"),
        url=params.text(data, "url"),
        format=params.text(data, "format"),
        description=params.text(data, "description"),
    )
    return resource_dict(resource, request=ctx.request, dataset=dataset)
