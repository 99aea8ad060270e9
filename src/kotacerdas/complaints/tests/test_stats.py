"""Complaint statistics on a small hand-made set: medians (hours), SLA compliance, the minimum
of cases before ranking, filters, exports, the map, the API and who may see them."""

import csv
import datetime as dt
import io
import statistics

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kotacerdas.complaints.models import Case, CaseOutcome, CaseState, Channel
from kotacerdas.complaints.selectors import stats
from kotacerdas.complaints.tests.factories import CaseFactory, CategoryFactory
from kotacerdas.core.models import Region, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


def handled(agency, verify, respond, resolve=None, *, overdue=False, **extra):
    """A case received at T0 with milestones `verify`, `respond`, `resolve` hours later."""
    state = CaseState.CLOSED if resolve is not None else CaseState.IN_PROGRESS
    return CaseFactory(
        category=extra.pop("category", None) or CategoryFactory(default_agency=agency),
        assigned_agency=agency,
        received_at=extra.pop("received_at", T0),
        verified_at=T0 + verify * H,
        dispatched_at=T0 + verify * H,
        responded_at=T0 + respond * H,
        resolved_at=T0 + resolve * H if resolve is not None else None,
        closed_at=T0 + (resolve + 24) * H if resolve is not None else None,
        state=state,
        outcome=CaseOutcome.CONFIRMED if resolve is not None else "",
        is_overdue=overdue,
        **extra,
    )


@pytest.fixture
def data():
    a, b = AgencyFactory(name="Dinas A Uji"), AgencyFactory(name="Dinas B Uji")
    kecamatan = Region.objects.get(code="32.75.01")
    first = handled(a, 1, 10, 100, kecamatan=kecamatan, rating=5)
    handled(a, 2, 20, 200, overdue=True, kecamatan=kecamatan, rating=3)
    handled(a, 3, 30, None, overdue=True, channel=Channel.CALL_CENTER)
    CaseFactory(assigned_agency=b, received_at=T0, category=CategoryFactory(default_agency=b))
    # A merged duplicate is not counted.
    CaseFactory(
        assigned_agency=a,
        received_at=T0,
        state=CaseState.CLOSED,
        outcome=CaseOutcome.DUPLICATE,
        merged_into=first,
        is_overdue=True,
    )
    return {"a": a, "b": b}


@pytest.fixture
def staff():
    return UserFactory(roles=[Role.CALL_CENTER_AGENT])


def figures(actor, **filters):
    return stats.complaint_stats(actor=actor, filters=stats.StatsFilters(**filters))


def row_of(rows, key):
    return next(row for row in rows if row["key"] == key)


def test_medians_and_compliance_by_agency(data, staff):
    result = figures(staff)
    a = row_of(result["by_agency"], data["a"].pk)
    assert (a["total"], a["open"], a["handled"], a["overdue"]) == (3, 1, 2, 2)
    assert (a["median_verify"], a["median_respond"], a["median_resolve"]) == (2.0, 20.0, 150.0)
    # Measured: two handled + one open already late; two of them late.
    assert (a["measured"], a["late"], a["compliance"]) == (3, 2, 33.3)
    assert a["rating"] == 4.0
    b = row_of(result["by_agency"], data["b"].pk)
    assert b["total"] == 1 and b["compliance"] is None and b["median_verify"] is None
    totals = result["totals"]
    assert totals["total"] == 4 and totals["median_verify"] == 2.0
    channel = row_of(result["by_channel"], Channel.CALL_CENTER)
    assert channel["total"] == 1 and channel["label"] == "Call Center 1500444"
    kecamatan = result["by_kecamatan"]
    assert row_of(kecamatan, Region.objects.get(code="32.75.01").pk)["total"] == 2
    assert row_of(kecamatan, None)["label"] == "(belum ditentukan)"


def test_agencies_are_ranked_only_from_the_minimum_of_cases(data, staff):
    result = figures(staff)
    assert all(row["rank"] is None for row in result["scorecards"])
    ranked = stats.scorecards(result["by_agency"], min_cases=1)
    # B has no measured case (compliance unknown): after A.
    assert [(row["key"], row["rank"]) for row in ranked] == [
        (data["a"].pk, 1),
        (data["b"].pk, 2),
    ]
    partly = stats.scorecards(result["by_agency"], min_cases=2)
    assert [(row["key"], row["rank"], row["enough_data"]) for row in partly] == [
        (data["a"].pk, 1, True),
        (data["b"].pk, None, False),
    ]


def test_filters_by_date_and_channel(data, staff):
    assert figures(staff, channel=Channel.CALL_CENTER)["totals"]["total"] == 1
    day = T0.date()
    assert figures(staff, date_from=day, date_to=day)["totals"]["total"] == 4
    assert figures(staff, date_from=day + dt.timedelta(days=1))["totals"]["total"] == 0
    parsed = stats.StatsFilters.parse({"dari": "bukan-tanggal", "kanal": "faks"})
    assert parsed == stats.StatsFilters()


def test_page_for_staff_with_the_minimum_rule_and_the_officers_agency_highlighted(data, client):
    officer = OfficerFactory(agency=data["a"])
    client.force_login(officer)
    page = client.get("/pengaduan/statistik/").content.decode()
    assert "Statistik pengaduan" in page and "belum cukup data" in page
    assert "Perangkat Daerah Anda" in page and 'data-own="1"' in page
    # City-wide aggregates: the other agency is there too.
    assert "Dinas B Uji" in page and "33,3%" in page  # Indonesian decimal comma
    assert "vendor/leaflet/leaflet.js" in page and "cdn" not in page.lower()


def test_citizens_get_no_statistics_other_staff_do(data, client):
    client.force_login(UserFactory())
    assert client.get("/pengaduan/statistik/").status_code == 403
    assert client.get("/pengaduan/statistik/unduh.csv").status_code == 403
    assert client.get("/pengaduan/statistik/peta.json").status_code == 403
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    assert client.get("/pengaduan/statistik/").status_code == 200
    client.logout()
    assert client.get("/pengaduan/statistik/").status_code == 302


def test_csv_and_xlsx_exports(data, client, staff):
    client.force_login(staff)
    response = client.get("/pengaduan/statistik/unduh.csv?kanal=call_center")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Dimensi", "Nama", "Jumlah laporan"]
    assert rows[1][:3] == ["Perangkat Daerah", "Dinas A Uji", "1"]
    assert all(row[2] == "1" for row in rows[1:])  # only the call-center case
    response = client.get("/pengaduan/statistik/unduh.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Perangkat Daerah",
        "Kategori",
        "Kecamatan",
        "Kanal",
        "Rapor Perangkat Daerah",
    ]
    sheet = workbook["Perangkat Daerah"]
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Dinas A Uji"][1] == 3 and values["Dinas A Uji"][5] == 33.3
    card = list(workbook["Rapor Perangkat Daerah"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in card} == {"belum cukup data"}


def test_map_counts_per_kecamatan_and_grid(data, client, staff):
    client.force_login(staff)
    body = client.get("/pengaduan/statistik/peta.json").json()
    assert body["kecamatan"]["32.75.01"]["count"] == 2
    assert body["measure"] == "count"
    assert sum(cell["count"] for cell in body["grid"]) == 4
    cell = body["grid"][0]
    assert round(cell["lat"], 2) == cell["lat"]


def api(user) -> Client:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return Client(headers={"Authorization": f"Token {raw}"})


def test_api_returns_the_same_figures_and_403_for_citizens(data, staff):
    body = api(staff).get("/api/v1/complaints/stats/", {"min_cases": 2}).json()
    assert body["time_unit"] == "hours" and body["totals"]["total"] == 4
    a = row_of(body["scorecards"], data["a"].pk)
    assert a["rank"] == 1 and a["compliance"] == 33.3 and a["median_resolve"] == 150.0
    assert (
        api(staff).get("/api/v1/complaints/stats/", {"channel": "web"}).json()["totals"]["total"]
        == 3
    )
    mapped = api(staff).get("/api/v1/complaints/stats/map").json()
    assert mapped["kecamatan"]["32.75.01"]["count"] == 2
    response = api(UserFactory()).get("/api/v1/complaints/stats/")
    assert response.status_code == 403 and response.json()["error"]["code"]
    bad = api(staff).get("/api/v1/complaints/stats/", {"date_from": "kemarin"})
    assert bad.status_code == 422 and bad.json()["error"]["code"]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=7))
def test_median_time_to_verify_is_the_median_of_the_hours(staff, minutes):
    Case.objects.all().delete()
    agency = AgencyFactory()
    category = CategoryFactory(default_agency=agency)
    for value in minutes:
        CaseFactory(
            category=category,
            received_at=T0,
            verified_at=T0 + dt.timedelta(minutes=value),
            state=CaseState.VERIFIED,
        )
    expected = round(statistics.median(m / 60 for m in minutes), 1)
    assert figures(staff)["totals"]["median_verify"] == pytest.approx(expected, abs=0.051)
