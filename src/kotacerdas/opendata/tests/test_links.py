"""Links from masterplan indicators to datasets (issue #6 item 9): services, selectors, page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.masterplan.tests.factories import IndicatorFactory
from kotacerdas.opendata.models import DatasetState, IndicatorDataSource
from kotacerdas.opendata.selectors.links import datasets_for_indicator, indicators_for_dataset
from kotacerdas.opendata.services.links import indicator_source_add, indicator_source_remove
from kotacerdas.opendata.tests.factories import DatasetFactory, ProducerFactory, WalidataFactory
from kotacerdas.opendata.tests.test_dcat import published

pytestmark = pytest.mark.django_db


def team_member():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


@pytest.mark.parametrize("make_actor", [WalidataFactory, team_member])
def test_add_and_read_both_ways(make_actor):
    actor = make_actor()
    indicator = IndicatorFactory(code="IND-KES-01")
    dataset = published(title="Jumlah puskesmas")

    link = indicator_source_add(actor=actor, indicator=indicator, dataset=dataset, note="Tahunan")

    assert link.created_by == actor
    found = indicators_for_dataset(dataset)
    assert [i.code for i in found] == ["IND-KES-01"]
    assert found[0].page_url == reverse(
        "masterplan:activity_indicators", args=[indicator.activity_id]
    )
    assert found[0].link_note == "Tahunan"
    assert datasets_for_indicator(indicator) == [dataset]
    event = AuditEvent.objects.get(action="opendata.indicator_source.add")
    assert event.changes["dataset"] == dataset.name


def test_duplicate_refused_with_message():
    walidata = WalidataFactory()
    indicator = IndicatorFactory(code="IND-9")
    dataset = published(title="Data X")
    indicator_source_add(actor=walidata, indicator=indicator, dataset=dataset)

    with pytest.raises(ValidationError) as exc:
        indicator_source_add(actor=walidata, indicator=indicator, dataset=dataset)

    assert exc.value.messages == ["Indikator IND-9 sudah bersumber dari dataset Data X."]
    assert IndicatorDataSource.objects.count() == 1


def test_deleted_dataset_refused_draft_allowed_but_hidden_from_public_reads():
    walidata = WalidataFactory()
    indicator = IndicatorFactory()

    with pytest.raises(ValidationError) as exc:
        indicator_source_add(
            actor=walidata, indicator=indicator, dataset=DatasetFactory(state=DatasetState.DELETED)
        )
    assert exc.value.message_dict["dataset"] == ["Dataset ini sudah dihapus."]

    draft = DatasetFactory()
    indicator_source_add(actor=walidata, indicator=indicator, dataset=draft)
    assert datasets_for_indicator(indicator) == []
    assert datasets_for_indicator(indicator, include_unpublished=True) == [draft]


@pytest.mark.parametrize("make_actor", [ProducerFactory, UserFactory])
def test_producer_or_citizen_may_not_link_or_unlink(make_actor):
    actor = make_actor()
    link = indicator_source_add(
        actor=WalidataFactory(), indicator=IndicatorFactory(), dataset=published()
    )

    with pytest.raises(PermissionDenied):
        indicator_source_add(actor=actor, indicator=IndicatorFactory(), dataset=published())
    with pytest.raises(PermissionDenied):
        indicator_source_remove(actor=actor, link=link)

    assert IndicatorDataSource.objects.count() == 1


def test_remove_deletes_and_audits():
    walidata = WalidataFactory()
    link = indicator_source_add(actor=walidata, indicator=IndicatorFactory(), dataset=published())

    indicator_source_remove(actor=walidata, link=link)

    assert IndicatorDataSource.objects.count() == 0
    assert AuditEvent.objects.filter(action="opendata.indicator_source.remove").count() == 1


def test_page_lists_adds_and_removes_with_confirmation(client):
    client.force_login(team_member())
    indicator = IndicatorFactory(code="IND-ABC", name="Cakupan imunisasi")
    dataset = published(title="Imunisasi dasar")
    url = reverse("opendata:indicator_link_list")

    page = client.get(url, {"indikator": "imunisasi"})
    assert page.status_code == 200
    assert "IND-ABC Cakupan imunisasi" in page.content.decode()

    response = client.post(url, {"indicator": indicator.pk, "dataset": dataset.pk}, follow=True)
    assert "Tautan indikator ke dataset disimpan." in response.content.decode()
    link = IndicatorDataSource.objects.get()

    duplicate = client.post(url, {"indicator": indicator.pk, "dataset": dataset.pk})
    assert duplicate.status_code == 400
    assert "sudah bersumber dari dataset" in duplicate.content.decode()

    remove_url = reverse("opendata:indicator_link_remove", args=[link.pk])
    confirm = client.get(remove_url)
    assert 'data-testid="remove-confirmation"' in confirm.content.decode()
    assert IndicatorDataSource.objects.count() == 1
    client.post(remove_url)
    assert IndicatorDataSource.objects.count() == 0


def test_page_bad_input_shows_message(client):
    client.force_login(WalidataFactory())

    response = client.post(
        reverse("opendata:indicator_link_list"), {"indicator": "", "dataset": ""}
    )

    assert response.status_code == 400
    assert "Pilih indikator." in response.content.decode()
    assert "Pilih dataset." in response.content.decode()


def test_page_forbidden_for_producer_and_login_for_anonymous(client):
    url = reverse("opendata:indicator_link_list")
    assert client.get(url).status_code == 302
    client.force_login(ProducerFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
