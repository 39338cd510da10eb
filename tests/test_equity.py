"""No verdict rewards levelling down: equity on a constructed case where everyone is promoted less.

The issue this guards against: a design that promotes everyone less shrinks the absolute gap
between men's and women's promotion rates, and a verdict on the gap called that progress.
Here a cohort is built by hand and promoted at known rates under three designs (the baseline;
``level_down``, everyone half as often; ``uneven_down``, everyone less but women most), the
outcomes are computed by ``sim.outcomes.run_outcomes``, and the comparison's logic (paired
statistics, verdicts, the report's equity table, narrative and ranking) is run on them.
"""

import numpy as np
import pandas as pd
import pytest

from sim.experiment.stats import compare_designs
from sim.outcomes import OUTCOMES, YEARLY, run_outcomes
from sim.report.figures.common import summary_table
from sim.report.tables.comparison import VERDICT_CLASSES, VERDICT_MARKS, ranking_table
from sim.report.tables.equity import EQUITY_MEASURES, equity_compare_block, equity_run_table
from sim.report.text.narrative import describe_design
from sim.scenario import Scenario
from sim.state import ASSISTANT, new_people, new_relationships

FINAL_YEAR = 30
COHORT = 1000  # per replicate: half women; a fifth URM in each gender
# Promotion within ten years is p * w (women) * u (URM): the ratios are w and u whatever p.
RATES = {  # design: (p, w, u)
    "baseline": (0.50, 0.8, 0.8),
    "level_down": (0.25, 0.8, 0.8),  # everyone half as often: gaps halve, ratios stay
    "uneven_down": (0.30, 0.7, 0.7),  # everyone less, women and URM most: gaps shrink too
}
REPLICATES = 6


def _cohort_outcomes(p: float, w: float, u: float, replicate: int) -> dict[str, float]:
    """Run-level outcomes of a hand-built cohort promoted at the given rates."""
    people = new_people(COHORT)
    rows = people.add_rows(COHORT)
    woman = rows % 2 == 0
    urm = (rows // 2) % 5 == 0
    people.woman[rows], people.urm[rows] = woman, urm
    people.faculty_stage[rows] = ASSISTANT
    people.stage[rows] = ASSISTANT
    people.faculty_year[rows] = 6 + (rows + replicate) % 10  # joined after the warm-up
    rate = p * np.where(woman, w, 1.0) * np.where(urm, u, 1.0)
    promoted = np.zeros(COHORT, dtype=bool)
    for cell in (woman & urm, woman & ~urm, ~woman & urm, ~woman & ~urm):
        # Promote a share of each group (cells of 100 and 400 people, so the baseline's and
        # level_down's counts are whole and their ratios exact); the replicate shifts who.
        members = rows[cell]
        order = (np.arange(len(members)) + 3 * replicate) % len(members)
        promoted[members] = order < round(rate[members][0] * len(members))
    people.associate_year[rows] = np.where(promoted, people.faculty_year[rows] + 6, -1)
    yearly = pd.DataFrame(0.0, index=range(FINAL_YEAR + 1), columns=list(YEARLY))
    yearly["faculty"] = float(COHORT)
    return run_outcomes(people, new_relationships(16), Scenario(), yearly, FINAL_YEAR)


@pytest.fixture(scope="module")
def runs() -> pd.DataFrame:
    rows = []
    for design, (p, w, u) in RATES.items():
        for r in range(REPLICATES):
            rows.append({"design": design, "replicate": r, **_cohort_outcomes(p, w, u, r)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def table(runs) -> pd.DataFrame:
    directions = {name: o.direction for name, o in OUTCOMES.items()}
    return compare_designs(runs, directions, baseline="baseline")


def _row(table, outcome, design):
    return table[(table["outcome"] == outcome) & (table["design"] == design)].iloc[0]


def test_the_constructed_cohort_is_promoted_at_the_rates_built_in(runs):
    means = runs.groupby("design")[
        [
            "promoted_assoc_10y_women",
            "promoted_assoc_10y_men",
            "promotion_gap_women",
            "promotion_ratio_women",
            "promotion_gap_urm",
            "promotion_ratio_urm",
        ]
    ].mean()
    for design, (p, w, u) in RATES.items():
        men = p * (0.8 + 0.2 * u)  # a fifth of men are URM
        expected = [w * men, men, men - w * men, w, None, u]
        got = means.loc[design].tolist()
        for value, want in zip(got, expected, strict=True):
            if want is not None:
                assert value == pytest.approx(want, abs=0.01), design
    # Levelling down halves the gaps and leaves the ratios where they were.
    for gap in ("promotion_gap_women", "promotion_gap_urm"):
        assert means.loc["level_down", gap] == pytest.approx(means.loc["baseline", gap] / 2)
        assert means.loc["uneven_down", gap] < means.loc["baseline", gap]
    for ratio in ("promotion_ratio_women", "promotion_ratio_urm"):
        assert means.loc["level_down", ratio] == pytest.approx(means.loc["baseline", ratio])


def test_gaps_carry_no_verdict_and_ratios_do():
    for m in EQUITY_MEASURES:
        assert OUTCOMES[m.gap].direction == 0, m.gap
        assert OUTCOMES[m.ratio].direction == 1, m.ratio


# A hazard-ratio estimate, not shown by the reports' equity section; see the xfail below.
HAZARD_RATIO = "promotion_rate_ratio_women"


@pytest.mark.parametrize("design", ["level_down", "uneven_down"])
def test_no_verdict_rewards_levelling_down(table, design):
    rows = table[(table["design"] == design) & (table["outcome"] != HAZARD_RATIO)]
    promotion = rows[rows["outcome"].str.startswith(("promot", "time_to_promotion"))]
    assert "better" not in set(promotion["verdict"]), promotion[["outcome", "verdict"]]
    # The gaps shrank, and say only "lower": no preferred direction, no verdict.
    for gap in ("promotion_gap_women", "promotion_gap_urm"):
        assert _row(table, gap, design)["verdict"] == "lower"
    # Everyone's rate fell: worse, for every group.
    for rate in (
        "promoted_assoc_10y_women",
        "promoted_assoc_10y_men",
        "promoted_assoc_10y_urm",
        "promoted_assoc_10y_non_urm",
    ):
        assert _row(table, rate, design)["verdict"] == "worse", rate


def test_the_hazard_ratio_does_not_reward_levelling_down(table):
    # A hazard ratio rises toward the risk ratio when every ten-year promotion probability is
    # scaled down, so it carries no direction (it is T7's calibration statistic).
    assert _row(table, HAZARD_RATIO, "level_down")["verdict"] != "better"


def test_the_ratio_tells_levelling_down_from_uneven_losses(table):
    assert _row(table, "promotion_ratio_women", "level_down")["verdict"] == (
        "no detectable difference"
    )
    assert _row(table, "promotion_ratio_women", "uneven_down")["verdict"] == "worse"
    assert _row(table, "promotion_ratio_urm", "uneven_down")["verdict"] == "worse"


def test_the_report_shows_the_ratio_verdict_with_rates_and_gap_beside(table):
    designs = list(RATES)
    html_text, md_text = equity_compare_block(
        table, "baseline", designs, VERDICT_CLASSES, VERDICT_MARKS
    )
    body = html_text[html_text.index("<tbody>") :]
    first = body[: body.index("</tr>")]  # promotion, women vs men
    assert "promotion, women vs men" in first
    cells = first.split("<td")[2:]  # baseline, level_down, uneven_down
    assert "v-none" in cells[1] and "no detectable difference" in cells[1]
    assert "v-worse" in cells[2] and "worse ▼" in cells[2]
    assert "v-better" not in body
    for cell in cells:
        assert "women " in cell and "men " in cell and "gap " in cell
    assert "better ▲" not in md_text
    # The narrative and the ranking never call a design best or better on a gap.
    gaps = ["promotion_gap_women", "promotion_gap_urm"]
    for design in ("level_down", "uneven_down"):
        text = describe_design(table, design, "baseline", gaps + ["promotion_ratio_women"])
        assert "Better" not in text
        assert "Without a preferred direction, largest first: promotion_gap_women -" in text
    ranking = ranking_table(table, gaps).set_index("outcome")
    assert set(ranking["most likely best"]) == {"(no preferred direction)"}


def test_the_run_report_shows_ratio_rates_and_gap(runs):
    summary = summary_table(runs)
    frame = equity_run_table(summary, list(RATES))
    women = frame[frame["measure"] == "promotion, women vs men"].set_index("design")
    assert women.loc["level_down", "ratio (1 = parity)"].startswith("0.80")
    assert women.loc["level_down", "rates of the two groups"].startswith("women 0.192")
    assert women.loc["level_down", "gap (no verdict)"].startswith("0.048")
