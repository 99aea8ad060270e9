import pytest

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import AuditEvent


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_audit_record_links_events(django_user_model):
    first = audit_record(actor=None, action="create", object_type="x", object_id=1)
    second = audit_record(actor=None, action="update", object_type="x", object_id=1)
    assert [first.seq, second.seq] == [1, 2]
    assert second.prev_hash == first.hash
    assert AuditEvent.objects.count() == 2
