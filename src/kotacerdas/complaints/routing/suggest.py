"""Suggestions of the active routing model: the top agencies for a text, with confidence.

The active model is unpickled once per process and kept while its version stays active (one
small query per call checks the version, so a retrain elsewhere is picked up at once).
"""

from __future__ import annotations

import threading

import numpy as np

from kotacerdas.complaints.models import RoutingModel
from kotacerdas.complaints.routing.features import case_text
from kotacerdas.complaints.routing.train import load
from kotacerdas.core.models import Agency

_lock = threading.Lock()
_cache: dict[str, object] = {"version": None, "pipeline": None}


def clear_cache() -> None:
    with _lock:
        _cache["version"] = None
        _cache["pipeline"] = None


def active_pipeline():
    """(version, pipeline) of the active model, or (None, None) when none is trained."""
    version = RoutingModel.objects.filter(is_active=True).values_list("version", flat=True).first()
    if version is None:
        return None, None
    with _lock:
        if _cache["version"] == version and _cache["pipeline"] is not None:
            return version, _cache["pipeline"]
    blob = RoutingModel.objects.filter(version=version).values_list("blob", flat=True).first()
    if blob is None:
        return None, None
    pipeline = load(blob)
    with _lock:
        _cache["version"] = version
        _cache["pipeline"] = pipeline
    return version, pipeline


def suggest_agencies(title: str, description: str, k: int = 3) -> list[tuple[int, str, float]]:
    """The `k` most likely agencies as (agency_id, agency_name, confidence 0..1), best first.

    Empty when no model is active or the text is empty. Retired agencies are skipped.
    """
    if not (title or "").strip() and not (description or "").strip():
        return []
    _version, pipeline = active_pipeline()
    if pipeline is None:
        return []
    probabilities = pipeline.predict_proba([case_text(title, description)])[0]
    order = np.argsort(-probabilities)
    classes = [int(c) for c in pipeline.classes_[order[: k + 5]]]
    agencies = Agency.objects.filter(pk__in=classes, is_active=True).in_bulk()
    suggestions = []
    for index in order:
        agency = agencies.get(int(pipeline.classes_[index]))
        if agency is None:
            continue
        suggestions.append((agency.pk, agency.name, round(float(probabilities[index]), 4)))
        if len(suggestions) == k:
            break
    return suggestions
