"""Charts as inline SVG, drawn in Python: no JavaScript in a PDF, and the same picture on
every machine. Each chart carries a <title> and <desc>; the report also prints the numbers
in a table next to it."""

from __future__ import annotations

import re
from decimal import Decimal
from xml.sax.saxutils import escape

NO_DATA_COLOUR = "#adb5bd"
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")


def safe_colour(value: str | None) -> str:
    """Band colours come from configuration: only a hex colour reaches the markup."""
    return value if value and _COLOUR.fullmatch(value) else NO_DATA_COLOUR


def _fmt(value: Decimal) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def dimension_bar_chart(
    rows: list[tuple[str, Decimal | None, str]],
    *,
    title: str,
    width: int = 640,
    scale_max: int = 120,
) -> str:
    """Horizontal bars, one per (label, achievement %, band colour); None is drawn as "—"."""
    label_width, right_pad, bar_height, gap, top = 250, 60, 20, 10, 28
    plot = width - label_width - right_pad
    height = top + len(rows) * (bar_height + gap) + 24
    top_value = max([scale_max, *[float(v) for _, v, _ in rows if v is not None]])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif" '
        f'font-size="11">',
        f"<title>{escape(title)}</title>",
        "<desc>"
        + escape("; ".join(f"{n}: {_fmt(v) if v is not None else '—'}" for n, v, _ in rows))
        + "</desc>",
        f'<text x="0" y="14" font-size="12" font-weight="bold">{escape(title)}</text>',
    ]
    for tick in range(0, int(top_value) + 1, 20):
        x = label_width + plot * tick / top_value
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20}" '
            f'stroke="#dee2e6" stroke-width="0.6"/>'
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="#555" '
            f'font-size="9">{tick}</text>'
        )
    for index, (label, value, colour) in enumerate(rows):
        y = top + index * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{label_width + 4}" y="{y + bar_height * 0.7:.1f}" fill="#555">—</text>'
            )
            continue
        length = max(plot * float(value) / top_value, 1.0)
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{safe_colour(colour)}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height * 0.7:.1f}">'
            f"{_fmt(value)}</text>"
        )
    x100 = label_width + plot * 100 / top_value
    parts.append(
        f'<line x1="{x100:.1f}" y1="{top - 6}" x2="{x100:.1f}" y2="{height - 20}" '
        f'stroke="#333" stroke-dasharray="3,2" stroke-width="0.8"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
