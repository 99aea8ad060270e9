"""The compliance board: delivered, late (terlambat), returned, missing (belum dikirim), not
due, per agency and period; officers see only their agency; CSV export."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from kotacerdas.opendata.models import Frequency, SubmissionStatus
from kotacerdas.opendata.selectors.compliance import (
    compliance_board,
    compliance_csv,
    compliance_totals,
    entry_period_states,
)
from kotacerdas.opendata.tests.factories import (
    DataListEntryFactory,
    ProducerFactory,
    SubmissionFactory,
    WalidataFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 8, 15)


def _at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _submit(entry, label, day, status):
    return SubmissionFactory(entry=entry, period_label=label, submitted_at=_at(day), status=status)


@pytest.fixture
def entry():
    # Quarterly 2025, due 30 days after each quarter: Q1 by 30 Apr, Q2 by 30 Jul, Q3 by 30 Oct.
    return DataListEntryFactory(year=2025, frequency=Frequency.QUARTERLY, due_days=30)


def _states(entry):
    return {cell.period.label: cell.state for cell in entry_period_states(entry=entry, today=TODAY)}


def test_states_of_constructed_cases(entry):
    _submit(entry, "2025-Q1", dt.date(2025, 4, 30), SubmissionStatus.PUBLISHED)
    _submit(entry, "2025-Q2", dt.date(2025, 8, 2), SubmissionStatus.SUBMITTED)
    assert _states(entry) == {
        "2025-Q1": "delivered",
        "2025-Q2": "late",
        "2025-Q3": "not_due",
        "2025-Q4": "not_due",
    }


def test_missing_when_overdue_and_nothing_was_handed_in(entry):
    assert _states(entry)["2025-Q1"] == "missing"
    assert _states(entry)["2025-Q2"] == "missing"


def test_returned_or_invalid_latest_attempt_counts_as_returned(entry):
    _submit(entry, "2025-Q1", dt.date(2025, 4, 1), SubmissionStatus.RETURNED)
    _submit(entry, "2025-Q2", dt.date(2025, 7, 1), SubmissionStatus.INVALID)
    states = _states(entry)
    assert (states["2025-Q1"], states["2025-Q2"]) == ("returned", "returned")


def test_a_resubmission_after_a_return_is_delivered_late_when_after_the_due_date(entry):
    _submit(entry, "2025-Q1", dt.date(2025, 4, 1), SubmissionStatus.RETURNED)
    _submit(entry, "2025-Q1", dt.date(2025, 5, 3), SubmissionStatus.CHECKED)
    assert _states(entry)["2025-Q1"] == "late"


def test_a_superseded_submitted_file_does_not_count_when_the_newer_one_failed(entry):
    _submit(entry, "2025-Q1", dt.date(2025, 4, 1), SubmissionStatus.SUBMITTED)
    _submit(entry, "2025-Q1", dt.date(2025, 4, 2), SubmissionStatus.INVALID)
    assert _states(entry)["2025-Q1"] == "returned"


def test_a_published_period_stays_delivered_when_a_correction_fails(entry):
    _submit(entry, "2025-Q1", dt.date(2025, 4, 1), SubmissionStatus.PUBLISHED)
    _submit(entry, "2025-Q1", dt.date(2025, 6, 1), SubmissionStatus.RETURNED)
    assert _states(entry)["2025-Q1"] == "delivered"


def test_a_file_being_validated_is_processing(entry):
    _submit(entry, "2025-Q1", dt.date(2025, 4, 1), SubmissionStatus.VALIDATING)
    assert _states(entry)["2025-Q1"] == "processing"


def test_board_counts_per_agency_and_officers_see_only_their_agency(entry):
    other = DataListEntryFactory(year=2025, frequency=Frequency.ANNUAL)
    _submit(entry, "2025-Q1", dt.date(2025, 4, 30), SubmissionStatus.PUBLISHED)
    DataListEntryFactory(year=2024, agency=entry.agency)  # another year: not on the board
    board = compliance_board(actor=WalidataFactory(), year=2025, today=TODAY)
    by_agency = {group.agency: group.counts for group in board}
    assert by_agency[entry.agency] == {
        "delivered": 1,
        "late": 0,
        "returned": 0,
        "processing": 0,
        "missing": 1,
        "not_due": 2,
    }
    assert by_agency[other.agency]["not_due"] == 1
    assert compliance_totals(board)["not_due"] == 3
    officer = ProducerFactory(agency=entry.agency)
    mine = compliance_board(actor=officer, year=2025, today=TODAY)
    assert [group.agency for group in mine] == [entry.agency]
    only_q1 = compliance_board(actor=officer, year=2025, period_label="2025-Q1", today=TODAY)
    assert [cell.period.label for cell in only_q1[0].cells] == ["2025-Q1"]


def test_board_uses_a_fixed_number_of_queries(entry, django_assert_num_queries):
    for _ in range(5):
        DataListEntryFactory(year=2025, frequency=Frequency.MONTHLY)
    walidata = WalidataFactory()
    with django_assert_num_queries(2):
        compliance_board(actor=walidata, year=2025, today=TODAY)


def test_board_as_csv(entry):
    _submit(entry, "2025-Q1", dt.date(2025, 5, 2), SubmissionStatus.CHECKED)
    out = io.StringIO()
    compliance_csv(compliance_board(actor=WalidataFactory(), year=2025, today=TODAY), out)
    lines = out.getvalue().splitlines()
    assert (
        lines[0] == "Perangkat Daerah,Data,Tahun,Periode,Batas waktu,Status,Tanggal kirim,Prioritas"
    )
    assert lines[1] == (
        f"{entry.agency.name},{entry.title},2025,2025-Q1,2025-04-30,Terlambat,2025-05-02,tidak"
    )
    assert len(lines) == 5
