"""The demo recommendations: fifteen "Contoh", overdue and done among them, idempotent."""

import pytest
from django.utils import timezone

from kotacerdas.core.demo import accounts
from kotacerdas.core.models import AuditEvent
from kotacerdas.monitoring.demo import recommendations as demo
from kotacerdas.monitoring.models import FollowUp, Recommendation, RecommendationStatus

pytestmark = pytest.mark.django_db


def test_demo_recommendations_load_once_with_overdue_and_done():
    accounts.load()
    demo.load()
    demo_rows = Recommendation.objects.filter(is_demo=True)
    assert demo_rows.count() == 15
    assert all(r.title.startswith("Contoh: ") for r in demo_rows)
    today = timezone.localdate()
    overdue = demo_rows.filter(
        due_date__lt=today,
        status__in=[RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS],
    )
    assert overdue.count() == 6
    assert demo_rows.filter(status=RecommendationStatus.DONE).count() == 2
    assert demo_rows.filter(status=RecommendationStatus.DROPPED).count() == 1
    assert demo_rows.filter(owner_agency__isnull=True).count() == 1
    follow_ups = FollowUp.objects.count()
    events = AuditEvent.objects.count()
    assert follow_ups == 16  # 13 notes + 3 status entries

    demo.load()
    assert Recommendation.objects.filter(is_demo=True).count() == 15
    assert FollowUp.objects.count() == follow_ups
    assert AuditEvent.objects.count() == events


def test_demo_recommendations_skip_without_demo_accounts():
    demo.load()
    assert Recommendation.objects.count() == 0
