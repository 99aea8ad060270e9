"""The time series of one datastream for its chart and the API: raw points for short ranges,
time buckets with min/avg/max computed in SQL for long ones (at most ~500 points), on SQLite
and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Avg, Count, Func, IntegerField, Max, Min
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.sensing.models import Datastream, Observation

MAX_POINTS = 500
MAX_SPAN = dt.timedelta(days=366)
RANGES = {
    "1j": (dt.timedelta(hours=1), gettext_lazy("1 jam")),
    "24j": (dt.timedelta(hours=24), gettext_lazy("24 jam")),
    "7h": (dt.timedelta(days=7), gettext_lazy("7 hari")),
    "30h": (dt.timedelta(days=30), gettext_lazy("30 hari")),
}
CUSTOM = "kustom"
DEFAULT_RANGE = "24j"


class RangeError(ValueError):
    """A time range that cannot be used; the message is for the user (Indonesian)."""

    @staticmethod
    def unknown_message() -> str:
        return _("Rentang waktu tidak dikenal: pilih 1 jam, 24 jam, 7 hari, 30 hari, atau kustom.")


@dataclass(frozen=True)
class TimeRange:
    key: str
    start: dt.datetime
    end: dt.datetime

    @property
    def span(self) -> dt.timedelta:
        return self.end - self.start


def _parse_moment(text: str, *, end_of_day: bool) -> dt.datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        try:
            day = parse_date(text)
        except ValueError:
            day = None
        if day is None:
            return None
        moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_range(params, *, now: dt.datetime | None = None) -> TimeRange:
    """`rentang` = 1j, 24j, 7h, 30h (the default 24j) or `kustom` with `dari` and `sampai`
    (dates or ISO date-times, local time when no zone is given). Raises RangeError."""
    now = now or timezone.now()
    key = (params.get("rentang") or DEFAULT_RANGE).strip()
    if key in RANGES:
        return TimeRange(key, now - RANGES[key][0], now)
    if key != CUSTOM:
        raise RangeError(RangeError.unknown_message())
    start = _parse_moment(params.get("dari", ""), end_of_day=False)
    end = _parse_moment(params.get("sampai", ""), end_of_day=True) or now
    if start is None:
        raise RangeError(
            _("Isi tanggal awal (dari) dengan format TTTT-BB-HH atau TTTT-BB-HHTjj:mm.")
        )
    if params.get("sampai") and _parse_moment(params.get("sampai", ""), end_of_day=True) is None:
        raise RangeError(_("Tanggal akhir (sampai) tidak dapat dibaca; gunakan format TTTT-BB-HH."))
    if end <= start:
        raise RangeError(_("Tanggal akhir harus sesudah tanggal awal."))
    if end - start > MAX_SPAN:
        raise RangeError(_("Rentang waktu paling lama satu tahun."))
    return TimeRange(CUSTOM, start, end)


class EpochBucket(Func):
    """floor(epoch seconds of the expression / size): the time bucket of a row."""

    output_field = IntegerField()

    def __init__(self, expression, *, size: int):
        super().__init__(expression)
        self.size = int(size)

    def as_sql(self, compiler, connection, **extra_context):  # pragma: no cover - other engines
        raise NotImplementedError(connection.vendor)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        # julianday() instead of strftime('%s'): no percent sign to escape in the SQL.
        epoch = f"CAST(ROUND((julianday({sql}) - 2440587.5) * 86400.0) AS INTEGER)"
        return f"({epoch} / {self.size})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"FLOOR(EXTRACT(EPOCH FROM {sql}) / {self.size})::bigint", params


def bucket_seconds(span: dt.timedelta, *, max_points: int = MAX_POINTS) -> int:
    """The bucket width that gives at most `max_points` buckets over `span`, rounded up to a
    whole minute (or second under one minute)."""
    raw = max(1, math.ceil(span.total_seconds() / max_points))
    return raw if raw < 60 else math.ceil(raw / 60) * 60


def datastream_series(
    stream: Datastream, *, time_range: TimeRange, max_points: int = MAX_POINTS
) -> dict:
    """Numeric results of `stream` within the range, oldest first.

    Up to `max_points` observations are returned as they are (`bucketed` false, min = avg =
    max = the value); more are grouped into time buckets of `bucket_seconds` with their
    min/avg/max and count, so a month of 10-second data stays ~500 points.
    """
    rows = Observation.objects.filter(
        datastream=stream,
        phenomenon_time__gte=time_range.start,
        phenomenon_time__lte=time_range.end,
        result_number__isnull=False,
    )
    total = rows.count()
    points: list[dict] = []
    if total <= max_points:
        for time, value in rows.order_by("phenomenon_time", "id").values_list(
            "phenomenon_time", "result_number"
        ):
            points.append({"t": time, "min": value, "avg": value, "max": value, "n": 1})
        size = None
    else:
        size = bucket_seconds(time_range.span, max_points=max_points)
        grouped = (
            rows.annotate(bucket=EpochBucket("phenomenon_time", size=size))
            .values("bucket")
            .annotate(
                low=Min("result_number"),
                mean=Avg("result_number"),
                high=Max("result_number"),
                n=Count("id"),
            )
            .order_by("bucket")
        )
        for row in grouped:
            start = dt.datetime.fromtimestamp(int(row["bucket"]) * size, tz=dt.UTC)
            points.append(
                {
                    "t": start,
                    "min": row["low"],
                    "avg": row["mean"],
                    "max": row["high"],
                    "n": row["n"],
                }
            )
    return {
        "datastream_id": stream.pk,
        "start": time_range.start,
        "end": time_range.end,
        "observation_count": total,
        "bucketed": size is not None,
        "bucket_seconds": size,
        "points": points,
    }


def series_json(series: dict) -> dict:
    """The series with ISO times, for the chart script."""
    return {
        **series,
        "start": series["start"].isoformat(),
        "end": series["end"].isoformat(),
        "points": [{**point, "t": point["t"].isoformat()} for point in series["points"]],
    }


def recent_observations(stream: Datastream, *, limit: int = 20) -> list[Observation]:
    """The newest observations of any result type, for the table under the chart."""
    return list(
        Observation.objects.filter(datastream=stream)
        .order_by("-phenomenon_time", "-id")
        .only(
            "id",
            "phenomenon_time",
            "result_number",
            "result_string",
            "result_json",
            "received_at",
        )[:limit]
    )
