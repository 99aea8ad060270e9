"""The validation report of an uploaded table (kept as JSON on the submission)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Details kept per report; the count goes on.
MAX_ERROR_DETAILS = 500


@dataclass
class RowError:
    """One problem of a file. `row` is frictionless' rowNumber (the header is row 1, the
    first data row is 2); None for problems of the whole file."""

    row: int | None
    field: str | None
    code: str
    message: str
    value: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValidationReport:
    valid: bool
    row_count: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    truncated: bool = False
    header: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def add(self, error: RowError) -> None:
        """Count an error; keep its details only for the first MAX_ERROR_DETAILS."""
        self.error_count += 1
        self.valid = False
        if len(self.errors) < MAX_ERROR_DETAILS:
            self.errors.append(error)
        else:
            self.truncated = True

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "row_count": self.row_count,
            "error_count": self.error_count,
            "errors": [error.to_json() for error in self.errors],
            "truncated": self.truncated,
            "header": list(self.header),
            "stats": dict(self.stats),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ValidationReport:
        return cls(
            valid=bool(data.get("valid")),
            row_count=int(data.get("row_count") or 0),
            error_count=int(data.get("error_count") or 0),
            errors=[
                RowError(
                    row=item.get("row"),
                    field=item.get("field"),
                    code=item.get("code", ""),
                    message=item.get("message", ""),
                    value=item.get("value"),
                )
                for item in data.get("errors", [])
            ],
            truncated=bool(data.get("truncated")),
            header=list(data.get("header", [])),
            stats=dict(data.get("stats", {})),
        )
