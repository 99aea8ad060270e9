"""An in-memory index of the public catalogue: what Solr is to CKAN, in each process.

The public's searches (anonymous callers, or `include_private` off) are answered from
arrays held in memory instead of SQL: the match is a boolean array over the public
datasets, its count and every facet are `numpy.bincount`s of it, and a page is a sort of
the matched positions. The API's page is then filled from the stored CKAN packages the
index also holds (ckan/stored.py; no query at all); the portal's page reads its rows by
primary key. The index
answers exactly what the SQL path (selectors/search.py) answers: the same words (on
PostgreSQL the prefix match on the lexemes of `search_vector`, read with
`tsvector_to_array`; on SQLite the substring match on `search_text`), the same
`field:value` terms with the same negation rules, the same facet order and the same sort
order (titles and names ranked by the database's own collation). Tests run the search
suite through both paths and compare them on random queries.

A page ordered by relevance (`score`, for queries with words on PostgreSQL) sorts by
PostgreSQL's own `ts_rank` of the words, read once per index and words (`ranks`). What the
index does not answer, the SQL path does: searches that see private datasets, and words
the PostgreSQL query parser would split differently (anything but lower-case ASCII letters
and digits).

The index is built on the first public search after the catalogue changed: it is keyed by
the catalogue version (search_cache.py: a write anywhere bumps it; on PostgreSQL it arrives
by NOTIFY without a query) and, for agency and topic renames, expires after
`search_cache.TIMEOUT` seconds. It is never built inside a transaction (it would keep what
the transaction might roll back); while one thread builds it, the others answer by SQL.
Building it for 10,000 datasets takes well under a second. `KOTACERDAS_SEARCH_INDEX=0`
turns it off.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import F, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import DenseRank, Lower

from kotacerdas.core.models import Agency
from kotacerdas.opendata.models import Dataset, DatasetState, Topic

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
PG_WORD_RE = re.compile(r"[a-z0-9]+")
WORD_CACHE = 256  # word masks and ranks kept per index

# Tests set this: every search builds a fresh index (inside the test's transaction).
FORCE = False


@dataclass
class Multi:
    """A many-valued column (tags, topics, formats): `codes[i]` is the value code of the
    pair whose dataset position is `owners[i]`."""

    values: list[Any]  # str, or int (organization ids, years)
    owners: np.ndarray
    codes: np.ndarray
    by_value: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, pairs: list[tuple[int, Any]]) -> Multi:
        values = sorted({value for _, value in pairs})
        by_value = {value: code for code, value in enumerate(values)}
        owners = np.fromiter((owner for owner, _ in pairs), dtype=np.int64, count=len(pairs))
        codes = np.fromiter((by_value[v] for _, v in pairs), dtype=np.int64, count=len(pairs))
        return cls(values, owners, codes, by_value)

    def having(self, value: Any, size: int) -> np.ndarray:
        mask = np.zeros(size, dtype=bool)
        code = self.by_value.get(value)
        if code is not None:
            mask[self.owners[self.codes == code]] = True
        return mask

    def counts(self, match: np.ndarray) -> list[tuple[Any, int]]:
        counted = np.bincount(self.codes[match[self.owners]], minlength=len(self.values))
        return [(self.values[code], int(counted[code])) for code in np.flatnonzero(counted)]


def _micros(value: dt.datetime | None) -> int:
    return (value - EPOCH) // dt.timedelta(microseconds=1) if value is not None else 0


class SearchIndex:
    """The public catalogue at one version (see the module docstring)."""

    def __init__(self, version: str | None, *, pg_words: bool):
        self.version = version
        self.built_at = time.monotonic()
        self.pg_words = pg_words
        self._words: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._load()

    # --- building

    def _load(self) -> None:
        from kotacerdas.opendata.selectors.search import PageRow, _year_expression

        public = Dataset.objects.filter(state=DatasetState.ACTIVE, private=False)
        columns = [
            "pk", "uuid", "name", "title", "organization_id", "license_id", "formats",
            "facet_year", "metadata_modified", "created_at", "num_resources",
            "title_rank", "name_rank", "words",
            "frequency", "released_at", "package__body", "package__stamp",
        ]  # fmt: skip
        words = (
            RawSQL("tsvector_to_array(opendata_dataset.search_vector)", [])
            if self.pg_words
            else Lower("search_text")
        )
        rows = list(
            public.annotate(
                facet_year=_year_expression(),
                title_rank=Window(DenseRank(), order_by=Lower("title").asc()),
                name_rank=Window(DenseRank(), order_by=F("name").asc()),
                words=words,
            )
            .order_by("pk")
            .values_list(*columns)
        )
        size = self.size = len(rows)
        self.pks = np.fromiter((row[0] for row in rows), dtype=np.int64, count=size)
        self.position = {row[0]: i for i, row in enumerate(rows)}
        self.uuids = [str(row[1]) for row in rows]
        self.names = [row[2] for row in rows]
        self.titles = [row[3].lower() for row in rows]
        self.organizations = np.fromiter((r[4] for r in rows), dtype=np.int64, count=size)
        self.licenses = Multi.of([(i, row[5]) for i, row in enumerate(rows)])
        # Facets count by code (numpy.bincount), organizations and years as well.
        self.organization_values = Multi.of([(i, row[4]) for i, row in enumerate(rows)])
        self.year_values = Multi.of(
            [(i, row[7]) for i, row in enumerate(rows) if row[7] is not None]
        )
        self.formats = Multi.of(
            [(i, value) for i, row in enumerate(rows) for value in dict.fromkeys(row[6] or [])]
        )
        self.years = np.fromiter(
            (row[7] if row[7] is not None else -1 for row in rows), dtype=np.int64, count=size
        )
        self.keys = {
            "metadata_modified": np.fromiter((_micros(r[8]) for r in rows), np.int64, size),
            "created_at": np.fromiter((_micros(r[9]) for r in rows), np.int64, size),
            "num_resources": np.fromiter((r[10] for r in rows), np.int64, size),
            "title_lower": np.fromiter((r[11] for r in rows), np.int64, size),
            "name": np.fromiter((r[12] for r in rows), np.int64, size),
            "pk": self.pks,
        }
        # What a stored page row needs (search.PAGE_COLUMNS): a page is read from here.
        self.package_memos: dict = {}  # filled packages (ckan/stored.py stored_packages)
        self.stored = [PageRow(r[0], r[4], r[14], r[15], r[8], r[16], r[17]) for r in rows]
        self.tags = Multi.of(self._links(Dataset.tags.through, "tag__name"))
        self.topics = Multi.of(self._links(Dataset.topics.through, "topic__name"))
        if self.pg_words:
            postings: dict[str, list[int]] = {}
            for i, row in enumerate(rows):
                for lexeme in row[13] or ():
                    postings.setdefault(lexeme, []).append(i)
            self.lexemes = sorted(postings)
            self.postings = [np.array(postings[lexeme], dtype=np.int64) for lexeme in self.lexemes]
        else:
            self.texts = [row[13] or "" for row in rows]
        self.topic_titles = dict(Topic.objects.values_list("name", "title"))
        self.topic_rows = list(Topic.objects.values("name", "title", "description"))
        self.agencies = list(Agency.objects.all())
        from kotacerdas.opendata.selectors.search import organization_slug

        self.by_slug = {organization_slug(agency): agency.pk for agency in self.agencies}

    def _links(self, through, column: str) -> list[tuple[int, str]]:
        pairs = through.objects.filter(
            dataset__state=DatasetState.ACTIVE, dataset__private=False
        ).values_list("dataset_id", column)
        return [(self.position[pk], value) for pk, value in pairs if pk in self.position]

    # --- matching

    def accepts(self, words: list[str]) -> bool:
        """Whether these words match here as the SQL path matches them."""
        return not self.pg_words or all(PG_WORD_RE.fullmatch(word) for word in words)

    def _word(self, word: str) -> np.ndarray:
        with self._lock:
            found = self._words.get(word)
        if found is not None:
            return found
        mask = np.zeros(self.size, dtype=bool)
        if self.pg_words:  # `word:*`: every lexeme that starts with the word
            start = bisect.bisect_left(self.lexemes, word)
            end = start
            while end < len(self.lexemes) and self.lexemes[end].startswith(word):
                end += 1
            if end > start:
                mask[np.concatenate(self.postings[start:end])] = True
        else:
            mask[[i for i, text in enumerate(self.texts) if word in text]] = True
        self._remember(word, mask)
        return mask

    def ranks(self, words: list[str]) -> np.ndarray:
        """PostgreSQL's own `ts_rank` of every public dataset for these words (-inf where
        they do not match), read once per index and words: relevance-ordered pages then
        sort here, exactly as SQL orders them."""
        from kotacerdas.opendata.selectors.search import _tsquery

        key = "\x00rank " + " ".join(words)
        with self._lock:
            found = self._words.get(key)
        if found is not None:
            return found
        scores = np.full(self.size, -np.inf, dtype=np.float32)  # ts_rank is a float4
        query = _tsquery(words)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, ts_rank(search_vector, to_tsquery('simple', %s)) "
                "FROM opendata_dataset WHERE search_vector @@ to_tsquery('simple', %s) "
                "AND state = %s AND NOT private",
                [query, query, DatasetState.ACTIVE],
            )
            for pk, score in cursor.fetchall():
                position = self.position.get(pk)
                if position is not None:
                    scores[position] = score
        self._remember(key, scores)
        return scores

    def _remember(self, key: str, value: np.ndarray) -> None:
        with self._lock:
            if len(self._words) >= WORD_CACHE:
                self._words.clear()
            self._words[key] = value

    def _condition(self, name: str, value: Any, by_slug: dict[str, int]) -> tuple[Any, Any]:
        """(mask or True/False for all/none, known): as search._condition. `known` is where
        the column is not NULL: a negated condition never matches elsewhere (as SQL's
        NOT on a NULL)."""
        from kotacerdas.opendata.selectors.search import Range, organization_uuid

        size = self.size
        if isinstance(value, Range):
            if name == "year":
                known = self.years >= 0
                mask: Any = known.copy()
                if value.start is not None:
                    mask &= self.years >= value.start
                if value.end is not None:
                    mask &= self.years <= value.end
                return (True, True) if value.start is None and value.end is None else (mask, known)
            column = self.keys["metadata_modified" if name == "metadata_modified" else "created_at"]
            if value.start is None and value.end is None:
                return True, True
            mask = np.ones(size, dtype=bool)
            if value.start is not None:
                mask &= column >= _micros(value.start)
            if value.end is not None:
                mask &= column <= _micros(value.end)
            return mask, True
        value = str(value)
        if name == "organization":
            return self.organizations == by_slug.get(value, -1), True
        if name == "owner_org":
            by_uuid = {organization_uuid(a): a.pk for a in self.agencies}
            return self.organizations == by_uuid.get(value, by_slug.get(value, -1)), True
        if name == "groups":
            return self.topics.having(value, size), True
        if name == "tags":
            return self.tags.having(value, size), True
        if name == "res_format":
            return self.formats.having(value.upper(), size), True
        if name == "license_id":
            return self.licenses.having(value, size), True
        if name == "name":
            return np.array([n == value for n in self.names], dtype=bool), True
        if name == "title":
            needle = value.lower()
            return np.array([needle in title for title in self.titles], dtype=bool), True
        if name == "id":
            try:
                wanted = str(uuid.UUID(value))
            except ValueError:
                return np.array([n == value for n in self.names], dtype=bool), True
            return np.array([u == wanted for u in self.uuids], dtype=bool), True
        if name == "year":
            if not value.isdigit():
                return False, False  # SQL: pk IN () — nothing, and its negation everything
            return self.years == int(value), self.years >= 0
        if name in ("dataset_type", "type"):
            return (True, True) if value == "dataset" else (False, False)
        if name == "capacity":
            return (value != "private"), True  # every dataset here is public
        if name == "state":
            return (value == DatasetState.ACTIVE), True
        return None, None

    def match(self, words: list[str], filters: dict[str, list[Any]], by_slug) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        for key, values in filters.items():
            negate = key.startswith("-")
            name = key.lstrip("-+")
            for value in values:
                found, known = self._condition(name, value, by_slug)
                if found is None:
                    raise ValueError(name)  # search.py checked the names already
                if negate:
                    if isinstance(found, bool):
                        # NOT of "everything" is nothing, but NOT of an empty IN () is
                        # everything (Django drops it), as is NOT of an empty Q().
                        if found is True and known is True and not _is_empty_q(name, value):
                            mask[:] = False
                        continue
                    mask &= ~found & (known if known is not True else True)
                elif isinstance(found, bool):
                    if not found:
                        mask[:] = False
                else:
                    mask &= found
        for word in words:
            mask &= self._word(word)
        return mask

    # --- answers

    def facets(
        self, match: np.ndarray, names: list[str] | tuple[str, ...], limit: int
    ) -> dict[str, list[tuple[Any, int]]]:
        found: dict[str, list[tuple[Any, int]]] = {}
        for name in names:
            column = {
                "organization": self.organization_values, "year": self.year_values,
                "groups": self.topics, "tags": self.tags,
                "res_format": self.formats, "license_id": self.licenses,
            }[name]  # fmt: skip
            pairs: list[tuple[Any, int]] = column.counts(match)
            pairs.sort(key=lambda pair: (-pair[1], pair[0]))
            found[name] = pairs[:limit] if limit >= 0 else pairs
        return found

    def page(
        self,
        match: np.ndarray,
        order: list[tuple[str, bool]],
        start: int,
        rows: int,
        scores: np.ndarray | None = None,
    ) -> np.ndarray:
        """The positions of the page, ordered as search.dataset_search orders (`score`
        by `scores`, see `ranks`, or left out without them), then by primary key
        descending."""
        from kotacerdas.opendata.selectors.search import SORT_FIELDS

        positions = np.flatnonzero(match)
        if not rows or start >= len(positions):
            return positions[:0]
        keys = []  # the first sorts first
        for name, descending in order:
            if name == "score":
                if scores is not None:
                    keys.append(-scores[positions] if descending else scores[positions])
                continue
            column = self.keys[SORT_FIELDS[name]][positions]
            keys.append(-column if descending else column)
        keys.append(-self.pks[positions])
        ordered = positions[np.lexsort(keys[::-1])]  # np.lexsort sorts by its last key first
        return ordered[start : start + rows]

    def primary_keys(self, positions: np.ndarray) -> list[int]:
        return [int(pk) for pk in self.pks[positions]]

    def stored_rows(self, positions: np.ndarray) -> list:
        """The page's `search.PageRow`s, from memory: no query."""
        return [self.stored[position] for position in positions]


def _is_empty_q(name: str, value: Any) -> bool:
    """Whether search._condition gives an empty `Q()` here (its negation also matches
    everything), rather than a condition true for every row."""
    from kotacerdas.opendata.selectors.search import Range

    if isinstance(value, Range):
        return value.start is None and value.end is None
    return name in ("dataset_type", "type") and str(value) == "dataset"


# --- the process's index

_current: dict[str, SearchIndex | None] = {"index": None}
_build = threading.Lock()


def enabled() -> bool:
    return os.environ.get("KOTACERDAS_SEARCH_INDEX", "1") != "0"


def current() -> SearchIndex | None:
    """The index at the current catalogue version, or None (the SQL path answers)."""
    pg_words = connection.vendor == "postgresql"
    if FORCE:
        return SearchIndex(None, pg_words=pg_words)
    if not enabled():
        return None
    from kotacerdas.opendata.selectors import search_cache

    index = _current["index"]
    if index is None and connection.in_atomic_block:
        return None  # none to use, none to build here: not even the version is read
    if not search_cache._shared_cache_usable():
        return None
    version = search_cache.catalogue_version()
    if version is None:
        return None
    fresh = index is not None and time.monotonic() - index.built_at < search_cache.TIMEOUT
    if fresh and index.version == version:
        return index
    if connection.in_atomic_block or not _build.acquire(blocking=False):
        return None
    try:
        index = SearchIndex(version, pg_words=pg_words)
        _current["index"] = index
        return index
    finally:
        _build.release()


def forget() -> None:
    """Drop this process's index (tests)."""
    _current["index"] = None
