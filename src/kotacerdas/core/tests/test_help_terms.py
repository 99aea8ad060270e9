import re
from pathlib import Path

import pytest

from kotacerdas.core.views.help import pasal1_terms

# ../shared beside the checkout (as on every developer's machine and in CI).
REGULATION = Path(__file__).resolve().parents[4].parent / "shared/seed/perwal-bekasi-32-2021.md"
pytestmark = pytest.mark.django_db


def test_the_35_terms_are_numbered_in_order():
    terms = pasal1_terms()
    assert [term["number"] for term in terms] == list(range(1, 36))
    assert terms[0]["term"] == "Daerah Kota"
    assert terms[0]["text"] == "Daerah Kota adalah Daerah Kota Bekasi."
    assert terms[34]["term"] == "Sistem Manajemen Keamanan Informasi (SMKI)"
    for term in terms:
        assert term["text"].startswith(term["term"] + " ")
        assert term["text"].endswith(term["definition"])
        assert term["term_en"]


@pytest.mark.skipif(not REGULATION.exists(), reason="the regulation's text is not on this machine")
def test_the_texts_are_the_regulations_own_words():
    lines = REGULATION.read_text(encoding="utf-8").splitlines()
    start = lines.index("### Pasal 1")
    end = next(i for i, line in enumerate(lines) if line.startswith("## BAB II"))
    items = [
        re.sub(r"^\d+\. ", "", line).replace("*", "").strip()
        for line in lines[start:end]
        if re.match(r"^\d+\. ", line)
    ]
    assert [term["text"] for term in pasal1_terms()] == items


def test_page_lists_every_term_with_an_anchor(client):
    response = client.get("/bantuan/istilah/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<dt ") == 35
    assert 'id="istilah-1"' in page and 'id="istilah-35"' in page
    assert "Kota Cerdas adalah kota yang dapat mengelola berbagai sumber daya" in page


def test_search_filters_terms_by_name_and_definition(client):
    response = client.get("/bantuan/istilah/", {"q": "bandwidth"})
    page = response.content.decode()
    assert page.count("<dt ") == 1
    assert 'id="istilah-32"' in page
    # Every word must match, in the term, its definition or its English gloss.
    response = client.get("/bantuan/istilah/", {"q": "keamanan iso"})
    numbers = [term["number"] for term in response.context["terms"]]
    assert numbers == [35]


def test_search_without_match_says_so(client):
    response = client.get("/bantuan/istilah/", {"q": "zzzz"})
    assert response.context["terms"] == []
    assert "Tidak ada istilah yang cocok" in response.content.decode()


def test_htmx_search_returns_only_the_list(client):
    response = client.get("/bantuan/istilah/", {"q": "cerdas"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="daftar-istilah"')
    assert "<html" not in page
    full = client.get("/bantuan/istilah/", {"q": "cerdas"}).content.decode()
    assert page.count("<dt ") == full.count("<dt ") > 1
