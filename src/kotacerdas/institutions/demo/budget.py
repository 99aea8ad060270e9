"""Demo budget and reports (Contoh, Pasal 12 and 30): budget lines of the council, the
secretariat and the team for this year from the APBD and one other lawful source, spendings month
by month up to today, and reports with their routing (the team's report went to the council and
then to the mayor). Found again by name / title, so a second run creates nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from kotacerdas.institutions.demo import common
from kotacerdas.institutions.models import (
    Body,
    BodyReport,
    BodyReportKind,
    BudgetLine,
    BudgetSpending,
    FundingSource,
    Letter,
    LetterDirection,
    ReportRouting,
    RoutingStop,
)

# (body, source, source detail, name, amount in millions, monthly share of the amount)
LINES = [
    (Body.COUNCIL, FundingSource.APBD, "", "Contoh: Rapat dan FGD Dewan Kota Cerdas", 420, 0.07),
    (Body.COUNCIL, FundingSource.OTHER, "Contoh: CSR BUMD Kota Bekasi",
     "Contoh: Kajian dan publikasi rekomendasi Dewan", 150, 0.05),
    (Body.SECRETARIAT, FundingSource.APBD, "", "Contoh: Operasional Sekretariat Dewan", 180, 0.08),
    (Body.TEAM, FundingSource.APBD, "", "Contoh: Asistensi pra-Musrenbang Tim Pelaksana", 240,
     0.06),
    (Body.TEAM, FundingSource.APBD, "", "Contoh: Penyusunan draf evaluasi rencana induk", 160,
     0.05),
]  # fmt: skip


def _budget(today: dt.date, recorder) -> tuple[int, int]:
    lines = spendings = 0
    for body, source, detail, name, millions, share in LINES:
        line = BudgetLine.objects.filter(year=today.year, name=name, is_demo=True).first()
        if line is not None:
            continue
        line = BudgetLine.objects.create(
            year=today.year,
            body=body,
            source=source,
            source_detail=detail,
            name=name,
            amount=Decimal(millions) * 1_000_000,
            is_demo=True,
        )
        lines += 1
        rows = []
        for month in range(1, today.month + 1):
            day = dt.date(today.year, month, min(20, today.day if month == today.month else 20))
            if day > today:
                continue
            amount = (line.amount * Decimal(str(share))).quantize(Decimal("1000"))
            rows.append(
                BudgetSpending(
                    line=line,
                    date=day,
                    amount=amount,
                    description=f"Contoh: Realisasi {common.month_year(day)}",
                    recorded_by=recorder,
                    is_demo=True,
                )
            )
        BudgetSpending.objects.bulk_create(rows)
        spendings += len(rows)
    return lines, spendings


def _letter(subject: str) -> Letter | None:
    return Letter.objects.filter(
        direction=LetterDirection.OUTGOING, subject=subject, is_demo=True
    ).first()


def _reports(today: dt.date, recorder) -> int:
    start_recent, end_recent = common.report_period(today)
    reports = [
        (
            BodyReportKind.TEAM,
            f"Contoh: Laporan kegiatan Tim Pelaksana {common.month_year(start_recent)} - "
            f"{common.month_year(end_recent)}",
            start_recent,
            end_recent,
            [
                (RoutingStop.COUNCIL, 5, 6, None),
                (RoutingStop.MAYOR, 12, 14,
                 "Contoh: Penyampaian laporan Tim Pelaksana melalui Dewan"),
            ],
        ),
        (
            BodyReportKind.COUNCIL,
            f"Contoh: Laporan Dewan Kota Cerdas {common.month_year(start_recent)} - "
            f"{common.month_year(end_recent)}",
            start_recent,
            end_recent,
            [(RoutingStop.MAYOR, 30, 32,
              "Contoh: Penyampaian laporan Dewan Kota Cerdas semester I")],
        ),
        (
            BodyReportKind.SECRETARIAT,
            f"Contoh: Laporan pertanggungjawaban Sekretariat {common.month_year(start_recent)} - "
            f"{common.month_year(end_recent)}",
            start_recent,
            end_recent,
            [(RoutingStop.COUNCIL_CHAIR, 10, 10, None)],
        ),
    ]  # fmt: skip
    created = 0
    for kind, title, start, end, hops in reports:
        if BodyReport.objects.filter(kind=kind, is_demo=True).exists():
            continue
        report = BodyReport.objects.create(
            kind=kind,
            title=title,
            period_start=start,
            period_end=end,
            summary="Contoh: Ringkasan kegiatan, capaian, kendala dan rencana tindak lanjut.",
            created_by=recorder,
            is_demo=True,
        )
        for step, (to, sent_after, received_after, letter_subject) in enumerate(hops, start=1):
            sent = min(end + dt.timedelta(days=sent_after), today)
            received = min(end + dt.timedelta(days=received_after), today)
            ReportRouting.objects.create(
                report=report,
                step=step,
                to=to,
                sent_at=common.at(sent, 10),
                received_at=common.at(received, 14),
                letter=_letter(letter_subject) if letter_subject else None,
                note="Contoh: diterima lengkap",
                recorded_by=recorder,
            )
        created += 1
    return created


@transaction.atomic
def load(*, stdout=None) -> None:
    today = common.today()
    recorder = common.user("sekretariat")
    lines, spendings = _budget(today, recorder)
    reports = _reports(today, recorder)
    common.say(
        stdout,
        f"Anggaran dan laporan contoh: {lines} mata anggaran, {spendings} realisasi, "
        f"{reports} laporan dibuat.\n",
    )
