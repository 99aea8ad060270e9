"""Factories of the monitoring app."""

from __future__ import annotations

import decimal

import factory
from factory.django import DjangoModelFactory

from kotacerdas.masterplan.tests.factories import ActivityFactory, IndicatorFactory
from kotacerdas.monitoring.models import (
    IndicatorValue,
    Realisation,
    RealisationStatus,
    Recommendation,
    RecommendationSource,
    ReportingPeriod,
)


class ReportingPeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("year", "quarter")

    year = 2026
    quarter = 1


class RealisationFactory(DjangoModelFactory):
    class Meta:
        model = Realisation

    activity = factory.SubFactory(ActivityFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    physical_progress = decimal.Decimal("50.00")
    budget_realised = decimal.Decimal("25000000.00")
    status = RealisationStatus.DRAFT


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    realisation = factory.SubFactory(RealisationFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, activity=factory.SelfAttribute("..realisation.activity")
    )
    value = decimal.Decimal("50")


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation

    source = RecommendationSource.TEAM
    title = factory.Sequence(lambda n: f"Rekomendasi Uji {n}")
    year = 2026
    due_date = factory.Faker("date_between", start_date="+10d", end_date="+60d")
