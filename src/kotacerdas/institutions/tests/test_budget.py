"""Budget (Pasal 30): pagu per body and source, spendings, overspend refused, bad amounts,
summary arithmetic, pages with CSV/XLSX, API and roles."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory
from kotacerdas.institutions.models import Body, BudgetLine, BudgetSpending, FundingSource
from kotacerdas.institutions.selectors.budget import budget_summary, percent
from kotacerdas.institutions.services.budget import (
    budget_line_create,
    budget_line_update,
    budget_spending_record,
    budget_spending_remove,
    rupiah,
)

pytestmark = pytest.mark.django_db
BASE = "/kelembagaan/anggaran/"
API = "/api/v1/institutions/budget"


@pytest.fixture
def secretariat():
    return UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])


def line(actor, **overrides):
    values = {
        "actor": actor,
        "year": 2026,
        "body": Body.COUNCIL,
        "source": FundingSource.APBD,
        "name": "Rapat koordinasi Dewan",
        "amount": "10000000",
    }
    values.update(overrides)
    return budget_line_create(**values)


def counts():
    return (BudgetLine.objects.count(), BudgetSpending.objects.count(), AuditEvent.objects.count())


def test_line_and_spendings_with_summary(secretariat):
    council = line(secretariat)
    line(secretariat, body=Body.TEAM, name="Pendampingan", amount="5000000")
    line(
        secretariat, source=FundingSource.OTHER, source_detail="Hibah", name="FGD", amount="2000000"
    )
    budget_spending_record(
        actor=secretariat,
        line=council,
        date=dt.date(2026, 2, 1),
        amount="2500000",
        description="Konsumsi",
    )
    rows, total = budget_summary(actor=secretariat, year=2026)
    council_apbd = next(r for r in rows if (r.body, r.source) == ("council", "apbd"))
    assert (council_apbd.pagu, council_apbd.realised, council_apbd.remaining) == (
        Decimal("10000000"),
        Decimal("2500000"),
        Decimal("7500000"),
    )
    assert council_apbd.percent == Decimal("25.0")
    assert [(r.body, r.source) for r in rows] == [
        ("council", "apbd"),
        ("council", "other"),
        ("team", "apbd"),
    ]
    assert (total.pagu, total.realised) == (Decimal("17000000"), Decimal("2500000"))
    assert AuditEvent.objects.filter(action="budget_spending.record").count() == 1


def test_spending_up_to_the_pagu_is_accepted_and_one_rupiah_more_refused(secretariat):
    bl = line(secretariat, amount="1000")
    budget_spending_record(
        actor=secretariat, line=bl, date=dt.date(2026, 1, 5), amount="600", description="a"
    )
    budget_spending_record(
        actor=secretariat, line=bl, date=dt.date(2026, 1, 6), amount="400", description="b"
    )
    before = counts()
    with pytest.raises(ValidationError) as exc:
        budget_spending_record(
            actor=secretariat, line=bl, date=dt.date(2026, 1, 7), amount="0.01", description="c"
        )
    message = exc.value.message_dict["amount"][0]
    assert "melebihi sisa pagu Rp 0" in message and "Rapat koordinasi Dewan" in message
    assert counts() == before


def test_overspend_message_names_amount_and_remaining(secretariat):
    bl = line(secretariat, amount="10000000")
    budget_spending_record(
        actor=secretariat, line=bl, date=dt.date(2026, 1, 5), amount="9000000", description="a"
    )
    with pytest.raises(ValidationError) as exc:
        budget_spending_record(
            actor=secretariat, line=bl, date=dt.date(2026, 1, 6), amount="1500000", description="b"
        )
    assert (
        "Realisasi Rp 1.500.000 melebihi sisa pagu Rp 1.000.000"
        in exc.value.message_dict["amount"][0]
    )


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "NaN", "1.001", "1e20"])
def test_zero_negative_or_malformed_amounts_are_refused(secretariat, amount):
    bl = line(secretariat)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        budget_spending_record(
            actor=secretariat, line=bl, date=dt.date(2026, 1, 5), amount=amount, description="x"
        )
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError):
        line(secretariat, amount=amount)
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": "mayor"}, "body"),
        ({"source": "loan"}, "source"),
        ({"source": FundingSource.OTHER, "source_detail": ""}, "source_detail"),
        ({"name": " "}, "name"),
        ({"year": 1999}, "year"),
    ],
)
def test_bad_lines_are_refused(secretariat, overrides, field):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        line(secretariat, **overrides)
    assert field in exc.value.message_dict
    assert counts() == before


def test_spending_outside_the_year_of_the_line_is_refused(secretariat):
    bl = line(secretariat)
    with pytest.raises(ValidationError) as exc:
        budget_spending_record(
            actor=secretariat, line=bl, date=dt.date(2027, 1, 1), amount="1", description="x"
        )
    assert "tahun anggaran 2026" in exc.value.message_dict["date"][0]


def test_pagu_cannot_drop_below_what_is_spent(secretariat):
    bl = line(secretariat, amount="1000")
    budget_spending_record(
        actor=secretariat, line=bl, date=dt.date(2026, 1, 5), amount="800", description="a"
    )
    with pytest.raises(ValidationError) as exc:
        budget_line_update(actor=secretariat, line=bl, name="x", amount="799")
    assert "Rp 800" in exc.value.message_dict["amount"][0]
    assert budget_line_update(
        actor=secretariat, line=bl, name="Baru", amount="800"
    ).amount == Decimal("800")


def test_removing_a_spending_frees_the_pagu(secretariat):
    bl = line(secretariat, amount="1000")
    s = budget_spending_record(
        actor=secretariat, line=bl, date=dt.date(2026, 1, 5), amount="1000", description="a"
    )
    budget_spending_remove(actor=secretariat, spending=s)
    budget_spending_record(
        actor=secretariat, line=bl, date=dt.date(2026, 1, 6), amount="1000", description="b"
    )
    assert AuditEvent.objects.filter(action="budget_spending.remove").count() == 1


@pytest.mark.parametrize(
    "roles", [[Role.AGENCY_OFFICER.value], [Role.COUNCIL_MEMBER.value], [Role.EXECUTIVE.value]]
)
def test_only_the_secretariat_writes(secretariat, roles):
    user = UserFactory(roles=roles)
    bl = line(secretariat)
    before = counts()
    with pytest.raises(PermissionDenied):
        line(user)
    with pytest.raises(PermissionDenied):
        budget_spending_record(
            actor=user, line=bl, date=dt.date(2026, 1, 5), amount="1", description="x"
        )
    assert counts() == before


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pagu=st.integers(min_value=1, max_value=10**9),
    amounts=st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=6),
)
def test_realisation_never_exceeds_the_pagu(secretariat, pagu, amounts):
    bl = line(secretariat, amount=pagu)
    accepted = 0
    for amount in amounts:
        try:
            budget_spending_record(
                actor=secretariat, line=bl, date=dt.date(2026, 3, 1), amount=amount, description="x"
            )
        except ValidationError:
            assert accepted + amount > pagu
        else:
            accepted += amount
    rows, _total = budget_summary(actor=secretariat, year=2026)
    row = next(r for r in rows if r.body == "council")
    assert row.realised <= row.pagu
    BudgetSpending.objects.all().delete()
    BudgetLine.objects.all().delete()


@given(
    part=st.integers(min_value=0, max_value=10**12),
    whole=st.integers(min_value=1, max_value=10**12),
)
def test_percent_is_rounded_to_one_decimal(part, whole):
    value = percent(Decimal(part), Decimal(whole))
    assert abs(value - Decimal(part) * 100 / Decimal(whole)) <= Decimal("0.05")
    assert percent(Decimal(part), Decimal(0)) is None


def test_rupiah_format():
    assert rupiah(Decimal("1234567")) == "Rp 1.234.567"
    assert rupiah(Decimal("1234567.5")) == "Rp 1.234.567,50"


def test_budget_page_summary_forms_and_exports(client, secretariat):
    client.force_login(secretariat)
    bl = line(secretariat, amount="10000000")
    budget_spending_record(
        actor=secretariat, line=bl, date=dt.date(2026, 2, 1), amount="2500000", description="a"
    )
    page = client.get(BASE + "?tahun=2026").content.decode()
    assert "Rapat koordinasi Dewan" in page and "25,0" in page
    bad = client.post(
        BASE + "?tahun=2026", {"body": "council", "source": "apbd", "name": "X", "amount": "0"}
    )
    assert bad.status_code == 400 and "lebih dari nol" in bad.content.decode()
    ok = client.post(
        BASE + "?tahun=2026", {"body": "team", "source": "apbd", "name": "Tim", "amount": "500"}
    )
    assert ok.status_code == 302 and BudgetLine.objects.filter(year=2026, body="team").exists()
    over = client.post(
        f"{BASE}{bl.pk}/",
        {"form": "realisasi", "date": "2026-03-01", "amount": "8000000", "description": "b"},
    )
    assert over.status_code == 400 and "melebihi sisa pagu" in over.content.decode()
    csv_text = client.get(BASE + "ekspor.csv?tahun=2026").content.decode("utf-8-sig")
    assert "Rapat koordinasi Dewan" in csv_text and csv_text.count("\n") == 3
    xlsx = client.get(BASE + "ekspor.xlsx?tahun=2026")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook.worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][4] == "Uraian" and any(
        r[4] == "Rapat koordinasi Dewan" and r[6] == 2500000 for r in values[1:]
    )


def test_budget_page_roles(client, secretariat):
    bl = line(secretariat)
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER.value]))
    page = client.get(BASE + "?tahun=2026")
    assert page.status_code == 200 and "Tambah mata anggaran" not in page.content.decode()
    assert (
        client.post(
            BASE, {"body": "team", "source": "apbd", "name": "X", "amount": "5"}
        ).status_code
        == 403
    )
    assert client.get(f"{BASE}{bl.pk}/").status_code == 200
    client.force_login(OfficerFactory())
    assert client.get(BASE).status_code == 403
    assert client.get(BASE + "ekspor.xlsx").status_code == 403


def test_api_summary_lines_and_overspend(client, secretariat):
    _t, raw = token_create(actor=secretariat, user=secretariat, name="uji")
    headers = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    created = client.post(
        API + "/lines",
        {"year": 2026, "body": "council", "source": "apbd", "name": "Rapat", "amount": "1000"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    line_id = created.json()["id"]
    spent = client.post(
        f"{API}/lines/{line_id}/spendings",
        {"date": "2026-01-02", "amount": "400", "description": "a"},
        content_type="application/json",
        **headers,
    )
    assert spent.status_code == 201
    before = counts()
    over = client.post(
        f"{API}/lines/{line_id}/spendings",
        {"date": "2026-01-02", "amount": "601", "description": "b"},
        content_type="application/json",
        **headers,
    )
    assert over.status_code == 422 and counts() == before
    summary = client.get(API + "/summary?year=2026", **headers).json()
    assert Decimal(summary["total"]["remaining"]) == Decimal("600")
    lines = client.get(API + "/lines?year=2026", **headers).json()
    assert lines["count"] == 1 and Decimal(lines["items"][0]["realised"]) == Decimal("400")
    detail = client.get(f"{API}/lines/{line_id}", **headers).json()
    assert [s["description"] for s in detail["spendings"]] == ["a"]
    officer = OfficerFactory()
    _t, raw = token_create(actor=officer, user=officer, name="uji")
    assert (
        client.get(API + "/summary?year=2026", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 403
    )
