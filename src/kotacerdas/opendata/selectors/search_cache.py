"""A cache of public `package_search` results, invalidated by a catalogue version.

Every write that changes what a search may answer (datasets, releases, resources; see
services/datasets.py) calls `catalogue_changed()`, which, at once and again once its
transaction commits, gives the catalogue a new random version in Django's cache (shared by
every web and worker process: the database cache, or Redis with REDIS_URL). A result is
stored under its normalised parameters and the version it was computed at, so after a write
no process can find it again: the next search is computed afresh. A version is never
reused (it is random, not a counter), so an evicted version key cannot bring old entries
back.

Reading that version would cost every cached answer a database round trip (most of its
time). On PostgreSQL the version travels by notification instead: each bump is also a
`NOTIFY` (delivered to every listening connection when the write commits), each thread's
connection `LISTEN`s once and then only drains what arrived on its socket, so outside a
transaction a hit makes no query at all (see `_version_notified`). Inside a transaction
(notifications wait for its end) and on SQLite the version is read as before.

Only results that do not depend on who asks are cached: the public's visibility (an
anonymous caller, or `include_private` off). Two kinds: whole `package_search` answers
(`cached_search`), kept as the response body already encoded (`Encoded`: the CKAN envelope
built once, so a hit is a key, the version and a lookup, without serialising again),
and the count and facets of a match (`cached`, from the selector), which every page and
order of the same `q` and `fq` share. Each process keeps the newest results
in memory (`LOCAL_ENTRIES`, checked against the shared version); with Redis the shared
cache holds their JSON as well (not with the database cache: see `_entries_shared`).
Agency and topic renames do not bump the version: they show after `TIMEOUT` seconds.
Without a usable shared cache (the database cache table missing, Redis down) nothing is
cached. `KOTACERDAS_SEARCH_CACHE=0` turns the cache off (benchmarks).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation

log = logging.getLogger(__name__)

VERSION_KEY = "opendata:catalogue-version"
TIMEOUT = 300  # seconds; bounds how long an agency or topic rename may show its old name
LOCAL_ENTRIES = 256
MAX_BYTES = 1_000_000  # larger results (rows=1000 pages) are not kept

_local: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()
_usable: dict[str, bool] = {}
_request = threading.local()  # the version read by the answer being computed (one read)


def enabled() -> bool:
    return os.environ.get("KOTACERDAS_SEARCH_CACHE", "1") != "0" and _shared_cache_usable()


def _shared_cache_usable() -> bool:
    config = settings.CACHES["default"]
    if config["BACKEND"].endswith("DatabaseCache"):
        # A missing table would be an error inside the caller's transaction: check once.
        key = config["LOCATION"]
        found = _usable.get(key)
        if found is None:
            found = _usable[key] = key in connection.introspection.table_names()
        return found
    return True


def _bump() -> None:
    version = uuid.uuid4().hex
    try:
        cache.set(VERSION_KEY, version, None)
        if connection.vendor == "postgresql":
            # Delivered to every listening connection when the write commits (at once
            # when this runs after the commit), in commit order.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, version])
    except Exception:  # the version stays; entries still expire after TIMEOUT
        log.exception("catalogue version not bumped")
    _adopt(version)


def catalogue_changed() -> None:
    """Call inside every write to datasets, releases or resources: cached search results
    are no longer found. The version changes at once (this connection's later searches, in
    the same transaction, see the write) and again when the transaction commits (an answer
    another process computed before the commit, without the write, is not found either)."""
    if _shared_cache_usable():
        _bump()
        transaction.on_commit(_bump)


def catalogue_version() -> str | None:
    """The current version: on PostgreSQL outside a transaction from the notifications
    this thread's connection received (no query); otherwise read from the shared cache."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        try:
            return _version_notified()
        except Exception:
            log.exception("catalogue notifications unreadable; version read instead")
            _listening.discard(getattr(connection, "connection", None))
    return _shared_version()


def _shared_version() -> str | None:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
    except Exception:
        log.exception("catalogue version unreadable; search not cached")
        return None
    return version


# --- the version by PostgreSQL notification (LISTEN/NOTIFY)
#
# Each thread's database connection LISTENs once (then reads the shared version: a change
# after that is notified); a search then only drains what arrived on its socket, without a
# round trip. Every version a process learnt (notified, read, or made by its own writes) is
# remembered, so the same notification arriving on each thread's connection switches the
# process's version once, and an older one never comes back.

CHANNEL = "kotacerdas_catalogue"
_listening: weakref.WeakSet = weakref.WeakSet()  # psycopg connections that LISTEN
_known: OrderedDict[str, None] = OrderedDict()
_process: dict[str, str | None] = {"version": None}


def _adopt(version: str | None) -> None:
    if version is None:
        return
    with _lock:
        if version in _known:
            return
        _known[version] = None
        while len(_known) > 1000:
            _known.popitem(last=False)
        _process["version"] = version


def _on_notify(notify) -> None:
    if notify.channel == CHANNEL:
        _adopt(notify.payload)


def _version_notified() -> str | None:
    connection.ensure_connection()
    raw = connection.connection
    if raw not in _listening:
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
        raw.add_notify_handler(_on_notify)  # notifications read during other queries
        _listening.add(raw)
        shared = _shared_version()
        _adopt(shared)
        if shared is not None and _process["version"] != shared:  # known, but not current
            with _lock:
                _process["version"] = shared
    else:
        pgconn = raw.pgconn
        pgconn.consume_input()  # what already arrived on the socket; never waits
        while (notify := pgconn.notifies()) is not None:
            pgconn.notify_handler(notify)  # psycopg's: calls `_on_notify`
    if _process["version"] is None:  # the shared version was unreadable: try again
        _adopt(_shared_version())
    return _process["version"]


def _key(parts: list[Any]) -> str:
    raw = json.dumps([translation.get_language(), *parts], sort_keys=True, default=str)
    return "opendata:search:" + hashlib.sha256(raw.encode()).hexdigest()


class Encoded(bytes):
    """A response body already encoded as JSON (UTF-8): the view sends it as it is."""


def cached_search(request, parameters: dict[str, Any], compute: Callable[[], bytes]) -> Encoded:
    """The encoded body (`compute()`: the whole CKAN envelope) for these public-visibility
    `parameters`, from the cache when the catalogue has not changed since it was stored.
    The key holds, besides the parameters, what the answer depends on: the host (absolute
    URLs), the language and today (freshness)."""
    host = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    today = timezone.localdate().isoformat()
    return Encoded(cached(["package_search", host, today, parameters], compute, raw=True))


def cached(
    parts: list[Any], compute: Callable[[], Any], *, raw: bool = False, local: bool = False
) -> Any:
    """`compute()` (a JSON value; with `raw`, bytes kept as they are; with `local`, any
    value, kept in this process only) for the key `parts` at the current catalogue version
    (read once per answer: a `cached` inside `compute` uses the same)."""
    if not enabled():
        return compute()
    outer = getattr(_request, "version", None)
    version = outer or catalogue_version()
    if version is None:
        return compute()
    _request.version = version
    try:
        return _cached(f"{_key(parts)}:{version}", compute, raw=raw, local=local)
    finally:
        _request.version = outer


def _cached(key: str, compute: Callable[[], Any], *, raw: bool, local: bool = False) -> Any:
    now = time.monotonic()
    with _lock:
        found = _local.get(key)
        if found is not None and found[0] > now:
            _local.move_to_end(key)
            return found[1]
    shared = _entries_shared() and not local
    try:
        stored = cache.get(key) if shared else None
    except Exception:
        log.exception("search cache unreadable")
        stored = None
    if stored is not None:
        result = bytes(stored) if raw else json.loads(stored)
        _keep(key, result, now)
        return result
    result = compute()
    if raw:
        body = result
    elif shared:
        body = json.dumps(result, ensure_ascii=False, separators=(",", ":"), default=str)
    else:  # kept in this process only, as the value it is
        _keep(key, result, now)
        return result
    if len(body) <= MAX_BYTES:
        if shared:
            try:
                cache.set(key, body, TIMEOUT)
            except Exception:
                log.exception("search cache not written")
        _keep(key, result, now)
    return result


def _entries_shared() -> bool:
    """Whether results go to the shared cache too: with Redis; not with the database cache,
    where a write (a transaction: count for culling, select, insert) and a read on every
    miss cost more than most searches they could save (measured with the bench's mix), so
    each process keeps its own results there and only the version is shared."""
    return not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def _keep(key: str, result: Any, now: float) -> None:
    with _lock:
        _local[key] = (now + TIMEOUT, result)
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def clear_local() -> None:
    """Forget this process's copies and versions (tests)."""
    with _lock:
        _local.clear()
        _known.clear()
        _process["version"] = None
    _usable.clear()
