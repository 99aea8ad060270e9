"""Factories of `institutions` (factory-boy). Shared by every test module of the app."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kotacerdas.core.models import Helix
from kotacerdas.core.tests.factories import OrganisationFactory, PersonFactory
from kotacerdas.institutions import rules
from kotacerdas.institutions.models import (
    Commission,
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    Decree,
    DecreeKind,
    ImplementationTeam,
    Letter,
    LetterClassification,
    LetterDirection,
    Meeting,
    MeetingKind,
    MeetingStatus,
    TermStatus,
)
from kotacerdas.masterplan.models import Dimension


class DecreeFactory(DjangoModelFactory):
    class Meta:
        model = Decree

    number = factory.Sequence(lambda n: f"000.1.3/Kep.{100 + n}-Diskominfostandi/2026")
    date = dt.date(2026, 1, 5)
    kind = DecreeKind.COUNCIL
    subject = "Pembentukan Dewan Kota Cerdas"


class CouncilTermFactory(DjangoModelFactory):
    """A term with its six komisi (one per dimension), without members."""

    class Meta:
        model = CouncilTerm

    number = factory.Sequence(lambda n: n + 1)
    start_date = dt.date(2026, 1, 5)
    end_date = factory.LazyAttribute(lambda o: rules.term_end(o.start_date))
    status = TermStatus.DRAFT

    @factory.post_generation
    def commissions(obj, create, extracted, **kwargs):
        if not create:
            return
        for dimension in Dimension.objects.order_by("order"):
            Commission.objects.get_or_create(
                term=obj, dimension=dimension, defaults={"name": f"Komisi {dimension.name_id}"}
            )


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = CouncilMembership

    term = factory.SubFactory(CouncilTermFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory, helix=Helix.AKADEMISI)
    helix = factory.LazyAttribute(lambda o: o.organisation.helix)
    position = CouncilPosition.ANGGOTA_KOMISI
    commission = factory.LazyAttribute(
        lambda o: (
            o.term.commissions.first()
            if o.position
            in (
                CouncilPosition.KETUA_KOMISI,
                CouncilPosition.SEKRETARIS_KOMISI,
                CouncilPosition.ANGGOTA_KOMISI,
            )
            else None
        )
    )
    start_date = factory.LazyAttribute(lambda o: o.term.start_date)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    term = factory.SubFactory(CouncilTermFactory)
    kind = MeetingKind.COMMISSION
    title = factory.Sequence(lambda n: f"Rapat komisi {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    location = "Ruang Rapat Diskominfostandi"
    status = MeetingStatus.SCHEDULED


class LetterClassificationFactory(DjangoModelFactory):
    class Meta:
        model = LetterClassification
        django_get_or_create = ("code",)

    code = "005"
    name = "Undangan"


class LetterFactory(DjangoModelFactory):
    class Meta:
        model = Letter

    direction = LetterDirection.INCOMING
    number = factory.Sequence(lambda n: f"B/{n}/LUAR/2026")
    year = 2026
    date = dt.date(2026, 3, 2)
    classification = factory.SubFactory(LetterClassificationFactory)
    subject = "Surat uji"
    sender = "Universitas Uji"
    recipient = "Dewan Kota Cerdas Kota Bekasi"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = ImplementationTeam

    start_date = dt.date(2026, 1, 12)
