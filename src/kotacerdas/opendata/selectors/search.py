"""Dataset search (the portal's search page and CKAN `package_search`).

`q` is a list of words, all of which must occur (prefix match on PostgreSQL's full-text
vector, `icontains` on SQLite), plus CKAN's Solr-style `field:value` terms; `filters` come
from `parse_fq` (CKAN `fq`) or the portal's facet links. Facet counts are computed over the
whole match with one grouped query per facet. The public sees only published datasets;
with `include_private` the walidata sees every dataset, a producer also its own agency's
drafts and private ones. Deleted datasets are never found.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear, Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core.models import Agency
from kotacerdas.opendata import permissions
from kotacerdas.opendata.licenses import license_title
from kotacerdas.opendata.models import Dataset, DatasetState, Release, Resource, Topic
from kotacerdas.opendata.selectors import search_index

ROWS_MAX = 1000
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id", "year")
FACET_TITLES = {
    "organization": gettext_lazy("Produsen data"),
    "groups": gettext_lazy("Topik"),
    "tags": gettext_lazy("Kata kunci"),
    "res_format": gettext_lazy("Format"),
    "license_id": gettext_lazy("Lisensi"),
    "year": gettext_lazy("Tahun"),
}
# Fields a `field:value` term (in `q` or `fq`) may name.
FILTER_FIELDS = frozenset(
    {
        "organization",
        "owner_org",
        "groups",
        "tags",
        "res_format",
        "license_id",
        "name",
        "title",
        "id",
        "year",
        "metadata_modified",
        "metadata_created",
        "dataset_type",
        "type",
        "capacity",
        "state",
    }
)
RANGE_FIELDS = frozenset({"metadata_modified", "metadata_created", "year"})
SORT_FIELDS = {
    "score": None,  # the full-text rank (PostgreSQL), nothing on SQLite
    "metadata_modified": "metadata_modified",
    "metadata_created": "created_at",
    "title_string": "title_lower",
    "title": "title_lower",
    "name": "name",
    "num_resources": "num_resources",
    "id": "pk",
}
DEFAULT_SORT = "score desc, metadata_modified desc"
AGENCY_NAMESPACE = uuid.UUID("2f1c3a52-8d0e-5b7a-9c61-6b1e0d2a4c11")
WORD_RE = re.compile(r"\w+", re.UNICODE)


class SearchQueryError(ValueError):
    """A malformed `q`, `fq` or `sort` (CKAN's "Search Query Error")."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Range:
    """A Solr range `[start TO end]`; `None` is an open end (`*`)."""

    start: Any
    end: Any


@dataclass
class SearchResult:
    count: int
    results: list[Dataset]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facet_titles: dict[str, str] = field(default_factory=dict)
    # Display names of facet values: organization and topic titles, licence titles.
    facet_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    agencies: list[Agency] = field(default_factory=list)
    # Every topic's name, title and description, when the index answered (else None).
    topic_rows: list[dict] | None = None
    # The index's filled packages (ckan/stored.py `stored_packages`), when it answered.
    package_memos: dict | None = None


# The columns of a page row on the stored path (`dataset_search(..., stored=True)`): what the
# stored package (ckan/stored.py) needs besides its text to be filled in.
PAGE_COLUMNS = (
    "pk",
    "organization_id",
    "frequency",
    "released_at",
    "metadata_modified",
    "package__body",
    "package__stamp",
)


class PageRow(NamedTuple):
    pk: int
    organization_id: int
    frequency: str
    released_at: dt.datetime | None
    metadata_modified: dt.datetime
    body: str | None
    stamp: dt.datetime | None


# --- organizations as CKAN sees them


def organization_slug(agency: Agency) -> str:
    """The CKAN organization `name` of an agency: its code, slugged (stable over renames)."""
    return slugify(agency.code) or f"opd-{agency.pk}"


def organization_uuid(agency: Agency) -> str:
    """The CKAN organization `id`: a UUID derived from the code (stable, never stored)."""
    return str(uuid.uuid5(AGENCY_NAMESPACE, agency.code))


def _agencies() -> list[Agency]:
    """Every agency, kept per catalogue version like a cached answer (a rename shows after
    search_cache.TIMEOUT seconds, as in cached answers)."""
    from kotacerdas.opendata.selectors.search_cache import cached

    return cached(["agencies"], lambda: list(Agency.objects.all()), local=True)


# --- parsing CKAN's Solr syntax


def _tokens(text: str, *, what: str) -> list[str]:
    """Split on whitespace outside quotes and brackets; unbalanced input is an error."""
    tokens: list[str] = []
    current: list[str] = []
    quote = False
    bracket = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char == '"':
            quote = not quote
        elif not quote and char in "[{":
            bracket += 1
        elif not quote and char in "]}":
            bracket -= 1
            if bracket < 0:
                raise SearchQueryError(
                    _("%(what)s tidak valid: kurung tutup tanpa kurung buka.") % {"what": what}
                )
        if char.isspace() and not quote and not bracket:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(char)
        i += 1
    if quote:
        raise SearchQueryError(
            _("%(what)s tidak valid: tanda kutip tidak berpasangan.") % {"what": what}
        )
    if bracket:
        raise SearchQueryError(
            _("%(what)s tidak valid: kurung siku tidak berpasangan.") % {"what": what}
        )
    if current:
        tokens.append("".join(current))
    return tokens


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def _solr_date(raw: str, *, what: str) -> dt.datetime | None:
    raw = raw.strip()
    if raw == "*":
        return None
    match = re.fullmatch(r"NOW(?:([+-])(\d+)(DAYS?|MONTHS?|YEARS?|HOURS?))?(?:/DAY)?", raw)
    if match:
        value = timezone.now()
        if match.group(1):
            amount = int(match.group(2)) * (1 if match.group(1) == "+" else -1)
            unit = match.group(3).rstrip("S")
            days = {"DAY": 1, "MONTH": 30, "YEAR": 365}.get(unit)
            value += dt.timedelta(days=amount * days) if days else dt.timedelta(hours=amount)
        return value
    try:
        parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise SearchQueryError(
            _("%(what)s tidak valid: tanggal “%(value)s” tidak dikenal (contoh: "
              "2025-01-01T00:00:00Z atau NOW).") % {"what": what, "value": raw}
        ) from None  # fmt: skip
    return parsed if parsed.tzinfo else timezone.make_aware(parsed, dt.UTC)


def _range(name: str, raw: str, *, what: str) -> Range:
    match = re.fullmatch(r"[\[{]\s*(\S+)\s+TO\s+(\S+)\s*[\]}]", raw)
    if not match:
        raise SearchQueryError(
            _("%(what)s tidak valid: rentang “%(value)s” harus berbentuk [awal TO akhir].")
            % {"what": what, "value": raw}
        )
    start, end = match.groups()
    if name == "year":
        try:
            return Range(None if start == "*" else int(start), None if end == "*" else int(end))
        except ValueError:
            raise SearchQueryError(
                _("%(what)s tidak valid: tahun harus berupa angka.") % {"what": what}
            ) from None
    return Range(_solr_date(start, what=what), _solr_date(end, what=what))


def _term(token: str, *, what: str) -> tuple[str, Any] | None:
    """("field" or "-field", value) of a `field:value` token; None for `*:*`."""
    if token in ("*:*", "+*:*"):
        return None
    sign = ""
    if token[0] in "+-":
        sign, token = token[0], token[1:]
    name, colon, raw = token.partition(":")
    if not colon or not name:
        raise SearchQueryError(
            _("%(what)s tidak valid: “%(term)s” harus berbentuk kolom:nilai.")
            % {"what": what, "term": token}
        )
    if name not in FILTER_FIELDS:
        raise SearchQueryError(
            _("%(what)s tidak valid: kolom “%(field)s” tidak dikenal.")
            % {"what": what, "field": name}
        )
    if not raw:
        raise SearchQueryError(
            _("%(what)s tidak valid: nilai untuk “%(field)s” kosong.")
            % {"what": what, "field": name}
        )
    if raw[0] in "[{":
        if name not in RANGE_FIELDS:
            raise SearchQueryError(
                _("%(what)s tidak valid: kolom “%(field)s” tidak mendukung rentang.")
                % {"what": what, "field": name}
            )
        value: Any = _range(name, raw, what=what)
    elif raw.startswith('"'):
        if len(raw) < 2 or not raw.endswith('"'):
            raise SearchQueryError(
                _("%(what)s tidak valid: tanda kutip tidak berpasangan.") % {"what": what}
            )
        value = _unescape(raw[1:-1])
    elif raw.startswith("("):
        raise SearchQueryError(
            _("%(what)s tidak valid: pengelompokan dengan kurung tidak didukung.") % {"what": what}
        )
    else:
        value = _unescape(raw)
    return ("-" if sign == "-" else "") + name, value


def parse_fq(fq: str) -> dict[str, list[Any]]:
    """CKAN's `fq` as filters: {"organization": ["dinkes"], "-tags": ["x"], ...}.

    Every term must hold (CKAN's Solr default operator is AND); `-field:value` excludes.
    Raises `SearchQueryError` (Indonesian message) on malformed input.
    """
    filters: dict[str, list[Any]] = {}
    what = _("Parameter fq")
    for token in _tokens(fq or "", what=what):
        if token.upper() in ("AND", "&&"):
            continue
        term = _term(token, what=what)
        if term is not None:
            filters.setdefault(term[0], []).append(term[1])
    return filters


def parse_q(q: str) -> tuple[list[str], dict[str, list[Any]]]:
    """The words of `q` and its `field:value` terms (as filters)."""
    words: list[str] = []
    filters: dict[str, list[Any]] = {}
    what = _("Parameter q")
    for token in _tokens(q or "", what=what):
        if token.upper() in ("AND", "&&") or token == "*:*":
            continue
        body = token.lstrip("+-")
        if re.match(r"^[a-z_]+:", body):
            term = _term(token, what=what)
            if term is not None:
                filters.setdefault(term[0], []).append(term[1])
            continue
        words.extend(WORD_RE.findall(_unescape(token).strip('"').lower()))
    return words, filters


def parse_sort(sort: str) -> list[tuple[str, bool]]:
    """[(field, descending)] of a CKAN sort string; unknown fields are a SearchQueryError."""
    order: list[tuple[str, bool]] = []
    for part in (sort or DEFAULT_SORT).split(","):
        bits = part.split()
        if not bits:
            continue
        name = bits[0]
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if name not in SORT_FIELDS or direction not in ("asc", "desc") or len(bits) > 2:
            raise SearchQueryError(
                _("Urutan “%(sort)s” tidak dikenal. Gunakan misalnya “metadata_modified desc”, "
                  "“title_string asc” atau “name asc”.") % {"sort": part.strip()}
            )  # fmt: skip
        order.append((name, direction == "desc"))
    return order or [("score", True), ("metadata_modified", True)]


# --- the query


def visible_datasets(user: Any = None, *, include_private: bool = False) -> QuerySet[Dataset]:
    """Datasets `user` may find: published ones, plus (include_private) their drafts."""
    public = Q(state=DatasetState.ACTIVE, private=False)
    if include_private and user is not None and getattr(user, "is_authenticated", False):
        scope = permissions.internal_agency_ids(user)
        internal = Q(state__in=[DatasetState.DRAFT, DatasetState.ACTIVE])
        if scope is None:
            return Dataset.objects.filter(internal)
        if scope:
            return Dataset.objects.filter(public | (internal & Q(organization_id__in=scope)))
    return Dataset.objects.filter(public)


def _through_exists(model, column: str, value: str) -> Exists:
    through = model.through.objects.filter(dataset_id=OuterRef("pk"), **{f"{column}__name": value})
    return Exists(through)


def _condition(name: str, value: Any, agencies_by_slug: dict[str, int]) -> Q:
    if isinstance(value, Range):
        column = {"metadata_modified": "metadata_modified", "metadata_created": "created_at"}
        if name == "year":
            q = Q()
            if value.start is not None:
                q &= Q(facet_year__gte=value.start)
            if value.end is not None:
                q &= Q(facet_year__lte=value.end)
            return q
        q = Q()
        if value.start is not None:
            q &= Q(**{f"{column[name]}__gte": value.start})
        if value.end is not None:
            q &= Q(**{f"{column[name]}__lte": value.end})
        return q
    value = str(value)
    if name == "organization":
        return Q(organization_id=agencies_by_slug.get(value, -1))
    if name == "owner_org":
        by_uuid = {organization_uuid(a): a.pk for a in _agencies()}
        return Q(organization_id=by_uuid.get(value, agencies_by_slug.get(value, -1)))
    if name == "groups":
        return Q(_through_exists(Dataset.topics, "topic", value))
    if name == "tags":
        return Q(_through_exists(Dataset.tags, "tag", value))
    if name == "res_format":
        if connection.vendor == "postgresql":
            return Q(formats__contains=[value.upper()])
        return Q(formats__icontains=f'"{value.upper()}"')
    if name == "license_id":
        return Q(license_id=value)
    if name == "name":
        return Q(name=value)
    if name == "title":
        return Q(title__icontains=value)
    if name == "id":
        try:
            return Q(uuid=uuid.UUID(value))
        except ValueError:
            return Q(name=value)
    if name == "year":
        return Q(facet_year=int(value)) if value.isdigit() else Q(pk__in=[])
    if name in ("dataset_type", "type"):
        return Q() if value == "dataset" else Q(pk__in=[])
    if name == "capacity":
        return Q(private=value == "private")
    if name == "state":
        return Q(state=value)
    raise SearchQueryError(_("Kolom “%(field)s” tidak dikenal.") % {"field": name})


def _tsquery(words: list[str]) -> str:
    return " & ".join(f"{word}:*" for word in words)


def _apply_words(queryset: QuerySet[Dataset], words: list[str]) -> QuerySet[Dataset]:
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # A self-contained subquery (not `extra(where=...)` naming the table): the queryset is
        # also used inside facet subqueries, where Django aliases the table.
        matching = RawSQL(
            "SELECT id FROM opendata_dataset WHERE search_vector @@ to_tsquery('simple', %s)",
            [_tsquery(words)],
        )
        return queryset.filter(pk__in=matching)
    for word in words:
        queryset = queryset.filter(search_text__icontains=word)
    return queryset


def _year_expression():
    return Coalesce(ExtractYear("period_end"), ExtractYear("released_at"))


def _facet_rows(base: QuerySet[Dataset], name: str, limit: int) -> list[tuple[Any, int]]:
    ids = base.order_by().values("pk")
    if name == "organization":
        rows = base.order_by().values_list("organization_id").annotate(n=Count("pk"))
    elif name == "license_id":
        rows = base.order_by().values_list("license_id").annotate(n=Count("pk"))
    elif name == "year":
        rows = (
            base.order_by()
            .values_list("facet_year")
            .annotate(n=Count("pk"))
            .filter(facet_year__isnull=False)
        )
    elif name == "groups":
        rows = (
            Dataset.topics.through.objects.filter(dataset_id__in=ids)
            .values_list("topic__name")
            .annotate(n=Count("pk"))
        )
    elif name == "tags":
        rows = (
            Dataset.tags.through.objects.filter(dataset_id__in=ids)
            .values_list("tag__name")
            .annotate(n=Count("pk"))
        )
    elif name == "res_format":
        sql, params = ids.query.sql_with_params()
        if connection.vendor == "postgresql":
            query = (
                "SELECT f.value, count(*) FROM opendata_dataset d "
                "CROSS JOIN LATERAL jsonb_array_elements_text(d.formats) AS f(value) "
                f"WHERE d.id IN ({sql}) GROUP BY f.value"
            )
        else:
            query = (
                "SELECT f.value, count(*) FROM opendata_dataset d, json_each(d.formats) f "
                f"WHERE d.id IN ({sql}) GROUP BY f.value"
            )
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            pairs = [(value, count) for value, count in cursor.fetchall()]
        pairs.sort(key=lambda pair: (-pair[1], str(pair[0])))
        return pairs[:limit] if limit >= 0 else pairs
    else:
        raise SearchQueryError(_("Faset “%(field)s” tidak dikenal.") % {"field": name})
    key = {"organization": "organization_id", "groups": "topic__name", "tags": "tag__name"}
    rows = rows.order_by("-n", key.get(name, name if name != "year" else "facet_year"))
    if limit >= 0:
        rows = rows[:limit]
    return list(rows)


RESOURCE_FIELDS = (
    "id",
    "uuid",
    "name",
    "description",
    "format",
    "media_type",
    "file",
    "url",
    "size",
    "sha256",
    "datastore_active",
    "created_at",
    "position",
    "load_state",
    "row_count",
)


def attach_links(datasets: list[Dataset]) -> None:
    """Give each dataset `link_tags` (sorted names), `link_topics` (rows: id, name, title,
    description, sorted by name) and `link_resources` (rows of RESOURCE_FIELDS: the current
    release's resources, or the dataset's own without a release, by position), with one query
    per link table instead of prefetching model instances."""
    if not datasets:
        return
    ids = [dataset.pk for dataset in datasets]
    tags: dict[int, list[str]] = {pk: [] for pk in ids}
    for dataset_id, name in Dataset.tags.through.objects.filter(dataset_id__in=ids).values_list(
        "dataset_id", "tag__name"
    ):
        tags[dataset_id].append(name)
    topics: dict[int, list[dict]] = {pk: [] for pk in ids}
    columns = ("id", "name", "title", "description")
    rows = Dataset.topics.through.objects.filter(dataset_id__in=ids).values_list(
        "dataset_id", *(f"topic__{name}" for name in columns)
    )
    for dataset_id, *values in rows:
        topics[dataset_id].append(dict(zip(columns, values, strict=True)))
    resources: dict[int, list[dict]] = {pk: [] for pk in ids}
    by_release = {d.current_release_id: d.pk for d in datasets if d.current_release_id}
    if by_release:
        rows = Release.resources.through.objects.filter(release_id__in=by_release).values(
            "release_id", *(f"resource__{name}" for name in RESOURCE_FIELDS)
        )
        for row in rows:
            resources[by_release[row["release_id"]]].append(
                {name: row[f"resource__{name}"] for name in RESOURCE_FIELDS}
            )
    unreleased = [d.pk for d in datasets if not d.current_release_id]
    if unreleased:
        for row in Resource.objects.filter(dataset_id__in=unreleased).values(
            "dataset_id", *RESOURCE_FIELDS
        ):
            resources[row.pop("dataset_id")].append(row)
    for dataset in datasets:
        dataset.link_tags = sorted(tags[dataset.pk])
        dataset.link_topics = sorted(topics[dataset.pk], key=lambda row: row["name"])
        dataset.link_resources = sorted(
            resources[dataset.pk], key=lambda row: (row["position"], row["id"])
        )


# One grouped SELECT per facet over the match, all in one statement (PostgreSQL): the match
# is read once (a materialised CTE of the columns the facets need), not once per facet.
FACET_SQL = {
    "organization": "SELECT 'organization', organization_id::text, count(*) FROM m GROUP BY 2",
    "license_id": "SELECT 'license_id', license_id, count(*) FROM m GROUP BY 2",
    "year": "SELECT 'year', facet_year::text, count(*) FROM m "
    "WHERE facet_year IS NOT NULL GROUP BY 2",
    "groups": "SELECT 'groups', t.name, count(*) FROM m "
    "JOIN opendata_dataset_topics l ON l.dataset_id = m.id "
    "JOIN opendata_topic t ON t.id = l.topic_id GROUP BY 2",
    "tags": "SELECT 'tags', t.name, count(*) FROM m "
    "JOIN opendata_dataset_tags l ON l.dataset_id = m.id "
    "JOIN opendata_tag t ON t.id = l.tag_id GROUP BY 2",
    # Per combination of formats (a few dozen at most; cheaper than expanding every row's
    # array), summed per format in Python.
    "res_format": "SELECT 'res_format', formats::text, count(*) FROM m GROUP BY 2",
}


def _facets_at_once(
    base: QuerySet[Dataset], names: tuple[str, ...] | list[str], limit: int
) -> tuple[int, dict[str, list[tuple[Any, int]]]] | None:
    """(count, {facet: [(value, count)]} by count desc then value, `limit` each (negative:
    all)) in one statement; None on SQLite (`_facet_rows` answers there, one query per
    facet)."""
    if connection.vendor != "postgresql" or not names:
        return None
    columns = ["pk", "organization_id", "license_id", "formats"]
    if "year" in names:
        columns.append("facet_year")
    try:
        sql, params = base.order_by().values(*columns).query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing by construction (year=abc)
        return 0, {name: [] for name in names}
    selects = " UNION ALL ".join(
        ["SELECT 'count', NULL, count(*) FROM m", *(FACET_SQL[n] for n in dict.fromkeys(names))]
    )
    found: dict[str, list[tuple[Any, int]]] = {name: [] for name in names}
    count = 0
    with connection.cursor() as cursor:
        # Model columns come before annotations in Django's SELECT, as listed here.
        names_sql = ", ".join(["id", *columns[1:]])
        cursor.execute(f"WITH m({names_sql}) AS MATERIALIZED ({sql}) {selects}", params)
        formats: dict[str, int] = {}
        for name, value, n in cursor.fetchall():
            if name == "count":
                count = n
            elif name == "res_format":
                for one in json.loads(value or "[]"):
                    formats[one] = formats.get(one, 0) + n
            elif value is not None:
                found[name].append((int(value) if name in ("organization", "year") else value, n))
        if "res_format" in found:
            found["res_format"] = list(formats.items())
    for pairs in found.values():
        pairs.sort(key=lambda pair: (-pair[1], pair[0]))  # ties by value, as `_facet_rows`
        if limit >= 0:
            del pairs[limit:]
    return count, found


def _facets(
    base: QuerySet[Dataset],
    facet_fields: tuple[str, ...] | list[str],
    facet_limit: int,
    agencies: list[Agency],
) -> tuple[int, dict[str, dict[str, int]], dict[str, dict[str, str]]]:
    """(count, {facet: {value: count}}, {facet: {value: display name}}) of the match `base`
    (on PostgreSQL the count and every facet in one statement)."""
    at_once = _facets_at_once(base, facet_fields, facet_limit)
    if at_once is not None:
        count, combined = at_once
    else:
        count = base.count()
        combined = {
            name: _facet_rows(base, name, facet_limit) if count else [] for name in facet_fields
        }
    facets, labels = _labelled(combined, facet_fields, agencies)
    return count, facets, labels


def _labelled(
    pairs_by_facet: dict[str, list[tuple[Any, int]]],
    facet_fields: tuple[str, ...] | list[str],
    agencies: list[Agency],
    topic_titles: dict[str, str] | None = None,
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, str]]]:
    """({facet: {value: count}}, {facet: {value: display name}}) of (value, count) pairs:
    organizations by slug, topics and licences with their titles."""
    facets: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, str]] = {}
    agency_by_id = {agency.pk: agency for agency in agencies}
    for name in facet_fields:
        pairs = pairs_by_facet[name]
        if name == "organization":
            facets[name], labels[name] = {}, {}
            for agency_id, n in pairs:
                agency = agency_by_id[agency_id]
                facets[name][organization_slug(agency)] = n
                labels[name][organization_slug(agency)] = agency.name
        else:
            facets[name] = {str(value): n for value, n in pairs}
            if name == "groups":
                if topic_titles is None:
                    topic_titles = dict(
                        Topic.objects.filter(name__in=facets[name]).values_list("name", "title")
                    )
                labels[name] = {value: topic_titles.get(value, value) for value in facets[name]}
            elif name == "license_id":
                labels[name] = {value: license_title(value) for value in facets[name]}
            else:
                labels[name] = {value: value for value in facets[name]}
    return facets, labels


def _load_page(
    queryset: QuerySet[Dataset],
    *,
    stored: bool,
    with_resources: bool,
    start: int = 0,
    rows: int = 0,
    pks: list[int] | None = None,
) -> list[Any]:
    """The page: `queryset[start:start + rows]` (ordered), or the datasets `pks` in that
    order. `stored`: `PageRow`s (one query); `with_resources`: the API's lean path, one
    query per link table, plain rows attached (see `attach_links`); otherwise models with
    their organization, release, tags and topics."""
    if stored:
        page: QuerySet = queryset.values_list(*PAGE_COLUMNS)
    elif with_resources:
        page = queryset.select_related("organization").defer("search_text")
    else:
        page = queryset.select_related("organization", "current_release")
        page = page.prefetch_related("tags", "topics")
    if pks is None:
        results = list(page[start : start + rows])
    else:
        found = {row[0] if stored else row.pk: row for row in page.filter(pk__in=pks).order_by()}
        results = [found[pk] for pk in pks if pk in found]
    if stored:
        return [PageRow(*row) for row in results]
    if with_resources:
        attach_links(results)
    return results


def dataset_search(
    *,
    user: Any = None,
    q: str = "",
    filters: dict[str, list[Any]] | None = None,
    sort: str = "",
    rows: int = 10,
    start: int = 0,
    facet_fields: tuple[str, ...] | list[str] = (),
    include_private: bool = False,
    facet_limit: int = 50,
    with_resources: bool = False,
    share_facts: bool = False,
    stored: bool = False,
) -> SearchResult:
    """Search datasets (see the module docstring). Raises SearchQueryError on bad syntax.

    `with_resources`: the API's lean path (see `attach_links`); `stored`: leaner still, the
    results are `PageRow`s with the stored package text (ckan/stored.py). `share_facts`: the caller
    guarantees the public's visibility, so the count and facets may come from the search
    cache (search_cache.py), shared by every page and order of the same match."""
    words, q_filters = parse_q(q)
    all_filters: dict[str, list[Any]] = {}
    for source in (filters or {}, q_filters):
        for key, values in source.items():
            all_filters.setdefault(key, []).extend(values)
    order = parse_sort(sort)
    for name in facet_fields:
        if name not in FACET_FIELDS:
            raise SearchQueryError(_("Faset “%(field)s” tidak dikenal.") % {"field": name})

    index = None
    if not (include_private and getattr(user, "is_authenticated", False)):
        index = search_index.current()  # the public's searches: the in-memory index
        if index is not None and not index.accepts(words):
            index = None
    for name in (key.lstrip("-+") for key in all_filters):
        if name not in FILTER_FIELDS:
            raise SearchQueryError(_("Kolom “%(field)s” tidak dikenal.") % {"field": name})
    if index is not None:
        agencies, by_slug = index.agencies, index.by_slug
    else:
        agencies = _agencies()
        by_slug = {organization_slug(agency): agency.pk for agency in agencies}

    def matching() -> QuerySet[Dataset]:
        """The match as a queryset (the SQL path; the index needs none)."""
        base = visible_datasets(user, include_private=include_private).annotate(
            facet_year=_year_expression()
        )
        for key, values in all_filters.items():
            negate = key.startswith("-")
            name = key.lstrip("-+")
            for value in values:
                condition = _condition(name, value, by_slug)
                base = base.exclude(condition) if negate else base.filter(condition)
        return _apply_words(base, words)

    def compute_facts() -> dict[str, Any]:
        count, facets, labels = _facets(matching(), facet_fields, facet_limit, agencies)
        return {"count": count, "facets": facets, "labels": labels}

    match = None
    if index is not None:
        match = index.match(words, all_filters, by_slug)
        pairs = index.facets(match, facet_fields, facet_limit)
        facets, labels = _labelled(pairs, facet_fields, agencies, index.topic_titles)
        facts = {"count": int(match.sum()), "facets": facets, "labels": labels}
    elif share_facts:
        # The count and facets depend only on the match, not on the page or its order.
        from kotacerdas.opendata.selectors.search_cache import cached

        key = ["facts", words, all_filters, list(facet_fields), facet_limit]
        facts = cached(key, compute_facts)
    else:
        facts = compute_facts()
    count = facts["count"]
    rows = max(0, min(int(rows), ROWS_MAX))
    start = max(0, int(start))
    results: list[Any] = []
    ranked = bool(words) and connection.vendor == "postgresql"
    if rows and start < count:
        if match is not None:
            by_score = ranked and any(name == "score" for name, _ in order)
            scores = index.ranks(words) if by_score else None
            positions = index.page(match, order, start, rows, scores)
            if stored:
                results = index.stored_rows(positions)
            else:
                pks = index.primary_keys(positions)
                page = Dataset.objects.all()
                results = _load_page(page, stored=False, with_resources=with_resources, pks=pks)
        else:
            page = matching().annotate(title_lower=Lower("title"))
            ordering: list[Any] = []
            for name, descending in order:
                if name == "score":
                    if ranked:
                        page = page.annotate(
                            score=RawSQL(
                                "ts_rank(opendata_dataset.search_vector, to_tsquery('simple', %s))",
                                [_tsquery(words)],
                            )
                        )
                        ordering.append(F("score").desc() if descending else F("score").asc())
                    continue
                column = SORT_FIELDS[name]
                ordering.append(F(column).desc() if descending else F(column).asc())
            ordering.append(F("pk").desc())
            page = page.order_by(*ordering)
            results = _load_page(
                page, stored=stored, with_resources=with_resources, start=start, rows=rows
            )

    return SearchResult(
        count=count,
        results=results,
        facets=facts["facets"],
        facet_titles={name: str(FACET_TITLES[name]) for name in facet_fields},
        facet_labels=facts["labels"],
        sort=sort or DEFAULT_SORT,
        agencies=agencies,
        topic_rows=index.topic_rows if index is not None else None,
        package_memos=index.package_memos if index is not None else None,
    )
