"""Reads of the routing suggestions (Pasal 5d) for the verifier's case page."""

from __future__ import annotations

from typing import Any

from kotacerdas.complaints.routing.suggest import suggest_agencies


def routing_suggestions_for(case: Any, k: int = 3) -> list[dict[str, Any]]:
    """The top `k` agencies the active model suggests for `case`, best first:
    [{"agency_id", "agency_name", "confidence" (0..1), "percent", "is_assigned"}].
    Empty when no model is trained yet."""
    return [
        {
            "agency_id": agency_id,
            "agency_name": name,
            "confidence": confidence,
            "percent": round(confidence * 100),
            "is_assigned": agency_id == case.assigned_agency_id,
        }
        for agency_id, name, confidence in suggest_agencies(case.title, case.description, k=k)
    ]
