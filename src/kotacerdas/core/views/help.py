"""Help: the 35 terms of Pasal 1 of Peraturan Wali Kota Bekasi No. 32/2021, searchable."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

TERMS_FILE = Path(__file__).resolve().parent.parent / "data" / "pasal1_terms.json"


@functools.cache
def pasal1_terms() -> tuple[dict, ...]:
    """The terms in the regulation's order: number, term, definition, text, term_en."""
    with TERMS_FILE.open(encoding="utf-8") as handle:
        return tuple(json.load(handle)["terms"])


def _matches(term: dict, query: str) -> bool:
    haystack = " ".join((term["term"], term["definition"], term.get("term_en", ""))).casefold()
    return all(word in haystack for word in query.casefold().split())


def help_terms(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    terms = [term for term in pasal1_terms() if not query or _matches(term, query)]
    template = "core/help/terms.html"
    if request.htmx:
        template += "#term-list"
    return render(
        request,
        template,
        {"terms": terms, "query": query, "total": len(pasal1_terms())},
    )
