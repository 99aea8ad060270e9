"""Writing the Daftar Data (Pasal 28): the yearly list of data each producer must deliver.

The walidata (Diskominfostandi) sets the list: it creates, edits and deletes every entry.
Producers (agency officers) read their own agency's entries and deliver files for them; they
do not edit the list (the obligation is the walidata's to set, not the producer's).
An entry with submissions cannot be deleted: its history would be lost.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency
from kotacerdas.opendata import permissions
from kotacerdas.opendata.models import DataListEntry, Frequency, Topic
from kotacerdas.opendata.schema import clean_table_schema

EDITABLE_FIELDS = (
    "agency",
    "year",
    "title",
    "description",
    "topic",
    "frequency",
    "due_days",
    "unit",
    "table_schema",
    "priority",
    "is_demo",
)
AUDITED = list(EDITABLE_FIELDS)
MIN_YEAR, MAX_YEAR = 2000, 2100


def _clean(data: dict[str, Any], *, entry: DataListEntry | None) -> dict[str, Any]:
    """Validated values of `data`; raises ValidationError (Indonesian, per field)."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    for key in unknown:
        errors[key] = [_("Kolom tidak dikenal.")]
    if "title" in data:
        data["title"] = str(data["title"] or "").strip()
        if not data["title"]:
            errors["title"] = [_("Nama data wajib diisi.")]
        elif len(data["title"]) > 300:
            errors["title"] = [_("Nama data maksimum 300 karakter.")]
    if "description" in data:
        data["description"] = str(data["description"] or "").strip()
    if "unit" in data:
        data["unit"] = str(data["unit"] or "").strip()[:80]
    if "agency" in data and not isinstance(data["agency"], Agency):
        errors["agency"] = [_("Pilih Perangkat Daerah produsen data.")]
    if "year" in data:
        try:
            data["year"] = int(data["year"])
        except (TypeError, ValueError):
            errors["year"] = [_("Tahun harus berupa angka.")]
        else:
            if not MIN_YEAR <= data["year"] <= MAX_YEAR:
                errors["year"] = [
                    _("Tahun harus antara %(min)s dan %(max)s.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR}
                ]
    if "frequency" in data and data["frequency"] not in Frequency.values:
        errors["frequency"] = [_("Frekuensi tidak dikenal.")]
    if "due_days" in data:
        try:
            data["due_days"] = int(data["due_days"])
        except (TypeError, ValueError):
            errors["due_days"] = [_("Batas hari harus berupa angka.")]
        else:
            if not 0 <= data["due_days"] <= 366:
                errors["due_days"] = [_("Batas hari harus antara 0 dan 366.")]
    if "topic" in data and data["topic"] is not None and not isinstance(data["topic"], Topic):
        errors["topic"] = [_("Topik tidak dikenal.")]
    if "priority" in data:
        data["priority"] = bool(data["priority"])
    if "is_demo" in data:
        data["is_demo"] = bool(data["is_demo"])
    if "table_schema" in data:
        # An entry may be listed before its schema is settled; uploads wait for the schema.
        try:
            data["table_schema"] = (
                clean_table_schema(data["table_schema"]) if data["table_schema"] else {}
            )
        except ValidationError as exc:
            errors["table_schema"] = exc.messages
    if not errors and {"agency", "year", "title"} & set(data):
        agency = data.get("agency", getattr(entry, "agency", None))
        year = data.get("year", getattr(entry, "year", None))
        title = data.get("title", getattr(entry, "title", ""))
        taken = DataListEntry.objects.filter(agency=agency, year=year, title=title)
        if entry is not None:
            taken = taken.exclude(pk=entry.pk)
        if taken.exists():
            errors["title"] = [
                _("Perangkat Daerah ini sudah memiliki data bernama sama untuk tahun %(year)s.")
                % {"year": year}
            ]
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def entry_create(*, actor, agency: Agency, year: int, title: str, **fields) -> DataListEntry:
    """Pasal 28: the walidata adds a line to a producer's Daftar Data of `year`."""
    permissions.require_walidata(actor)
    fields.setdefault("table_schema", {})
    data = _clean({"agency": agency, "year": year, "title": title, **fields}, entry=None)
    entry = DataListEntry.objects.create(
        created_by=actor if getattr(actor, "is_authenticated", False) else None, **data
    )
    audit_record(
        actor=actor,
        action="opendata.entry.create",
        obj=entry,
        changes=snapshot(entry, AUDITED),
    )
    return entry


@transaction.atomic
def entry_update(*, actor, entry: DataListEntry, **changes) -> DataListEntry:
    """The walidata changes an entry (schema, schedule, priority...)."""
    permissions.require_walidata(actor)
    entry = DataListEntry.objects.select_for_update().get(pk=entry.pk)
    data = _clean(dict(changes), entry=entry)
    before = snapshot(entry, AUDITED)
    for key, value in data.items():
        setattr(entry, key, value)
    entry.save()
    changed = diff(before, snapshot(entry, AUDITED))
    if changed:
        audit_record(actor=actor, action="opendata.entry.update", obj=entry, changes=changed)
    return entry


@transaction.atomic
def entry_delete(*, actor, entry: DataListEntry) -> None:
    """The walidata removes an entry that nobody has delivered anything for yet."""
    permissions.require_walidata(actor)
    entry = DataListEntry.objects.select_for_update().get(pk=entry.pk)
    count = entry.submissions.count()
    if count:
        raise ValidationError(
            _(
                "Entri ini tidak dapat dihapus karena sudah memiliki %(count)s kiriman data; "
                "riwayatnya harus tetap tersimpan."
            )
            % {"count": count}
        )
    audit_record(
        actor=actor,
        action="opendata.entry.delete",
        obj=entry,
        changes=snapshot(entry, AUDITED),
    )
    entry.delete()
