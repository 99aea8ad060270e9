"""Demo categories (Open311 services) with attributes and URC units, found or created."""

from __future__ import annotations

from kotacerdas.complaints.demo.catalogue import (
    CATEGORIES,
    URC_DAMKAR,
    URC_DAMKAR_MEMBER,
    URC_UNITS,
)
from kotacerdas.complaints.models import Category, CategoryAttribute, UrcUnit
from kotacerdas.core.models import Agency, User


def agencies_by_code() -> dict[str, Agency]:
    return {agency.code: agency for agency in Agency.objects.filter(is_active=True)}


def load_urc_units(agencies: dict[str, Agency]) -> tuple[dict[str, UrcUnit], int]:
    units, created = {}, 0
    for name, code, phone in URC_UNITS:
        unit = UrcUnit.objects.filter(name=name).first()
        if unit is None and code in agencies:
            unit = UrcUnit.objects.create(
                name=name, agency=agencies[code], phone=phone, is_demo=True
            )
            created += 1
        if unit is not None:
            units[name] = unit
    member = User.objects.filter(username=URC_DAMKAR_MEMBER).first()
    if member is not None and URC_DAMKAR in units:
        units[URC_DAMKAR].members.add(member)
    return units, created


def load_categories(
    agencies: dict[str, Agency], units: dict[str, UrcUnit]
) -> tuple[dict[str, Category], int]:
    categories, created = {}, 0
    for spec in CATEGORIES:
        category = Category.objects.filter(code=spec.code).first()
        if category is None:
            category = Category.objects.create(
                code=spec.code,
                name=spec.name,
                description=spec.description,
                group=spec.group,
                keywords=spec.keywords,
                case_type=spec.case_type,
                default_agency=agencies.get(spec.agency),
                default_urc=units.get(spec.urc),
                is_emergency=spec.emergency,
                urc_response_minutes=spec.urc_minutes,
                verify_days=spec.verify_days,
                respond_days=spec.respond_days,
                is_demo=True,
            )
            CategoryAttribute.objects.bulk_create(
                CategoryAttribute(
                    category=category,
                    code=code,
                    description=question,
                    datatype=datatype,
                    required=required,
                    values=values,
                    is_private=private,
                    order=order,
                )
                for order, (code, question, datatype, required, values, private) in enumerate(
                    spec.attributes
                )
            )
            created += 1
        categories[spec.code] = category
    return categories, created
