"""The eval-nlp gate (`python -m nlp.evaluate`) on the gold data shipped in data/eval."""

import pytest

from nlp.evaluate import RegressionError, check, evaluate, read_baseline, updated_baseline


@pytest.fixture(scope="module")
def report():
    # Tagging the gold sentences takes a few seconds; score them once for every test here.
    return evaluate()


@pytest.fixture
def baseline():
    return read_baseline()


def test_the_shipped_gold_data_passes_the_gate(report, baseline):
    assert check(report.scores, baseline, report.digest) == []
    assert report.stale == []


def test_a_changed_gold_file_trips_the_gate(report, baseline):
    broken = dict(baseline, digest="0" * 64)
    (failure,) = check(report.scores, broken, report.digest)
    assert "gold files changed" in failure


def test_a_score_below_its_floor_by_more_than_epsilon_fails(report, baseline):
    score = report.scores["contracts.precision"]
    above = dict(baseline, floors={"contracts.precision": score + 2 * baseline["epsilon"]})
    (failure,) = check(report.scores, above, report.digest)
    assert failure.startswith("contracts.precision")
    within = dict(baseline, floors={"contracts.precision": score + baseline["epsilon"] / 2})
    assert check(report.scores, within, report.digest) == []


def test_updating_the_baseline_refuses_to_lower_a_floor(report, baseline):
    higher = dict(baseline, floors=dict(baseline["floors"], **{"entities.recall": 1.01}))
    with pytest.raises(RegressionError, match="entities.recall"):
        updated_baseline(report, higher)
    lowered = updated_baseline(report, higher, allow_regression=True)
    assert lowered["floors"]["entities.recall"] == round(report.scores["entities.recall"], 4)
    assert lowered["digest"] == report.digest


def test_our_components_find_more_people_and_organisations_than_the_plain_model(report):
    assert report.scores["entities_coarse.f1"] > report.scores["plain_model.f1"]
