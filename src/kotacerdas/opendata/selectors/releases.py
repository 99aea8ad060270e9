"""Reading releases: the list of a dataset's versions and the diff between two of them
(issue #6 item 4: published releases are versioned, with a diff between versions)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kotacerdas.opendata.models import Release, Resource

# Metadata keys compared between releases (the frozen snapshot; resources compared apart).
IGNORED_KEYS = frozenset({"resources", "version"})


def release_list(*, dataset) -> QuerySet:
    return dataset.releases.select_related("published_by", "submission").order_by("-version")


def _resource_origin(resource: Resource) -> tuple[int | None, str]:
    """(entry id, period label) of the submission that brought the resource in."""
    submission = next(iter(resource.submissions.all()), None)
    if submission is None:
        return None, ""
    return submission.entry_id, submission.period_label


def _pairs(old_resources: list[Resource], new_resources: list[Resource]) -> list[tuple]:
    """(old, new) resource pairs to compare: same name first (a corrected file of the same
    period), else the same entry's latest older period (period-to-period change)."""
    pairs = []
    old_ids = {r.pk for r in old_resources}
    by_name = {r.name: r for r in old_resources}
    for new in new_resources:
        if new.pk in old_ids:
            continue  # unchanged resource, carried over
        old = by_name.get(new.name)
        if old is None:
            entry_id, _label = _resource_origin(new)
            same_entry = [
                r
                for r in old_resources
                if entry_id is not None and _resource_origin(r)[0] == entry_id
            ]
            new_ids = {r.pk for r in new_resources}
            same_entry = [r for r in same_entry if r.pk not in new_ids] or same_entry
            old = max(same_entry, key=lambda r: _resource_origin(r)[1], default=None)
        pairs.append((old, new))
    return pairs


def _resources(release: Release) -> list[Resource]:
    return list(release.resources.prefetch_related("submissions").order_by("position", "id"))


def _summary(resource: Resource | None) -> dict[str, Any] | None:
    if resource is None:
        return None
    return {"id": str(resource.uuid), "name": resource.name, "row_count": resource.row_count}


def _primary_key(resource: Resource) -> list[str]:
    key = (resource.table_schema or {}).get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def _data_diff(old: Resource, new: Resource) -> dict:
    """The engine's datastore diff, by the schema's primary key when both versions share it
    (changed rows), else row by row (a changed row is one removed and one added)."""
    from kotacerdas.opendata.datastore import DatastoreQueryError, datastore_diff

    key = _primary_key(new)
    if key and key == _primary_key(old):
        try:
            return datastore_diff(old=old, new=new, key=key)
        except DatastoreQueryError:
            pass
    return datastore_diff(old=old, new=new)


def release_diff(*, old: Release, new: Release) -> dict[str, Any]:
    """What changed from `old` to `new`: metadata fields ({field: [before, after]}),
    resources added and removed, and for each new resource the engine's datastore diff
    against its counterpart (see _pairs)."""
    before, after = old.metadata or {}, new.metadata or {}
    metadata = {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if key not in IGNORED_KEYS and before.get(key) != after.get(key)
    }
    old_resources, new_resources = _resources(old), _resources(new)
    old_ids, new_ids = {r.pk for r in old_resources}, {r.pk for r in new_resources}
    data = []
    for old_resource, new_resource in _pairs(old_resources, new_resources):
        entry = {"old": _summary(old_resource), "new": _summary(new_resource), "diff": None}
        if (
            old_resource is not None
            and old_resource.datastore_active
            and new_resource.datastore_active
        ):
            entry["diff"] = _data_diff(old_resource, new_resource)
        data.append(entry)
    return {
        "old_version": old.version,
        "new_version": new.version,
        "metadata": metadata,
        "resources_added": [_summary(r) for r in new_resources if r.pk not in old_ids],
        "resources_removed": [_summary(r) for r in old_resources if r.pk not in new_ids],
        "data": data,
    }
