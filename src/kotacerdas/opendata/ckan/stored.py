"""Stored CKAN packages: each released dataset's package JSON, serialised once per write and
sent by `package_search` joined as text (no model instances, no dictionaries per request).

The stored text (`DatasetPackage.body`) is the compact JSON `package_dict` gives, except for
what does not belong to the dataset's own row, which stays a placeholder filled when it is
sent (so it is never stale and never another request's):

- `\\x03`: the absolute-URL prefix (scheme and host of the request);
- `\\x01O<id>\\x02`, `\\x01U<id>\\x02`, `\\x01A<id>\\x02`: the producer (organization object,
  its id, the author name), from the agencies as they are now (a rename shows);
- `\\x01G<name>\\x02`: a topic (group object), from the topics as they are now;
- `\\x01F\\x02`, `\\x01L\\x02`: the freshness code and label (today's date, the request's
  language); `\\x01R\\x02`: `released_at` (read from the dataset row when sent).

Control characters never occur raw in JSON text (the encoder escapes them), so a
placeholder cannot be confused with data. A package is stored only when filling its
placeholders gives exactly the live serialisation (checked on every write) and only for
datasets with a current release (a draft's own resources change without a write to the
dataset). `stamp` is the dataset's `metadata_modified` at that write: a row behind its
dataset is not used, the package is built live instead (as it is for a dataset without a
stored package, e.g. one written before this table existed: `satudata_store_packages`
fills them).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.utils import translation

from kotacerdas.core.models import Agency
from kotacerdas.opendata.models import Dataset, DatasetPackage

from .serializers import SLUG_RE, PackageContext, organization_dict, package_dict

_VALUE = "kv" + uuid.uuid4().hex  # marks a whole JSON value while the template is encoded
_INLINE = "ki" + uuid.uuid4().hex  # marks the URL prefix inside a string
PLACEHOLDER_RE = re.compile("\x01([A-Z])([^\x02]*)\x02")


class Unstorable(Exception):
    """This package cannot be stored as a template (it is then always built live)."""


def encode_text(value: Any) -> str:
    """Compact JSON, UTF-8 as it is: what `envelope.encode` sends, as text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _mark(kind: str, arg: Any = "") -> str:
    return f"{_VALUE}{kind}{arg}{_VALUE}"


class TemplateContext(PackageContext):
    """A PackageContext that leaves placeholders (see the module docstring)."""

    def __init__(self):
        super().__init__(None, prefix=_INLINE)

    def organization(self, agency: Agency) -> Any:
        return _mark("O", agency.pk)

    def organization_id(self, agency: Agency) -> str:
        return _mark("U", agency.pk)

    def author(self, agency: Agency) -> str:
        return _mark("A", agency.pk)

    def group(self, topic: dict) -> Any:
        if not SLUG_RE.fullmatch(topic["name"]):
            raise Unstorable(topic["name"])
        return _mark("G", topic["name"])

    def freshness(self, dataset: Any) -> tuple[str, str]:
        return _mark("F"), _mark("L")

    def released_at(self, dataset: Any) -> str:
        return _mark("R") if dataset.released_at is not None else ""

    def absolute(self, path: str) -> str:
        if not path.startswith("/"):
            raise Unstorable(path)  # built from the request otherwise
        return super().absolute(path)

    def url_of_dataset(self, name: str) -> str:
        if self.dataset_url is None or not SLUG_RE.fullmatch(name):
            raise Unstorable(name)
        return super().url_of_dataset(name)

    def url_of_resource(self, row: dict, dataset_name: str) -> str:
        link = row["url"] and not str(row["file"] or "")
        if not link and (self.resource_url is None or not SLUG_RE.fullmatch(dataset_name)):
            raise Unstorable(dataset_name)
        return super().url_of_resource(row, dataset_name)


CHECK_PREFIX = "http://check.invalid"


def package_template(
    dataset: Dataset, *, template: TemplateContext | None = None, check: Filler | None = None
) -> str | None:
    """The stored text of `dataset` (tags, topics and resources attached as by
    `attach_links`, organization selected), or None when it cannot be stored. `template`
    and `check` may be shared by a batch (`check` must know the dataset's agency)."""
    if not dataset.current_release_id:
        return None
    try:
        text = encode_text(package_dict(dataset, context=template or TemplateContext()))
    except Unstorable:
        return None
    text = text.replace('"' + _VALUE, "\x01").replace(_VALUE + '"', "\x02")
    text = text.replace(_INLINE, "\x03")
    if _VALUE in text:  # a marker outside a whole value: not a template this module fills
        return None
    # The template must give exactly what the live serialisation gives.
    check = check or Filler(prefix=CHECK_PREFIX, agencies=[dataset.organization])
    check.add_topics(dataset.link_topics)
    live = encode_text(package_dict(dataset, context=check.context))
    if check.fill(text, dataset) != live:
        return None
    return text


class Filler:
    """Fills stored packages for one response: the prefix, the producers, the topics, today
    and the language's freshness labels."""

    def __init__(self, *, request=None, prefix: str | None = None, agencies: Iterable[Agency]):
        self.context = PackageContext(request, prefix=prefix)
        self.prefix = self.context.prefix
        self._prefix_text = encode_text(self.prefix)[1:-1]
        self.values: dict[str, str] = {}
        # A producer's values are encoded when a package first needs them (a page names
        # a few of the city's agencies).
        self._agencies = {str(agency.pk): agency for agency in agencies}

    def _agency_value(self, kind: str, pk: str) -> str | None:
        agency = self._agencies.get(pk)
        if agency is None:
            return None
        if kind == "O":
            value = encode_text(organization_dict(agency))
        elif kind == "U":
            value = encode_text(self.context.organization_id(agency))
        else:
            value = encode_text(self.context.author(agency))
        self.values[kind + pk] = value
        return value

    def add_topics(self, topics: Iterable[dict]) -> None:
        for topic in topics:
            self.values[f"G{topic['name']}"] = encode_text(self.context.group(topic))

    def fill(self, text: str, row: Any) -> str | None:
        """The package of `row` (with `released_at` and `frequency`), or None when the
        stored text does not fit it (the caller builds that one live)."""
        values = self.values
        missing = False
        freshness: list[str] = []  # [code, label] once asked

        def replace(match: re.Match) -> str:
            nonlocal missing
            kind = match.group(1)
            if kind == "F" or kind == "L":
                if not freshness:
                    freshness.extend(encode_text(v) for v in self.context.freshness(row))
                return freshness[0] if kind == "F" else freshness[1]
            if kind == "R":
                if row.released_at is None:
                    missing = True
                    return ""
                return encode_text(self.context.released_at(row))
            found = values.get(kind + match.group(2))
            if found is None and kind in "OUA":
                found = self._agency_value(kind, match.group(2))
            if found is None:
                missing = True
                return ""
            return found

        filled = PLACEHOLDER_RE.sub(replace, text)
        if missing or ("\x01R\x02" not in text and row.released_at is not None):
            return None
        return filled.replace("\x03", self._prefix_text)


def packages_store(datasets: list[Dataset]) -> None:
    """Store the packages of `datasets` (organization selected, links attached as by
    `attach_links`); those that cannot be stored lose any stored package."""
    keep: list[tuple[int, str, Any]] = []
    drop: list[int] = []
    template = TemplateContext()
    check = Filler(prefix=CHECK_PREFIX, agencies={d.organization for d in datasets})
    for dataset in datasets:
        body = package_template(dataset, template=template, check=check)
        if body is None:
            drop.append(dataset.pk)
        else:
            keep.append((dataset.pk, body, dataset.metadata_modified))
    if drop:
        DatasetPackage.objects.filter(dataset_id__in=drop).delete()
    if keep:
        # One upsert per row in a batch (bulk_create's array parameters quote slowly).
        table = connection.ops.quote_name(DatasetPackage._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (dataset_id, body, stamp) VALUES (%s, %s, %s) "
                "ON CONFLICT (dataset_id) DO UPDATE SET body = excluded.body, "
                "stamp = excluded.stamp",
                [
                    (pk, body, connection.ops.adapt_datetimefield_value(stamp))
                    for pk, body, stamp in keep
                ],
            )


def packages_refresh(dataset_ids: list[int]) -> None:
    """Rebuild the stored packages of these datasets from the database."""
    from kotacerdas.opendata.selectors.search import attach_links

    for start in range(0, len(dataset_ids), 500):
        chunk = list(
            Dataset.objects.filter(pk__in=dataset_ids[start : start + 500])
            .select_related("organization")
            .defer("search_text")
        )
        attach_links(chunk)
        packages_store(chunk)


MEMO_CONTEXTS = 2  # (prefix, language, day) combinations whose filled packages are kept


def stored_packages(
    request,
    rows: list,
    *,
    agencies: list[Agency],
    topics: list[dict] | None = None,
    memos: dict | None = None,
) -> list[str]:
    """The JSON text of each page row (`PageRow`, in order): its stored package filled in,
    or, where none fits, the package built live (one set of queries for all of those).

    `memos` (the search index's, which holds the rows, agencies and topics of one catalogue
    version): filled packages are kept there per prefix, language and day, so a dataset
    already sent is not filled again."""
    from kotacerdas.opendata.models import Topic
    from kotacerdas.opendata.selectors.search import attach_links
    from kotacerdas.opendata.selectors.search_cache import cached

    filler = Filler(request=request, agencies=agencies)
    memo: dict[int, str] = {}
    if memos is not None:
        key = (filler.prefix, translation.get_language(), filler.context.today)
        if key not in memos and len(memos) >= MEMO_CONTEXTS:
            memos.clear()
        memo = memos.setdefault(key, {})
    texts: list[str | None] = [memo.get(row.pk) for row in rows]
    todo = [row for row, text in zip(rows, texts, strict=True) if text is None]
    if any(row.body and "\x01G" in row.body for row in todo):
        # Kept per catalogue version like the agencies (search._agencies), or the index's.
        topics = (
            topics
            if topics is not None
            else cached(
                ["topics"],
                lambda: list(Topic.objects.values("name", "title", "description")),
                local=True,
            )
        )
        filler.add_topics(topics)
    for index, row in enumerate(rows):
        if texts[index] is None and row.body is not None and row.stamp == row.metadata_modified:
            texts[index] = filler.fill(row.body, row)
            if texts[index] is not None and memos is not None:
                memo[row.pk] = texts[index]
    live = [row.pk for row, text in zip(rows, texts, strict=True) if text is None]
    if live:
        datasets = {
            dataset.pk: dataset
            for dataset in Dataset.objects.filter(pk__in=live)
            .select_related("organization")
            .defer("search_text")
        }
        attach_links(list(datasets.values()))
        for index, row in enumerate(rows):
            if texts[index] is None:
                package = package_dict(datasets[row.pk], context=filler.context)
                texts[index] = encode_text(package)
    return [text for text in texts if text is not None]
