"""Per-year evaluation settings: cap, bands and index weights, by administrators only."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AdminFactory, ExecutiveFactory, UserFactory
from kotacerdas.monitoring.models import EvaluationConfig
from kotacerdas.monitoring.models.config import DEFAULT_BANDS
from kotacerdas.monitoring.services.evaluation_config import evaluation_config_update

pytestmark = pytest.mark.django_db
WEIGHTS = {"baseline": 5, "output": 30, "outcome": 30, "impact": 15, "quick_win": 20}


def test_admin_sets_cap_and_weights_for_a_year_audited():
    config = evaluation_config_update(
        actor=AdminFactory(), year=2026, achievement_cap="110", index_weights=WEIGHTS
    )
    config.refresh_from_db()
    assert config.achievement_cap == Decimal("110.00")
    assert config.index_weights == WEIGHTS
    assert config.bands == DEFAULT_BANDS
    event = AuditEvent.objects.get(object_type="monitoring.EvaluationConfig")
    assert event.action == "create"


def test_update_keeps_what_is_not_given_and_audits_the_diff():
    admin = AdminFactory()
    evaluation_config_update(actor=admin, year=2026, achievement_cap=110)
    evaluation_config_update(actor=admin, year=2026, index_weights=WEIGHTS)
    config = EvaluationConfig.objects.get(year=2026)
    assert config.achievement_cap == Decimal("110.00")
    event = AuditEvent.objects.filter(object_type="monitoring.EvaluationConfig").last()
    assert event.action == "update"
    assert list(event.changes) == ["index_weights"]


def test_bands_are_validated_and_sorted():
    bands = [
        {"min": 0, "label": "Merah", "colour": "#aa0000"},
        {"min": 80, "label": "Hijau", "colour": "#00aa00"},
    ]
    config = evaluation_config_update(actor=AdminFactory(), year=2026, bands=bands)
    assert [b["label"] for b in config.bands] == ["Hijau", "Merah"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"achievement_cap": 90}, "achievement_cap"),
        ({"achievement_cap": "abc"}, "achievement_cap"),
        ({"index_weights": {**WEIGHTS, "baseline": -1}}, "baseline"),
        ({"index_weights": {"x": 1}}, "index_weights"),
        ({"index_weights": dict.fromkeys(WEIGHTS, 0)}, "index_weights"),
        ({"bands": [{"min": 10, "label": "A", "colour": "#000000"}]}, "bands"),
        ({"bands": [{"min": 0, "label": "A", "colour": "merah"}]}, "bands"),
        ({"bands": [{"min": 0, "label": "", "colour": "#000000"}]}, "bands"),
    ],
)
def test_bad_settings_are_refused_nothing_written(kwargs, field):
    with pytest.raises(ValidationError) as exc:
        evaluation_config_update(actor=AdminFactory(), year=2026, **kwargs)
    assert field in exc.value.message_dict
    assert EvaluationConfig.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("make", [ExecutiveFactory, lambda: UserFactory(roles=[Role.TEAM_MEMBER])])
def test_non_admin_cannot_change_settings(make):
    with pytest.raises(PermissionDenied):
        evaluation_config_update(actor=make(), year=2026, achievement_cap=110)
    assert EvaluationConfig.objects.count() == 0


def test_settings_page_saves_for_admin(client, settings):
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []
    client.force_login(AdminFactory())
    data = {"tahun": 2026, "achievement_cap": "115"}
    data.update({f"bobot_{k}": v for k, v in WEIGHTS.items()})
    data.update({f"pita_{i}": b["min"] for i, b in enumerate(DEFAULT_BANDS)})
    response = client.post("/monev/evaluasi/pengaturan/", data)
    assert response.status_code == 302
    config = EvaluationConfig.objects.get(year=2026)
    assert config.achievement_cap == Decimal("115.00")
    assert config.index_weights == WEIGHTS


def test_settings_page_bad_input_shows_message(client, settings):
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []
    client.force_login(AdminFactory())
    response = client.post("/monev/evaluasi/pengaturan/", {"tahun": 2026, "achievement_cap": "50"})
    assert response.status_code == 400
    assert "Batas atas capaian harus antara 100 dan 1000." in response.content.decode()
    assert EvaluationConfig.objects.count() == 0


def test_settings_page_forbidden_for_executive(client):
    client.force_login(ExecutiveFactory())
    assert client.get("/monev/evaluasi/pengaturan/").status_code == 403
    assert client.post("/monev/evaluasi/pengaturan/", {"achievement_cap": "110"}).status_code == 403
    assert EvaluationConfig.objects.count() == 0
