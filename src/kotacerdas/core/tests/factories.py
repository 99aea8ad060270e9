"""factory-boy factories shared by the whole suite."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from kotacerdas.core.models import Agency, AgencyType, Helix, Organisation, Person, Role, User

DEFAULT_PASSWORD = "rahasia-uji-123"  # test-only password


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"UJI-{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"DU{n}")
    type = AgencyType.DINAS


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = "Pengguna"
    last_name = factory.Sequence(lambda n: f"Uji {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@contoh.bekasikota.go.id")
    roles = factory.LazyFunction(list)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class OfficerFactory(UserFactory):
    roles = factory.LazyFunction(lambda: [Role.AGENCY_OFFICER.value])
    agency = factory.SubFactory(AgencyFactory)


class AdminFactory(UserFactory):
    roles = factory.LazyFunction(lambda: [Role.ADMINISTRATOR.value])


class ExecutiveFactory(UserFactory):
    roles = factory.LazyFunction(lambda: [Role.EXECUTIVE.value])


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisasi Uji {n}")
    helix = Helix.AKADEMISI


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Orang Uji {n}")
    organisation = factory.SubFactory(OrganisationFactory)
