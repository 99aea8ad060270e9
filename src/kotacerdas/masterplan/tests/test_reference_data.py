import pytest

from kotacerdas.masterplan import reference_data
from kotacerdas.masterplan.models import Dimension, Element, PriorityArea, ReadinessQuestion

pytestmark = pytest.mark.django_db


def test_six_dimensions_with_codes_and_articles():
    rows = list(Dimension.objects.values_list("code", "name_id", "name_en", "article"))
    assert rows == [
        ("GOV", "Tata Kelola Pemerintahan Cerdas", "Smart Governance", "Pasal 16"),
        ("BRA", "Pencitraan Daerah Kota yang Cerdas", "Smart Branding", "Pasal 17"),
        ("ECO", "Ekonomi Cerdas", "Smart Economy", "Pasal 18"),
        ("LIV", "Kehidupan Cerdas", "Smart Living", "Pasal 19"),
        ("SOC", "Masyarakat yang Cerdas", "Smart Society", "Pasal 20"),
        ("ENV", "Lingkungan Hidup yang Cerdas", "Smart Environment", "Pasal 21"),
    ]


def test_eighteen_elements_three_per_dimension():
    assert Element.objects.count() == 18
    for dimension in Dimension.objects.all():
        codes = list(dimension.elements.values_list("code", flat=True))
        assert codes == [f"{dimension.code}.{n}" for n in (1, 2, 3)]
    assert Element.objects.get(code="GOV.1").name_en == "Public service"


def test_nineteen_priority_areas_smart_living_has_four():
    assert PriorityArea.objects.count() == 19
    assert list(
        PriorityArea.objects.filter(dimension__code="LIV").values_list("code", flat=True)
    ) == ["LIV.a", "LIV.b", "LIV.c", "LIV.d"]
    for code in ("GOV", "BRA", "ECO", "SOC", "ENV"):
        assert PriorityArea.objects.filter(dimension__code=code).count() == 3


def test_readiness_questions_per_aspect():
    counts = {
        aspect: ReadinessQuestion.objects.filter(aspect=aspect).count()
        for aspect in ("struktur", "infrastruktur", "suprastruktur")
    }
    assert counts == {"struktur": 5, "infrastruktur": 5, "suprastruktur": 5}


def test_loading_again_changes_nothing_and_keeps_edited_names():
    Dimension.objects.filter(code="GOV").update(name_id="Tata Kelola (diubah)")
    counts = reference_data.load_reference(Dimension, Element, PriorityArea, ReadinessQuestion)
    assert counts == {"dimensions": 6, "elements": 18, "areas": 19, "readiness_questions": 15}
    assert Dimension.objects.count() == 6
    assert Element.objects.count() == 18
    assert Dimension.objects.get(code="GOV").name_id == "Tata Kelola (diubah)"
