"""Open311 GeoReport v2 objects (plain dicts) from categories and cases.

Field names and order follow the specification. A case appears only through the rules of
its public projection (`selectors.public`): never the reporter's name, phone or e-mail; for a
confidential case the generic text instead of the description and no address, point or
kelurahan. (`public_case` itself reads the category's private attributes, one query per case,
which a list of 1,000 cannot afford; Open311 shows no attributes, so it uses the same
module's `hides_content` and `public_description`.)
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.complaints.models import Case, CaseOutcome, CaseState, Category
from kotacerdas.complaints.selectors.public import hides_content, public_description

from .formats import iso

SPECIFICATION_URL = "http://wiki.open311.org/GeoReport_v2"
LIST_DATATYPES = ("singlevaluelist", "multivaluelist")


def service_notice(category: Category) -> str:
    """What the city promises for a request of this service (its SLA settings)."""
    if category.is_emergency and category.urc_response_minutes:
        return _("Keadaan darurat: Unit Reaksi Cepat merespons dalam %(minutes)d menit.") % {
            "minutes": category.urc_response_minutes
        }
    return _(
        "Laporan diverifikasi dalam %(verify)d hari kerja dan ditindaklanjuti Perangkat Daerah "
        "dalam %(respond)d hari kerja."
    ) % {"verify": category.verify_days, "respond": category.respond_days}


def service_item(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(getattr(category, "has_attributes", False)),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def service_definition(category: Category) -> dict[str, Any]:
    attributes = []
    for attribute in category.attributes.all():
        values = attribute.values if attribute.datatype in LIST_DATATYPES else []
        attributes.append(
            {
                "variable": attribute.variable,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description or None,
                "order": attribute.order,
                "description": attribute.description,
                "values": [
                    {"key": value.get("key"), "name": value.get("name")} for value in values or []
                ],
            }
        )
    return {"service_code": category.code, "attributes": attributes}


def status_of(case: Case) -> str:
    """Open311 knows two states: the lifecycle's CLOSED is `closed`, everything else `open`."""
    return "closed" if case.state == CaseState.CLOSED else "open"


def status_notes(case: Case) -> str:
    """The detail behind open/closed: the Indonesian lifecycle label, the outcome, overdue."""
    notes = str(CaseState(case.state).label)
    if case.outcome:
        notes += " — " + str(CaseOutcome(case.outcome).label)
    if case.is_overdue and case.state != CaseState.CLOSED:
        notes += " — " + _("melewati batas waktu")
    return notes


def expected_datetime(case: Case):
    """When the city expects to act next: the running SLA clock, else the outer limit."""
    if case.state == CaseState.CLOSED:
        return None
    return case.sla_due_at or case.outer_due_at


def agency_responsible(case: Case) -> str:
    agency = case.assigned_agency or case.category.default_agency
    return agency.name if agency is not None else ""


def address_id(case: Case, *, hidden: bool) -> str | None:
    """The Kemendagri code of the kelurahan (else kecamatan): the city's address register.
    A confidential case shows its kecamatan only, as on the public tracking page."""
    region = case.kecamatan if hidden else (case.kelurahan or case.kecamatan)
    return region.code if region is not None else None


def request_item(case: Case, *, media_url: str | None) -> dict[str, Any]:
    """One `request` of GET requests, privacy-safe."""
    hidden = hides_content(case)
    return {
        "service_request_id": case.tracking_number,
        "status": status_of(case),
        "status_notes": status_notes(case),
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": public_description(case),
        "agency_responsible": agency_responsible(case),
        "service_notice": service_notice(case.category),
        "requested_datetime": iso(case.received_at),
        "updated_datetime": iso(case.updated_at),
        "expected_datetime": iso(expected_datetime(case)),
        "address": "" if hidden else case.address,
        "address_id": address_id(case, hidden=hidden),
        "zipcode": None,
        "lat": None if hidden else case.lat,
        "long": None if hidden else case.lng,
        "media_url": None if hidden else media_url,
    }


def created_item(case: Case, *, token: str) -> dict[str, Any]:
    """The answer to POST requests: a realtime service knows the id at once; the token is
    given too, for clients that track requests by token."""
    return {
        "service_request_id": case.tracking_number,
        "service_notice": service_notice(case.category),
        "account_id": None,
        "token": token,
    }


def token_item(tracking_number: str, token: str) -> dict[str, Any]:
    return {"service_request_id": tracking_number, "token": token}
