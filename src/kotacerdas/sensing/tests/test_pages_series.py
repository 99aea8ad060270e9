"""The datastream page and its series: time ranges, server-side downsampling on both databases,
bad ranges answered clearly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.sensing.selectors import pages_series as series

from .pages_factories import add_observations, make_stream, make_thing, operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def stream():
    return make_stream(make_thing("Pos Uji Seri"))


def test_short_range_returns_raw_points(stream):
    now = timezone.now()
    add_observations(stream, [1.0, 2.0, 3.0], end=now)
    result = series.datastream_series(stream, time_range=series.parse_range({}, now=now))
    assert result["bucketed"] is False
    assert [p["avg"] for p in result["points"]] == [1.0, 2.0, 3.0]
    assert result["observation_count"] == 3


def test_long_range_is_bucketed_in_sql_with_min_avg_max(stream):
    """1,440 values at 1-minute steps over 24 h: buckets of 3 minutes (480 points), each
    holding three consecutive values 0,1,2 / 3,4,5 ... so min/avg/max are exact."""
    now = timezone.now().replace(second=0, microsecond=0)
    end = now - dt.timedelta(minutes=1)
    values = [float(i) for i in range(1440)]
    add_observations(stream, values, end=end, step=dt.timedelta(minutes=1))
    time_range = series.TimeRange("24j", end - dt.timedelta(minutes=1439), end)
    result = series.datastream_series(stream, time_range=time_range, max_points=500)
    assert result["bucketed"] is True
    assert result["bucket_seconds"] == 180
    points = result["points"]
    assert 480 <= len(points) <= 481
    assert sum(p["n"] for p in points) == 1440
    full = [p for p in points if p["n"] == 3]
    for point in full:
        assert point["max"] - point["min"] == 2
        assert point["avg"] == pytest.approx(point["min"] + 1)
        assert point["t"].timestamp() % 180 == 0
    assert points[0]["t"] <= time_range.start


def test_bucket_width_keeps_at_most_max_points():
    assert series.bucket_seconds(dt.timedelta(days=30)) == 5220  # 30 d / 500 -> 87 min
    assert series.bucket_seconds(dt.timedelta(minutes=5)) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rentang": "99j"}, "Rentang waktu tidak dikenal"),
        ({"rentang": "kustom"}, "Isi tanggal awal"),
        ({"rentang": "kustom", "dari": "kemarin"}, "Isi tanggal awal"),
        ({"rentang": "kustom", "dari": "2026-01-10", "sampai": "2026-01-01"}, "sesudah"),
        ({"rentang": "kustom", "dari": "2026-01-10", "sampai": "2026-02-30"}, "tidak dapat dibaca"),
        ({"rentang": "kustom", "dari": "2020-01-01", "sampai": "2026-01-01"}, "satu tahun"),
    ],
)
def test_bad_ranges_raise_clear_messages(params, message):
    with pytest.raises(series.RangeError, match=message):
        series.parse_range(params)


def test_custom_range_in_local_days():
    result = series.parse_range({"rentang": "kustom", "dari": "2026-03-01", "sampai": "2026-03-02"})
    assert timezone.localtime(result.start).isoformat().startswith("2026-03-01T00:00:00")
    assert timezone.localtime(result.end).date().isoformat() == "2026-03-02"


def test_datastream_page_renders_each_range(client, stream):
    add_observations(stream, [300.0, 305.0])
    client.force_login(operator())
    for key in ["1j", "24j", "7h", "30h"]:
        response = client.get(f"/sensor/aliran/{stream.pk}/?rentang={key}")
        assert response.status_code == 200
        assert response.context["range"].key == key
    body = response.content.decode()
    assert 'id="grafik-aliran"' in body and 'id="data-seri"' in body
    custom = client.get(
        f"/sensor/aliran/{stream.pk}/?rentang=kustom&dari=2026-01-01&sampai=2026-01-31"
    )
    assert custom.status_code == 200
    assert custom.context["series"]["observation_count"] == 0


def test_datastream_page_bad_range_shows_message_not_500(client, stream):
    client.force_login(operator())
    response = client.get(f"/sensor/aliran/{stream.pk}/?rentang=kustom&dari=xx")
    assert response.status_code == 400
    assert "Isi tanggal awal" in response.content.decode()
    assert response.context["range"].key == "24j"  # the chart falls back to 24 hours


def test_datastream_series_json(client, stream):
    add_observations(stream, [1.0, 2.0])
    client.force_login(operator())
    ok = client.get(f"/sensor/aliran/{stream.pk}/seri.json?rentang=1j")
    assert [p["avg"] for p in ok.json()["points"]] == [1.0, 2.0]
    bad = client.get(f"/sensor/aliran/{stream.pk}/seri.json?rentang=abad")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "bad_range"
    assert client.get("/sensor/aliran/999999/seri.json").status_code == 404


def test_datastream_page_latest_fragment_for_polling(client, stream):
    add_observations(stream, [412.5])
    client.force_login(operator())
    fragment = client.get(f"/sensor/aliran/{stream.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="nilai-terakhir"')
    assert "412.5" in fragment or "412,5" in fragment
