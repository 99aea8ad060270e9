"""CKAN's read actions (ckan/logic/action/get.py), callable with GET or POST."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from kotacerdas.opendata.ckan import params, queries
from kotacerdas.opendata.ckan.envelope import help_url
from kotacerdas.opendata.ckan.errors import NotFound, SearchQueryFailed, ValidationFailed
from kotacerdas.opendata.ckan.serializers import (
    group_dict,
    organization_dict,
    package_dict,
    package_dicts,
    resource_dict,
)
from kotacerdas.opendata.ckan.stored import encode_text, stored_packages
from kotacerdas.opendata.licenses import LICENSES
from kotacerdas.opendata.selectors.search import (
    ROWS_MAX,
    SearchQueryError,
    dataset_search,
    parse_fq,
)
from kotacerdas.opendata.selectors.search_cache import Encoded, cached_search

from . import ACTIONS, Context, action

CKAN_VERSION = "2.10.4"  # the API level this server answers like
FACET_LIMIT_DEFAULT = 50  # CKAN's search.facets.limit


@action(side_effect_free=True)
def status_show(ctx: Context, data: dict) -> dict:
    """Informasi situs dan versi API."""
    return {
        "site_title": "Portal Satu Data Kota Bekasi",
        "site_description": _("Data sektoral Perangkat Daerah Kota Bekasi."),
        "site_url": ctx.request.build_absolute_uri("/satudata/"),
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": ["datastore", "dcat"],
    }


@action(side_effect_free=True)
def help_show(ctx: Context, data: dict) -> str:
    """Dokumentasi sebuah aksi (`name`)."""
    name = params.required(data, "name")
    found = ACTIONS.get(name)
    if found is None:
        raise NotFound(_("Aksi “%(name)s” tidak dikenal.") % {"name": name})
    return (found.function.__doc__ or "").strip()


@action(side_effect_free=True)
def package_list(ctx: Context, data: dict) -> list[str]:
    """Nama semua dataset yang terbit (`limit`, `offset`)."""
    limit = params.natural(data, "limit", None)
    offset = params.natural(data, "offset", 0)
    return queries.public_names(limit=limit, offset=offset)


def _search_facets(result) -> dict[str, Any]:
    restructured: dict[str, Any] = {}
    for name, counts in result.facets.items():
        labels = result.facet_labels.get(name, {})
        restructured[name] = {
            "title": name,
            "items": [
                {"name": value, "display_name": labels.get(value, value), "count": count}
                for value, count in counts.items()
            ],
        }
    return restructured


@action(side_effect_free=True)
def package_search(ctx: Context, data: dict) -> dict | Encoded:
    """Cari dataset: `q`, `fq`, `rows` (maks. 1000), `start`, `sort`, `facet.field`,
    `facet.limit`, `include_private`."""
    rows = params.natural(data, "rows", 10)
    if rows > ROWS_MAX:  # refused, not silently capped: a pager would skip datasets
        raise ValidationFailed(
            {"rows": [_("Maksimum %(max)s baris per permintaan") % {"max": ROWS_MAX}]}
        )
    start = params.natural(data, "start", 0)
    facet_fields = params.string_list(data, "facet.field")
    facet_limit = params.integer(data, "facet.limit", FACET_LIMIT_DEFAULT)
    sort = params.text(data, "sort").strip()
    include_private = params.boolean(data, "include_private")
    parameters = {
        "q": params.text(data, "q").strip(),
        "fq": params.text(data, "fq").strip(),
        "sort": sort,
        "rows": rows,
        "start": start,
        "facet.field": list(facet_fields),
        "facet.limit": facet_limit,
    }

    # Anonymous callers see the public catalogue whatever include_private says; with a token
    # and include_private the answer depends on who asks: never cached.
    public = not (include_private and getattr(ctx.user, "is_authenticated", False))

    def compute() -> bytes:
        return _package_search(ctx, parameters, include_private=include_private, public=public)

    if not public:
        return Encoded(compute())
    # Public: the whole response body, encoded once and kept (the view sends it as it is).
    return cached_search(ctx.request, parameters, compute)


def _package_search(
    ctx: Context, parameters: dict, *, include_private: bool, public: bool
) -> bytes:
    """The whole response body: the envelope around the page's stored packages (see
    ckan/stored.py), joined as text; packages not stored are built live."""
    try:
        result = dataset_search(
            user=ctx.user,
            q=parameters["q"],
            filters=parse_fq(parameters["fq"]),
            sort=parameters["sort"],
            rows=parameters["rows"],
            start=parameters["start"],
            facet_fields=tuple(parameters["facet.field"]),
            include_private=include_private,
            facet_limit=parameters["facet.limit"],
            share_facts=public,
            stored=True,
        )
    except SearchQueryError as exc:
        raise SearchQueryFailed(exc.message) from None
    packages = stored_packages(
        ctx.request,
        result.results,
        agencies=result.agencies,
        topics=result.topic_rows,
        memos=result.package_memos,
    )
    return (
        f'{{"help":{encode_text(help_url(ctx.request, "package_search"))},"success":true,'
        f'"result":{{"count":{int(result.count)},"facets":{encode_text(result.facets)},'
        f'"results":[{",".join(packages)}],"sort":{encode_text(result.sort)},'
        f'"search_facets":{encode_text(_search_facets(result))}}}}}'
    ).encode()


@action(side_effect_free=True)
def package_show(ctx: Context, data: dict) -> dict:
    """Satu dataset menurut `id` (UUID) atau nama."""
    key = params.required(data, "id")
    dataset = queries.dataset_by_id_or_name(ctx.user, key)
    if dataset is None:
        raise NotFound(_("Dataset tidak ditemukan"))
    return package_dict(dataset, request=ctx.request)


def _sorted_groups(items: list[dict], sort: str, *, field_name: str) -> list[dict]:
    bits = (sort or "title asc").split()
    key = bits[0]
    if key == "packages":
        key = "package_count"
    descending = len(bits) > 1 and bits[1].lower() == "desc"
    if key not in ("name", "title", "package_count") or (
        len(bits) > 1 and bits[1].lower() not in ("asc", "desc")
    ):
        raise ValidationFailed({"sort": [_("Urutan tidak dikenal: %(sort)s") % {"sort": sort}]})
    if key == "title":
        return sorted(items, key=lambda item: item["title"].lower(), reverse=descending)
    return sorted(items, key=lambda item: item[key], reverse=descending)


def _page(items: list, data: dict) -> list:
    limit = params.natural(data, "limit", None)
    offset = params.natural(data, "offset", 0)
    return items[offset : offset + limit] if limit is not None else items[offset:]


@action(side_effect_free=True)
def organization_list(ctx: Context, data: dict) -> list:
    """Produsen data (Perangkat Daerah): `all_fields`, `limit`, `offset`, `sort`."""
    counts = queries.public_counts_by_agency()
    items = [
        organization_dict(agency, package_count=counts.get(agency.pk, 0), request=ctx.request)
        for agency in queries.agencies()
    ]
    items = _page(_sorted_groups(items, params.text(data, "sort"), field_name="name"), data)
    if params.boolean(data, "all_fields"):
        return items
    return [item["name"] for item in items]


def _datasets_of(ctx: Context, **filters) -> list[dict]:
    result = dataset_search(filters=filters, rows=ROWS_MAX, sort="name asc", with_resources=True)
    return package_dicts(result.results, request=ctx.request)


@action(side_effect_free=True)
def organization_show(ctx: Context, data: dict) -> dict:
    """Satu produsen data menurut `id` atau nama; `include_datasets`."""
    agency = queries.agency_by_id_or_name(params.required(data, "id"))
    if agency is None:
        raise NotFound(_("Organisasi tidak ditemukan"))
    counts = queries.public_counts_by_agency()
    result = organization_dict(agency, package_count=counts.get(agency.pk, 0), request=ctx.request)
    if params.boolean(data, "include_datasets"):
        result["packages"] = _datasets_of(ctx, organization=[result["name"]])
    return result


@action(side_effect_free=True)
def group_list(ctx: Context, data: dict) -> list:
    """Topik (grup CKAN): `all_fields`, `limit`, `offset`, `sort`."""
    counts = queries.public_counts_by_topic()
    items = [group_dict(topic, package_count=counts.get(topic.pk, 0)) for topic in queries.topics()]
    items = _page(_sorted_groups(items, params.text(data, "sort"), field_name="name"), data)
    if params.boolean(data, "all_fields"):
        return items
    return [item["name"] for item in items]


@action(side_effect_free=True)
def group_show(ctx: Context, data: dict) -> dict:
    """Satu topik menurut `id` atau nama; `include_datasets`."""
    topic = queries.topic_by_id_or_name(params.required(data, "id"))
    if topic is None:
        raise NotFound(_("Grup tidak ditemukan"))
    counts = queries.public_counts_by_topic()
    result = group_dict(topic, package_count=counts.get(topic.pk, 0))
    if params.boolean(data, "include_datasets"):
        result["packages"] = _datasets_of(ctx, groups=[topic.name])
    return result


@action(side_effect_free=True)
def tag_list(ctx: Context, data: dict) -> list:
    """Kata kunci dataset yang terbit (`query` menyaring)."""
    names = queries.public_tag_names(params.text(data, "query").strip())
    if params.boolean(data, "all_fields"):
        return [{"name": name, "display_name": name, "vocabulary_id": None} for name in names]
    return names


@action(side_effect_free=True)
def license_list(ctx: Context, data: dict) -> list[dict]:
    """Lisensi yang boleh dipakai dataset."""
    return [
        {
            "id": item.id,
            "title": item.title,
            "url": item.url,
            "od_conformance": item.od_conformance,
            "osd_conformance": item.osd_conformance,
            "status": "active",
            "maintainer": "",
            "family": "",
            "domain_content": False,
            "domain_data": True,
            "domain_software": False,
            "is_generic": item.id.startswith("other-"),
            "is_okd_compliant": item.od_conformance == "approved",
            "is_osi_compliant": False,
        }
        for item in LICENSES
    ]


@action(side_effect_free=True)
def resource_show(ctx: Context, data: dict) -> dict:
    """Satu sumber daya menurut `id`."""
    resource = queries.resource_for(ctx.user, params.required(data, "id"))
    if resource is None:
        raise NotFound(_("Sumber daya tidak ditemukan"))
    return resource_dict(resource, request=ctx.request)


@action(side_effect_free=True)
def datastore_search(ctx: Context, data: dict) -> dict:
    """Cari baris tabel datastore: `resource_id`, `filters`, `q`, `sort`, `fields`, `limit`,
    `offset`, `include_total`."""
    from kotacerdas.opendata.datastore import DatastoreQueryError
    from kotacerdas.opendata.datastore import datastore_search as search_rows

    resource_id = params.required(data, "resource_id")
    resource = queries.resource_for(ctx.user, resource_id)
    if resource is None or not resource.datastore_active:
        raise NotFound(_('Resource "%(id)s" was not found.') % {"id": resource_id})
    fields = data.get("fields")
    if isinstance(fields, str):
        fields = [name.strip() for name in fields.split(",") if name.strip()]
    q = data.get("q")
    if q is not None and not isinstance(q, str | dict):
        raise ValidationFailed({"q": [_("Harus berupa teks atau objek JSON")]})
    try:
        return search_rows(
            resource=resource,
            filters=params.json_dict(data, "filters"),
            q=q or None,
            sort=params.text(data, "sort") or None,
            fields=fields or None,
            limit=params.natural(data, "limit", 100, maximum=32000),
            offset=params.natural(data, "offset", 0),
            include_total=params.boolean(data, "include_total", True),
        )
    except DatastoreQueryError as exc:
        raise ValidationFailed({getattr(exc, "field", None) or "query": [str(exc)]}) from None
