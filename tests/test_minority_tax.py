"""The minority tax as lost output, and service credit as the lever that reaches it.

Women and URM faculty are asked for more service, committee and mentoring work (Misra 2011;
Jimenez 2019; Rodriguez 2015); the time it takes is lost to the academic output promotion is
judged on, unless promotion committees credit it (``program.service_credit``).
"""

import numpy as np
import pytest

from sim import kernels
from sim.kernels import kernel_params
from sim.model import MentorshipModel
from sim.scenario import Scenario
from sim.state import ASSISTANT, ASSOCIATE

RUN = {"years": 25, "institution__initial_size": 600}
SEEDS = (3, 4, 5)


def _output(scenario: Scenario, woman: np.ndarray, urm: np.ndarray) -> np.ndarray:
    n = len(woman)
    output = np.empty(n)
    kernels.add_academic_output(
        portfolio=np.zeros(n),
        composite=np.full(n, 0.5),
        productivity=np.ones(n),
        career_support=np.zeros(n),
        burnout=np.zeros(n),
        mentoring_hours=np.zeros(n),
        stage=np.array([ASSISTANT, ASSOCIATE, ASSISTANT, ASSOCIATE], np.int8),
        woman=woman,
        urm=urm,
        on_leave=np.zeros(n, dtype=bool),
        active=np.ones(n, dtype=bool),
        params=kernel_params(scenario).packed(),
        out_output=output,
    )
    return output


def test_the_tax_takes_its_share_of_women_and_urm_output_less_what_is_credited():
    woman = np.array([False, True, False, True])
    urm = np.array([False, False, True, True])
    taxed = Scenario().replace(career__minority_tax_time_share=0.1)
    out = _output(taxed, woman, urm)
    assert out[0] == pytest.approx(0.5)
    np.testing.assert_allclose(out[1:], 0.5 * 0.9)  # one tax, whether woman, URM or both
    credited = taxed.replace(program__service_credit=0.5)
    np.testing.assert_allclose(_output(credited, woman, urm)[1:], 0.5 * 0.95)


def test_full_service_credit_is_the_same_run_as_no_tax():
    credited = MentorshipModel(rng=3, program__service_credit=1.0, **RUN)
    untaxed = MentorshipModel(rng=3, career__minority_tax_time_share=0.0, **RUN)
    credited.run()
    untaxed.run()
    np.testing.assert_array_equal(credited.people.stage, untaxed.people.stage)
    np.testing.assert_array_equal(credited.people.portfolio, untaxed.people.portfolio)


def _promotion_ratios(**overrides) -> np.ndarray:
    values = []
    for seed in SEEDS:
        model = MentorshipModel(rng=seed, **RUN, **overrides)
        model.run()
        out = model.outcomes()
        values.append((out["promotion_ratio_women"], out["promotion_ratio_urm"]))
    return np.array(values)


def test_the_tax_widens_the_promotion_gaps_and_crediting_service_narrows_them():
    # Paired on common random numbers: the same people and chance events in each setting.
    untaxed = _promotion_ratios(career__minority_tax_time_share=0.0)
    taxed = _promotion_ratios(career__minority_tax_time_share=0.12)
    credited = _promotion_ratios(career__minority_tax_time_share=0.12, program__service_credit=1)
    assert (taxed.mean(axis=0) < untaxed.mean(axis=0)).all()
    np.testing.assert_allclose(credited, untaxed)
