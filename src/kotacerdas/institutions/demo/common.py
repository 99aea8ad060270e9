"""Helpers shared by the institutions demo modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kotacerdas.core.models import Helix, Organisation, Person, User
from kotacerdas.institutions.models import LetterClassification

DEMO_ACTOR = "seed_demo"
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
CLASSIFICATIONS = {
    "005": "Undangan",
    "050": "Perencanaan",
    "060": "Organisasi / Ketatalaksanaan",
    "100": "Pemerintahan",
    "555": "Komunikasi dan informatika",
    "800": "Kepegawaian",
    "900": "Keuangan",
}


def say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def today() -> dt.date:
    return timezone.localdate()


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime of `day` in the platform's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def report_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The six months the demo reports cover, ending on the last day of the month three months
    before `today`."""
    from kotacerdas.institutions import rules

    end = rules.add_months(today.replace(day=1), -3) - dt.timedelta(days=1)
    return rules.add_months(end.replace(day=1), -5), end


def month_year(day: dt.date) -> str:
    return f"{MONTHS_ID[day.month - 1]} {day.year}"


def user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def classification(code: str) -> LetterClassification:
    """The classification `code` (the secretariat's migration loads them; get_or_create keeps the
    demo independent of its timing)."""
    row, _created = LetterClassification.objects.get_or_create(
        code=code, defaults={"name": CLASSIFICATIONS.get(code, code)}
    )
    return row


def organisation(name: str, helix: str, kind: str = "") -> Organisation:
    row = Organisation.objects.filter(name=name, helix=helix).first()
    if row is None:
        row = Organisation.objects.create(name=name, helix=helix, kind=kind, is_demo=True)
    return row


def government_organisation(agency_code: str = "SETDA") -> Organisation:
    """The government-helix organisation of an agency (core loads one per Perangkat Daerah)."""
    row = (
        Organisation.objects.filter(helix=Helix.PEMERINTAH, agency__code=agency_code)
        .order_by("pk")
        .first()
    )
    return row or organisation("Pemerintah Kota Bekasi (Contoh)", Helix.PEMERINTAH, "Pemerintah")


def person(name: str, title: str, org: Organisation | None, expertise: str = "") -> Person:
    """A demo person, found by name (names carry "(Contoh)")."""
    row = Person.objects.filter(name=name, is_demo=True).first()
    if row is None:
        slug = name.split(" (")[0].lower().replace(".", "").replace(",", "").replace(" ", ".")
        row = Person.objects.create(
            name=name,
            title=title,
            organisation=org,
            expertise=expertise,
            email=f"{slug}@contoh.invalid",
            is_demo=True,
        )
    return row


def link_user(username: str, person_row: Person) -> None:
    """Give the demo account its Person, once (never steal another person's account)."""
    account = user(username)
    if account is None or person_row.user_id is not None:
        return
    if Person.objects.filter(user=account).exists():
        return
    person_row.user = account
    person_row.save(update_fields=["user", "updated_at"])
