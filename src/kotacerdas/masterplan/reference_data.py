"""Reference data of the regulation for the masterplan, read from `masterplan/data/`.

The six dimensions of Pasal 15(1), their 18 elements (Pasal 16-21), the priority-program areas
of Pasal 22 (Smart Living has four) and the readiness checklist of Pasal 6 huruf a (struktur,
infrastruktur, suprastruktur). Used by data migration 0002, which passes in its historical
models, so this module imports no model.

Idempotent: rows are keyed by code. Structure (order, article, parent dimension, aspect) follows
the file on every run; names and texts are written only when the row is created, so that edits
an administrator made on the platform (audited, `services.reference`) are never overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_reference() -> dict[str, Any]:
    with (DATA_DIR / "reference.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _upsert(model: Any, *, code: str, structure: dict[str, Any], names: dict[str, Any]) -> Any:
    row, created = model.objects.get_or_create(code=code, defaults={**structure, **names})
    if not created:
        model.objects.filter(pk=row.pk).update(**structure)
    return row


def load_reference(
    Dimension: Any, Element: Any, PriorityArea: Any, ReadinessQuestion: Any
) -> dict[str, int]:
    """Load everything; returns how many rows of each kind the file holds."""
    data = read_reference()
    counts = {"dimensions": 0, "elements": 0, "areas": 0, "readiness_questions": 0}
    for entry in data["dimensions"]:
        dimension = _upsert(
            Dimension,
            code=entry["code"],
            structure={"order": entry["order"], "article": entry["article"]},
            names={
                "name_id": entry["name_id"],
                "name_en": entry["name_en"],
                "description": entry.get("description", ""),
            },
        )
        counts["dimensions"] += 1
        for order, element in enumerate(entry["elements"], start=1):
            _upsert(
                Element,
                code=element["code"],
                structure={"dimension_id": dimension.pk, "order": order},
                names={"name_id": element["name_id"], "name_en": element["name_en"]},
            )
            counts["elements"] += 1
        for order, area in enumerate(entry["areas"], start=1):
            _upsert(
                PriorityArea,
                code=area["code"],
                structure={"dimension_id": dimension.pk, "order": order},
                names={"name_id": area["name_id"], "name_en": area["name_en"]},
            )
            counts["areas"] += 1
    orders: dict[str, int] = {}
    for question in data["readiness_questions"]:
        orders[question["aspect"]] = orders.get(question["aspect"], 0) + 1
        _upsert(
            ReadinessQuestion,
            code=question["code"],
            structure={"aspect": question["aspect"], "order": orders[question["aspect"]]},
            names={"text": question["text"], "weight": question.get("weight", 1)},
        )
        counts["readiness_questions"] += 1
    return counts
