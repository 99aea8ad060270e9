"""The iCalendar feed: a secret address per user, served without login, parsed back with
icalendar; stable UIDs, Asia/Jakarta times, cancelled events, who sees which meetings."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.institutions.models import CalendarFeed
from kotacerdas.institutions.services import meetings as services
from kotacerdas.institutions.tests.meeting_helpers import (
    council_member,
    schedule,
    secretariat,
    term_with_members,
)

pytestmark = pytest.mark.django_db
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def feed_url(user):
    feed = services.calendar_feed_get_or_create(actor=user)
    return reverse("institutions:calendar_feed", kwargs={"token": feed.token})


def events(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_feed_is_served_without_login_with_jakarta_times_and_stable_uids(client):
    term = term_with_members()
    start = dt.datetime(2026, 3, 10, 23, 30, tzinfo=JAKARTA)
    meeting = schedule(
        term=term,
        title="Rapat malam",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=20),
        agenda="Bahas roadmap",
        location="Ruang 1",
    )
    cancelled = schedule(term=term, title="Rapat batal")
    services.meeting_cancel(actor=secretariat(), meeting=cancelled, reason="Hujan")
    admin_like = secretariat()
    path = feed_url(admin_like)
    found = events(client, path)  # anonymous client: the token is the credential
    event = found["Rapat malam"]
    assert str(event["uid"]) == f"rapat-{meeting.pk}@kotacerdas.bekasikota.go.id"
    assert event.decoded("dtstart") == start
    assert str(event.decoded("dtstart").tzinfo) == "Asia/Jakarta"
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=20)
    assert str(event["location"]) == "Ruang 1"
    assert "Bahas roadmap" in str(event["description"])
    assert str(found["Rapat batal"]["status"]) == "CANCELLED"
    assert str(event["status"]) == "CONFIRMED"
    assert str(events(client, path)["Rapat malam"]["uid"]) == str(event["uid"])  # stable


def test_a_member_sees_only_meetings_they_are_invited_to(client):
    term = term_with_members()
    k1, k2 = list(term.commissions.order_by("dimension__order"))[:2]
    user = council_member()
    person = k2.memberships.first().person
    person.user = user
    person.save()
    schedule(term=term, title="Rapat komisi satu", commissions=[k1])
    schedule(term=term, title="Rapat komisi dua", commissions=[k2])
    assert set(events(client, feed_url(user))) == {"Rapat komisi dua"}


def test_a_user_without_a_person_gets_an_empty_feed(client):
    schedule()
    assert events(client, feed_url(UserFactory())) == {}


def test_unknown_token_is_404_and_regenerating_retires_the_old_address(client):
    user = secretariat()
    old = feed_url(user)
    assert (
        client.get(reverse("institutions:calendar_feed", kwargs={"token": "salah"})).status_code
        == 404
    )
    client.force_login(user)
    page = client.get(reverse("institutions:calendar_feed_page")).content.decode()
    assert old in page and "Buat ulang alamat" in page
    client.post(reverse("institutions:calendar_feed_page"))
    client.logout()
    assert client.get(old).status_code == 404
    new = feed_url(user)
    assert new != old and client.get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=user).count() == 1


def test_inactive_user_feed_is_404(client):
    user = secretariat()
    path = feed_url(user)
    user.is_active = False
    user.save()
    assert client.get(path).status_code == 404


def test_feed_page_needs_login(client):
    response = client.get(reverse("institutions:calendar_feed_page"))
    assert response.status_code == 302
