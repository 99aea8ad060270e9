"""The routing classifier (Pasal 5d): normalisation, training on handled cases, suggestions,
refusal with too few cases (the old model stays), the retrain command, the model cache."""

import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from kotacerdas.complaints.demo.catalogue import TOPICS
from kotacerdas.complaints.demo.texts import complaint_text
from kotacerdas.complaints.models import Case, CaseOutcome, CaseState, RoutingModel
from kotacerdas.complaints.routing import suggest
from kotacerdas.complaints.routing.features import normalise
from kotacerdas.complaints.routing.train import routing_retrain, training_cases
from kotacerdas.complaints.selectors.routing import routing_suggestions_for
from kotacerdas.complaints.tests.factories import CaseFactory, CategoryFactory
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    OfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TOPIC = {topic.category: topic for topic in TOPICS}


@pytest.fixture(autouse=True)
def fresh_cache():
    suggest.clear_cache()
    yield
    suggest.clear_cache()


def test_normalisation_maps_slang_and_drops_punctuation_and_stop_words():
    assert normalise("Jln. Ahmad Yani, gk ada lampu yg nyala!!") == "jalan ahmad yani lampu nyala"
    assert normalise("Jl Juanda RT 03") == "jalan juanda rt"
    assert normalise("PJU mati") == "lampu jalan mati"
    assert normalise("udh 3 bln KTP blm jadi") == "ktp jadi"
    assert normalise("Tlg dong, ga diangkut krn truk rusak") == "diangkut truk rusak"


def handled_cases(agency, topic, n, seed=1, **extra):
    rng = random.Random(seed)
    category = CategoryFactory(default_agency=agency)
    for _ in range(n):
        title, description = complaint_text(rng, topic)
        CaseFactory(
            category=category,
            title=title,
            description=description,
            state=CaseState.CLOSED,
            outcome=CaseOutcome.CONFIRMED,
            assigned_agency=agency,
            **extra,
        )


@pytest.fixture
def agencies():
    return {
        "roads": AgencyFactory(name="Dinas Jalan Uji"),
        "waste": AgencyFactory(name="Dinas Sampah Uji"),
        "ids": AgencyFactory(name="Dinas KTP Uji"),
    }


@pytest.fixture
def trained(agencies):
    handled_cases(agencies["roads"], TOPIC["jalan-rusak"], 30, seed=1)
    handled_cases(agencies["waste"], TOPIC["sampah"], 30, seed=2)
    handled_cases(agencies["ids"], TOPIC["kependudukan"], 30, seed=3)
    model, _evaluation = routing_retrain(actor=AdminFactory())
    return model


def test_trains_on_handled_cases_and_suggests_the_roads_agency(agencies, trained):
    assert trained.is_active and trained.version == 1
    assert trained.training_cases + trained.holdout_cases == 90
    assert trained.holdout_cases >= 3
    assert 0.8 <= trained.accuracy_top1 <= 1 and trained.accuracy_top3 == 1.0
    assert AuditEvent.objects.filter(action="routing.retrain").count() == 1
    top = suggest.suggest_agencies("Jalan berlubang", "jln berlubang besar di dpn sekolah")
    assert top[0][0] == agencies["roads"].pk
    assert len(top) == 3 and top[0][1] == "Dinas Jalan Uji"
    assert top[0][2] > top[1][2] >= top[2][2] and 0 < top[0][2] <= 1
    ktp = suggest.suggest_agencies("KTP", "ektp udh 3 bln blm jadi, blanko kosong", k=1)
    assert [row[0] for row in ktp] == [agencies["ids"].pk]


def test_suggestions_for_a_case_page(agencies, trained):
    case = CaseFactory(
        title="Sampah numpuk",
        description="sampah menumpuk gk diangkut seminggu",
        assigned_agency=agencies["waste"],
    )
    rows = routing_suggestions_for(case)
    assert rows[0]["agency_id"] == agencies["waste"].pk and rows[0]["is_assigned"]
    assert 0 <= rows[0]["percent"] <= 100


def test_the_verifier_sees_the_top_three_on_a_received_case_page(client, agencies, trained):
    case = CaseFactory(
        title="Jalan berlubang", description="jln berlubang besar di dpn sekolah, bahaya"
    )
    client.force_login(UserFactory(roles=[Role.CALL_CENTER_AGENT]))
    page = client.get(f"/pengaduan/kasus/{case.tracking_number}/").content.decode()
    assert 'data-testid="routing-suggestions"' in page
    block = page[page.index('data-testid="routing-suggestions"') :]
    assert block.index("Dinas Jalan Uji") < block.index("</section>")
    # Once dispatched the suggestion is no longer offered.
    Case.objects.filter(pk=case.pk).update(state=CaseState.DISPATCHED)
    page = client.get(f"/pengaduan/kasus/{case.tracking_number}/").content.decode()
    assert 'data-testid="routing-suggestions"' not in page


def test_only_handled_cases_with_an_agency_are_learnt_from(agencies):
    handled_cases(agencies["roads"], TOPIC["jalan-rusak"], 2)
    agency = agencies["roads"]
    CaseFactory(state=CaseState.RECEIVED, assigned_agency=agency)
    CaseFactory(state=CaseState.CLOSED, outcome=CaseOutcome.DECLINED_AUTHORITY)
    CaseFactory(state=CaseState.CLOSED, outcome=CaseOutcome.AUTO_CLOSED, assigned_agency=None)
    resolved = CaseFactory(state=CaseState.RESOLVED, assigned_agency=agency)
    auto = CaseFactory(state=CaseState.CLOSED, outcome=CaseOutcome.AUTO_CLOSED)
    assert training_cases().count() == 4
    assert {resolved.pk, auto.pk} <= set(training_cases().values_list("pk", flat=True))


def test_no_model_means_no_suggestions():
    assert suggest.suggest_agencies("Jalan berlubang", "jalan rusak") == []


def state():
    return (
        list(RoutingModel.objects.values_list("version", "is_active")),
        AuditEvent.objects.count(),
    )


def test_too_few_cases_is_refused_and_the_old_model_stays(agencies, trained):
    Case.objects.filter(pk__in=list(training_cases().values_list("pk", flat=True)[:45])).update(
        state=CaseState.RECEIVED
    )
    before = state()
    with pytest.raises(ValidationError) as error:
        routing_retrain(actor=AdminFactory())
    assert "Data latih belum cukup: 45 laporan" in error.value.messages[0]
    assert "Model lama tetap dipakai" in error.value.messages[0]
    assert state() == before
    assert RoutingModel.objects.get(is_active=True).version == 1


def test_one_agency_only_is_refused(agencies):
    handled_cases(agencies["roads"], TOPIC["jalan-rusak"], 60)
    with pytest.raises(ValidationError, match="dari 1 Perangkat Daerah"):
        routing_retrain(actor="uji")
    assert not RoutingModel.objects.exists()


def test_only_administrators_retrain(agencies, trained):
    before = state()
    with pytest.raises(PermissionDenied):
        routing_retrain(actor=OfficerFactory())
    assert state() == before


def test_retrain_command_prints_accuracies_and_keeps_one_active_model(agencies, trained, capsys):
    call_command("complaints_routing", "retrain")
    out = capsys.readouterr().out
    assert "Model rute v2" in out and "akurasi top-1" in out and "top-3" in out
    assert list(RoutingModel.objects.filter(is_active=True).values_list("version", flat=True)) == [
        2
    ]
    call_command("complaints_routing", "evaluate")
    assert "Model rute v2" in capsys.readouterr().out


def test_commands_say_clearly_when_they_cannot(agencies):
    with pytest.raises(CommandError, match="Belum ada model rute"):
        call_command("complaints_routing", "evaluate")
    with pytest.raises(CommandError, match="Data latih belum cukup"):
        call_command("complaints_routing", "retrain")


def test_the_cached_model_is_replaced_by_a_new_version(agencies, trained):
    text = ("Jalan berlubang", "jalan berlubang dalam di depan pasar")
    assert suggest.suggest_agencies(*text)[0][0] == agencies["roads"].pk
    assert suggest._cache["version"] == 1
    # The roads cases move to a new agency; the retrained model must be used at once.
    new_roads = AgencyFactory(name="Dinas Jalan Baru Uji")
    Case.objects.filter(assigned_agency=agencies["roads"]).update(assigned_agency=new_roads)
    routing_retrain(actor="uji")
    assert suggest.suggest_agencies(*text)[0][0] == new_roads.pk
    assert suggest._cache["version"] == 2
