"""Factories of the masterplan app (shared by masterplan and monitoring tests)."""

from __future__ import annotations

import decimal

import factory
from factory.django import DjangoModelFactory

from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    BudgetSource,
    Dimension,
    Element,
    Indicator,
    IndicatorLevel,
    IndicatorTarget,
    PriorityProgram,
    Program,
)


def dimension(code: str = "GOV") -> Dimension:
    """Reference dimensions are loaded by migration; tests look them up."""
    return Dimension.objects.get(code=code)


class PriorityProgramFactory(DjangoModelFactory):
    class Meta:
        model = PriorityProgram
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: (n % 45) + 1)
    name = factory.Sequence(lambda n: f"Program Prioritas Uji {n}")
    dimension = factory.LazyFunction(lambda: Dimension.objects.order_by("order").first())


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    priority_program = factory.SubFactory(PriorityProgramFactory)
    code = factory.Sequence(lambda n: f"2.{16 + n % 80:02d}.{(n % 99) + 1:02d}")
    name = factory.Sequence(lambda n: f"Program Uji {n}")
    agency = factory.SubFactory(AgencyFactory)
    dimension = factory.LazyAttribute(lambda o: o.priority_program.dimension)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    program = factory.SubFactory(ProgramFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.program.code}.1.{(n % 99) + 1:02d}")
    name = factory.Sequence(lambda n: f"Kegiatan Uji {n}")
    agency = factory.LazyAttribute(lambda o: o.program.agency)
    dimension = factory.LazyAttribute(lambda o: o.program.dimension)

    @factory.post_generation
    def elements(obj, create, extracted, **kwargs):
        if create:
            chosen = extracted or list(Element.objects.filter(dimension=obj.dimension)[:1])
            obj.elements.set(chosen)


class BudgetAllocationFactory(DjangoModelFactory):
    class Meta:
        model = BudgetAllocation

    activity = factory.SubFactory(ActivityFactory)
    year = 2026
    source = BudgetSource.APBD
    amount = decimal.Decimal("100000000.00")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND-{n:04d}")
    name = factory.Sequence(lambda n: f"Indikator Uji {n}")
    level = IndicatorLevel.OUTPUT
    unit = "unit"
    activity = factory.SubFactory(ActivityFactory)


class IndicatorTargetFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2026
    value = decimal.Decimal("100")
