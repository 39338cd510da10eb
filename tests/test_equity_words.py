"""The equity half of a trade-off in words, where the ratio and the groups disagree."""

from types import SimpleNamespace

from sim.report.decision.tradeoff import _words


def _row(verdict: str, diff: float = float("nan")) -> SimpleNamespace:
    return SimpleNamespace(verdict=verdict, diff=diff)


def test_a_ratio_that_rises_because_the_other_group_lost_is_not_called_a_gain():
    women, men = _row("worse", -0.01), _row("worse", -0.04)
    words = _words(_row("better"), women, men, "women", "men")
    assert words == "the ratio rises only because men lose more than women"
    assert _words(_row("better"), _row("better", 0.03), men, "women", "men") == (
        "women gain more than men"
    )


def test_groups_that_move_together_under_an_unchanged_ratio_gain_or_lose_alike():
    ratio = _row("no detectable difference")
    up = _words(ratio, _row("better", 0.02), _row("better", 0.01), "women", "men")
    assert up == "women and men gain alike"
    down = _words(ratio, _row("worse", -0.02), _row("worse", -0.01), "URM", "non-URM")
    assert down == "URM and non-URM lose alike"
    quiet = _words(ratio, _row("no detectable difference", 0.001), None, "women", "men")
    assert quiet == "no detectable change for women or men"
