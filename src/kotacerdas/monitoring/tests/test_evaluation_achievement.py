"""Pure achievement arithmetic: ratios, inversion, cap, zero and blank values, bands."""

from decimal import Decimal

import pytest

from kotacerdas.monitoring.evaluation.achievement import (
    achievement,
    aggregate,
    band_for,
    bands_from_config,
    expected_progress,
    mean_of,
    prorated_target,
    weighted_mean,
)
from kotacerdas.monitoring.evaluation.index import index_score
from kotacerdas.monitoring.evaluation.readiness import readiness_percent
from kotacerdas.monitoring.models.config import DEFAULT_BANDS

D = Decimal
BANDS = bands_from_config(DEFAULT_BANDS)


def test_achievement_higher_is_better_is_realisation_over_target():
    assert achievement(80, 100) == D("80.00")
    assert achievement(D("33"), D("40")) == D("82.50")


def test_achievement_rounds_half_up_to_two_decimals():
    assert achievement(1, 3) == D("33.33")
    assert achievement(2, 3) == D("66.67")


def test_achievement_lower_is_better_is_inverted():
    assert achievement(50, 40, direction="lower") == D("80.00")
    assert achievement(40, 50, direction="lower") == D("120.00")  # capped from 125


def test_achievement_is_capped_at_the_default_120():
    assert achievement(300, 100) == D("120.00")


def test_achievement_cap_is_configurable():
    assert achievement(300, 100, cap=150) == D("150.00")
    assert achievement(300, 100, cap=D("100")) == D("100.00")
    assert achievement(90, 100, cap=100) == D("90.00")


def test_achievement_is_blank_without_realisation_or_target():
    assert achievement(None, 100) is None
    assert achievement(50, None) is None
    assert achievement(None, None) is None


def test_achievement_zero_realisation_higher_is_zero_not_blank():
    assert achievement(0, 100) == D("0.00")


def test_achievement_zero_target_higher_is_blank():
    assert achievement(10, 0) is None
    assert achievement(0, 0) is None


def test_achievement_lower_zero_realisation_is_the_cap():
    assert achievement(0, 5, direction="lower") == D("120.00")
    assert achievement(0, 5, direction="lower", cap=110) == D("110.00")


def test_achievement_lower_zero_both_is_exactly_on_target():
    assert achievement(0, 0, direction="lower") == D("100.00")


def test_achievement_lower_zero_target_with_realisation_is_zero():
    assert achievement(3, 0, direction="lower") == D("0.00")


def test_achievement_never_negative():
    assert achievement(-5, 100) == D("0.00")


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0, "Sangat Kurang"),
        (50, "Sangat Kurang"),
        (D("50.99"), "Sangat Kurang"),
        (51, "Kurang"),
        (D("65.99"), "Kurang"),
        (66, "Cukup"),
        (75, "Cukup"),
        (D("75.5"), "Cukup"),
        (76, "Baik"),
        (90, "Baik"),
        (D("90.99"), "Baik"),
        (91, "Sangat Baik"),
        (120, "Sangat Baik"),
    ],
)
def test_default_lkjip_bands_at_their_edges(value, label):
    assert band_for(value, BANDS).label == label


def test_band_of_blank_is_none():
    assert band_for(None, BANDS) is None


def test_bands_from_config_sorted_highest_first_and_custom_thresholds():
    bands = bands_from_config(
        [
            {"min": 0, "label": "Merah", "colour": "#ff0000"},
            {"min": 80, "label": "Hijau", "colour": "#00ff00"},
        ]
    )
    assert [b.label for b in bands] == ["Hijau", "Merah"]
    assert band_for(D("79.99"), bands).label == "Merah"
    assert band_for(80, bands).label == "Hijau"
    assert bands[0].colour == "#00ff00"
    assert bands[0].min == D("80")


def test_aggregate_cumulative_and_incremental_sum_the_quarters():
    quarters = {1: D("10"), 2: D("20"), 3: D("5"), 4: D("15")}
    assert aggregate(quarters, "cumulative") == D("50")
    assert aggregate(quarters, "incremental") == D("50")
    assert aggregate(quarters, "incremental", up_to_quarter=2) == D("30")


def test_aggregate_last_value_takes_the_latest_quarter_present():
    assert aggregate({1: D("10"), 3: D("40")}, "last") == D("40")
    assert aggregate({1: D("10"), 3: D("40")}, "last", up_to_quarter=2) == D("10")


def test_aggregate_of_nothing_is_blank():
    assert aggregate({}, "cumulative") is None
    assert aggregate({3: D("1")}, "last", up_to_quarter=2) is None
    assert aggregate({1: None}, "cumulative") is None


def test_prorated_target_for_sums_only():
    assert prorated_target(100, "cumulative", quarter=2) == D("50")
    assert prorated_target(100, "incremental", quarter=1) == D("25")
    assert prorated_target(100, "last", quarter=1) == D("100")
    assert prorated_target(100, "cumulative", quarter=None) == D("100")
    assert prorated_target(None, "cumulative", quarter=2) is None


def test_weighted_mean_excludes_blanks_and_counts_them():
    mean, counted, blank = weighted_mean([(D("100"), 3), (D("50"), 1), (None, 10)])
    assert (mean, counted, blank) == (D("87.50"), 2, 1)


def test_weighted_mean_all_blank_is_blank_not_zero():
    assert weighted_mean([(None, 1), (None, 2)]) == (None, 0, 2)


def test_weighted_mean_zero_weights_fall_back_to_equal():
    assert weighted_mean([(D("100"), 0), (D("50"), 0)]) == (D("75.00"), 2, 0)


def test_mean_of_ignores_blanks():
    assert mean_of([D("80"), None, D("90")]) == D("85.00")
    assert mean_of([None]) is None


def test_expected_progress_is_linear():
    assert [expected_progress(q) for q in (1, 2, 3, 4)] == [25, 50, 75, 100]


def test_index_score_renormalises_over_present_components_and_clamps_at_100():
    weights = {"baseline": 10, "output": 25, "outcome": 25, "impact": 20, "quick_win": 20}
    components = {
        "baseline": D("60"),
        "output": D("120"),
        "outcome": None,
        "impact": D("50"),
        "quick_win": None,
    }
    # (60*10 + 100*25 + 50*20) / 55
    assert index_score(components, weights) == D("74.55")


def test_index_score_blank_when_nothing_or_zero_weights():
    assert index_score({"output": None}, {"output": 25}) is None
    assert index_score({"output": D("80")}, {"output": 0}) is None


def test_readiness_percent_weighted_and_blank_without_answers():
    assert readiness_percent([(4, D("1")), (2, D("1"))]) == D("75.00")
    assert readiness_percent([(4, D("3")), (0, D("1"))]) == D("75.00")
    assert readiness_percent([]) is None


def test_band_text_colour_reads_best_on_each_default_band():
    assert [b.text_colour for b in BANDS] == ["#ffffff", "#000000", "#000000", "#ffffff", "#ffffff"]


def test_contrast_text_of_a_malformed_colour_is_black():
    from kotacerdas.monitoring.evaluation.achievement import contrast_text

    assert contrast_text("red") == "#000000"
    assert contrast_text("#ffffff") == "#000000"
    assert contrast_text("#000000") == "#ffffff"
