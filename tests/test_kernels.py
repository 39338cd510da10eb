"""Tests for sim.kernels: jitted kernels equal their interpreted selves, and known answers.

The inputs of the jitted-vs-interpreted tests are the arguments the model really calls each
kernel with: a model is run with every kernel wrapped by
``benchmarks.kernels.recording_kernel_calls``, which keeps a copy of each kernel's largest
call. Each kernel then runs jitted and as ``.py_func`` on separate copies, and every array
argument (inputs, in-place updates and outputs) must agree afterwards.
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.kernels import (
    array_args,
    copy_args,
    per_person_args,
    record_kernel_inputs,
)
from sim import kernels
from sim.kernels import all_kernels, kernel_params
from sim.kernels.params import record_of
from sim.model import MentorshipModel
from sim.scenario import Population, Scenario
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    EMOTIONAL_INTELLIGENCE,
    FULL,
    LEADER,
    MENTEE_SIDE,
    MENTOR_SIDE,
    N_DOMAINS,
    N_TRAITS,
    N_VALUES,
    PROACTIVENESS,
    TEAMWORK,
    TRAINEE,
)

REPO = Path(__file__).resolve().parent.parent

# The default scenario's track weights (tracks x domains).
TRACK_WEIGHTS = Population().track_weights

# Every kernel, written out: a kernel added to all_kernels() without being added here fails
# test_every_kernel_is_tested, so it cannot go untested.
KERNEL_NAMES = (
    "pair_compatibility",
    "mentor_time_share",
    "update_relationship_quality",
    "aggregate_mentoring",
    "develop_skills",
    "psychosocial",
    "mentor_wellbeing",
    "align_values",
    "track_composite",
    "path_fit",
    "add_academic_output",
    "promotion_probability",
    "exit_probability",
    "leadership_readiness",
)

# Two designs, so that formal-program paths (coaching, protected time, training, committees,
# evaluation) are exercised as well as the informal default.
DESIGNS = {
    "informal": {},
    "formal_committee": {
        "program__formal": True,
        "program__policy": "committee",
        "program__mentors_per_mentee": 3,
        "program__coaching": "at_risk",
        "program__mentor_training": True,
        "program__mentee_training": True,
        "program__evaluate_relationships": True,
        "program__protected_hours_per_week": 2.0,
    },
}

ROW_INDEX_ARGS = {"mentees", "mentors", "rel_mentor", "rel_mentee"}
JIT_OFF = os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("0", "")


def python(kernel):
    """The interpreted kernel (the kernel itself when NUMBA_DISABLE_JIT is set)."""
    return getattr(kernel, "py_func", kernel)


def poisoned(name: str, args: tuple) -> tuple:
    """Copy the arguments with every ``out*`` array filled with a sentinel (NaN or -99)."""
    args = copy_args(args)
    for p, a in array_args(name, args).items():
        if p.startswith("out"):
            a[...] = np.nan if a.dtype.kind == "f" else -99
    return args


@pytest.fixture(scope="module")
def recorded() -> dict[str, dict[str, tuple]]:
    """Design -> kernel name -> the arguments of the model's largest call of that kernel."""
    return {
        design: record_kernel_inputs(size=1500, years=5, seed=2024, **overrides)
        for design, overrides in DESIGNS.items()
    }


def test_every_kernel_is_tested():
    assert set(KERNEL_NAMES) == set(all_kernels())
    assert len(KERNEL_NAMES) == len(set(KERNEL_NAMES))


# Compatibility is computed inside the jitted matching policies (``compatibility_of``), never
# called from Python by the model, so ``pair_compatibility`` is not recorded; its own tests
# below cover it, and the matching tests hold the policies to plain-Python references.
CALLED_INSIDE_NUMBA = {
    "informal": {"pair_compatibility"},
    "formal_committee": {"pair_compatibility"},
}


@pytest.mark.needs_jit
@pytest.mark.parametrize("design", list(DESIGNS))
def test_model_calls_every_kernel(recorded, design):
    assert set(recorded[design]) == set(KERNEL_NAMES) - CALLED_INSIDE_NUMBA[design]


@pytest.mark.needs_jit
@pytest.mark.parametrize("design", list(DESIGNS))
@pytest.mark.parametrize("name", KERNEL_NAMES)
def test_jitted_equals_interpreted(recorded, name, design):
    if name in CALLED_INSIDE_NUMBA[design]:
        pytest.skip(f"{name} is not called from Python in the {design} design")
    kernel = all_kernels()[name]
    args = recorded[design][name]
    assert any(a.size > 1 for a in array_args(name, args).values())
    jitted, interpreted = poisoned(name, args), poisoned(name, args)
    kernel(*jitted)
    with np.errstate(over="ignore"):
        python(kernel)(*interpreted)
    for param, a in array_args(name, jitted).items():
        b = array_args(name, interpreted)[param]
        assert a.dtype == b.dtype and a.shape == b.shape
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=0, err_msg=f"{name}.{param}")
        else:
            np.testing.assert_array_equal(a, b, err_msg=f"{name}.{param}")
        if param.startswith("out"):
            # Every output row is written (no sentinel left), and values are finite.
            assert np.isfinite(a).all() if a.dtype.kind == "f" else (a != -99).all(), param


@pytest.mark.needs_jit
@pytest.mark.parametrize("design", list(DESIGNS))
@pytest.mark.parametrize("name", KERNEL_NAMES)
def test_model_calls_kernels_with_consistent_shapes(recorded, name, design):
    """Per-person arrays of one call share their row count; row indices are in range.

    A kernel does not check shapes, and jitted code does not check bounds: a short array is
    read past its end without any error (the interpreted kernel raises IndexError).
    """
    if name in CALLED_INSIDE_NUMBA[design]:
        pytest.skip(f"{name} is not called from Python in the {design} design")
    args = recorded[design][name]
    rows = {p: a.shape[0] for p, a in per_person_args(name, args).items()}
    assert len(set(rows.values())) == 1, f"{name} called with mismatched row counts: {rows}"
    n = next(iter(rows.values()))
    for param, a in array_args(name, args).items():
        if param in ROW_INDEX_ARGS and a.size:
            assert a.min() >= 0 and a.max() < n, f"{name}.{param} indexes past {n} rows"


# ----------------------------------------------------------------- known answers
IMPLS = {"jit": lambda k: k, "py": python}


@pytest.fixture(params=list(IMPLS))
def impl(request):
    """Return a function that gives a kernel jitted or interpreted."""
    return IMPLS[request.param]


@pytest.fixture(scope="module")
def params() -> kernels.KernelParams:
    return kernel_params(Scenario())


def people(n: int, seed: int = 0):
    g = np.random.default_rng(seed)
    return {
        "values": g.normal(size=(n, N_VALUES)),
        "traits": g.uniform(0.02, 0.98, size=(n, N_TRAITS)),
        "woman": g.uniform(size=n) < 0.5,
        "urm": g.uniform(size=n) < 0.2,
    }


def compat(impl, mentees, mentors, pop, deep_weight):
    out = np.empty(len(mentees))
    p = kernel_params(Scenario())._replace(deep_similarity_weight=deep_weight).packed()
    impl(kernels.pair_compatibility)(
        np.asarray(mentees, np.int64),
        np.asarray(mentors, np.int64),
        pop["values"],
        pop["traits"],
        pop["woman"],
        pop["urm"],
        p,
        out,
    )
    return out


def test_pair_compatibility_with_self_is_one(impl):
    pop = people(20)
    rows = np.arange(20)
    np.testing.assert_allclose(compat(impl, rows, rows, pop, 1.0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(compat(impl, rows, rows, pop, 0.0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(compat(impl, rows, rows, pop, 0.8), 1.0, rtol=1e-12)


def test_pair_compatibility_known_pairs(impl):
    pop = people(2)
    pop["values"][1] = -pop["values"][0]  # opposite values: cosine -1
    pop["traits"][1] = pop["traits"][0]  # same working style
    pop["woman"][:] = [True, False]
    pop["urm"][:] = [False, False]
    # deep = 0.6 * value_sim (0) + 0.4 * style_sim (1); demographic = 1 - the gender weight
    # (gender differs, URM status matches).
    assert compat(impl, [0], [1], pop, 1.0)[0] == pytest.approx(0.4, rel=1e-12)
    gender_weight = Scenario().relationships.gender_match_weight
    assert compat(impl, [0], [1], pop, 0.0)[0] == pytest.approx(1.0 - gender_weight, rel=1e-12)
    pop["values"][1] = 0.0  # no values: cosine taken as 0
    assert compat(impl, [0], [1], pop, 1.0)[0] == pytest.approx(0.7, rel=1e-12)
    pop["traits"][1, [TEAMWORK, EMOTIONAL_INTELLIGENCE, PROACTIVENESS]] = (
        pop["traits"][0, [TEAMWORK, EMOTIONAL_INTELLIGENCE, PROACTIVENESS]] + 0.6
    )
    assert compat(impl, [0], [1], pop, 1.0)[0] == pytest.approx(0.3, rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), weight=st.floats(0.0, 1.0))
def test_pair_compatibility_is_symmetric_and_bounded(seed, weight):
    pop = people(12, seed)
    g = np.random.default_rng(seed)
    a, b = g.integers(0, 12, 30), g.integers(0, 12, 30)
    ab = compat(IMPLS["jit"], a, b, pop, weight)
    np.testing.assert_array_equal(ab, compat(IMPLS["jit"], b, a, pop, weight))
    assert ((ab >= 0.0) & (ab <= 1.0 + 1e-12)).all()


def test_mentor_time_share(impl, params):
    load = np.array([0, 3, 5, 10, 12], np.int32)
    capacity = np.full(5, 5.0)
    out_capacity, out_share = np.empty(5), np.empty(5)

    def protected(hours):
        return params._replace(protected_hours_per_week=hours, funded_capacity_gain=0.6).packed()

    impl(kernels.mentor_time_share)(load, capacity, protected(0.0), out_capacity, out_share)
    np.testing.assert_array_equal(out_capacity, 5.0)
    np.testing.assert_allclose(out_share, [1.0, 1.0, 1.0, 0.5, 5.0 / 12.0], rtol=1e-12)
    # Protected time: 2 h/week gives half the funded gain (5 x 1.3 = 6.5 mentees, counted as
    # 7 whole mentees); past 4 h/week no more (5 x 1.6 = 8).
    impl(kernels.mentor_time_share)(load, capacity, protected(2.0), out_capacity, out_share)
    np.testing.assert_array_equal(out_capacity, 7.0)
    np.testing.assert_allclose(out_share, [1, 1, 1, 0.7, 7 / 12], rtol=1e-12)
    impl(kernels.mentor_time_share)(load, capacity, protected(10.0), out_capacity, out_share)
    np.testing.assert_array_equal(out_capacity, 8.0)
    # A fractional capacity is counted in whole mentees, the nearest (halves up).
    fractional = np.array([0.4, 2.5, 4.49, 4.5, 7.2])
    impl(kernels.mentor_time_share)(load, fractional, protected(0.0), out_capacity, out_share)
    np.testing.assert_array_equal(out_capacity, [0, 3, 4, 5, 7])
    np.testing.assert_array_equal(out_capacity, kernels.places_within(fractional))


def exit_chances(impl, p, *, stage, age, active=True, year=10):
    n = len(age)
    attrition, retirement = np.empty(n), np.empty(n)
    impl(kernels.exit_probability)(
        np.full(n, stage, np.int8),
        np.zeros(n, np.int32),
        np.zeros(n, np.int32),
        year,
        year - np.asarray(age, float),
        np.zeros(n, bool),
        np.zeros(n, bool),
        np.full(n, 0.6),
        np.full(n, 0.35),
        np.full(n, 0.8),
        np.full(n, 0.5),
        np.zeros(n, bool),
        np.ones(n),
        np.full(n, active),
        p.packed(),
        attrition,
        retirement,
    )
    return attrition, retirement


def test_exit_probability_known_answers(impl, params):
    assert params.retirement_age < params.retirement_certain_age
    certain = params.retirement_certain_age
    _, retirement = exit_chances(impl, params, stage=FULL, age=[certain, certain + 5, 99.0])
    np.testing.assert_array_equal(retirement, 1.0)
    _, retirement = exit_chances(
        impl,
        params,
        stage=FULL,
        age=[40.0, params.retirement_age - params.retirement_window_years - 0.01],
    )
    np.testing.assert_array_equal(retirement, 0.0)
    attrition, retirement = exit_chances(impl, params, stage=ASSOCIATE, age=[90.0], active=False)
    assert attrition[0] == 0.0 and retirement[0] == 0.0
    attrition, _ = exit_chances(impl, params, stage=ASSISTANT, age=[40.0, 50.0])
    assert ((attrition > 0.0) & (attrition < 1.0)).all()
    # Leaders leave at leader_attrition_ratio times the rate of full professors.
    full, _ = exit_chances(impl, params, stage=FULL, age=[50.0])
    leader, _ = exit_chances(impl, params, stage=LEADER, age=[50.0])
    assert -np.log1p(-leader[0]) == pytest.approx(
        -params.leader_attrition_ratio * np.log1p(-full[0]), rel=1e-12
    )


def test_promotion_probability_known_answers(impl, params):
    stage = np.array(
        [TRAINEE, ASSISTANT, ASSISTANT, ASSOCIATE, FULL, ASSISTANT, ASSISTANT], np.int8
    )
    year = 20
    served = np.array(
        [10, params.min_years_assistant - 1, params.min_years_assistant, 30, 30, 30, 30]
    )
    woman = np.array([False, False, False, False, False, False, True])
    active = np.array([True, True, True, True, True, False, True])
    out = np.full(7, np.nan)
    portfolio = np.full(7, params.promotion_bar_assistant + params.promotion_bar_associate)
    impl(kernels.promotion_probability)(
        stage,
        (year - served).astype(np.int32),
        year,
        portfolio,
        woman,
        np.zeros(7, bool),
        np.zeros(7, bool),
        active,
        params.packed(),
        out,
    )
    # Trainees, assistants short of the minimum years, full professors, and people who have
    # left are not promoted.
    np.testing.assert_array_equal(out[[0, 1, 4, 5]], 0.0)
    assert ((out[[2, 3, 6]] > 0.0) & (out[[2, 3, 6]] < 1.0)).all()
    # A proportional hazard: a woman's hazard is the man's times the hazard ratio.
    assert -np.log1p(-out[6]) == pytest.approx(
        -params.promotion_hr_women * np.log1p(-out[2]), rel=1e-12
    )


def test_track_composite_and_path_fit(impl, params):
    n = 3
    skills = np.ones((n, N_DOMAINS))
    track = np.arange(n, dtype=np.int8)
    composite = np.empty(n)
    impl(kernels.track_composite)(skills, track, TRACK_WEIGHTS, composite)
    np.testing.assert_allclose(composite, 1.0, rtol=1e-12)
    # Talent exactly one track's weights: that track is best and fits 1.
    talent = TRACK_WEIGHTS.copy()
    fit, best = np.empty(n), np.empty(n, np.int8)
    impl(kernels.path_fit)(talent, track, TRACK_WEIGHTS, params.packed(), fit, best)
    np.testing.assert_array_equal(best, track)
    np.testing.assert_array_equal(fit, 1.0)
    wrong = np.array([1, 2, 0], np.int8)
    impl(kernels.path_fit)(talent, wrong, TRACK_WEIGHTS, params.packed(), fit, best)
    np.testing.assert_array_equal(best, track)
    assert (fit < 1.0).all()


def test_aggregate_mentoring_without_relationships(impl, params):
    n, empty = 4, np.empty(0, np.int64)
    out = [
        np.full(n, np.nan),
        np.full((n, N_DOMAINS), np.nan),
        np.full(n, np.nan),
        np.full(n, -1, np.int32),
        np.full(n, np.nan),
        np.full(n, np.nan),
    ]
    impl(kernels.aggregate_mentoring)(
        empty,
        empty,
        empty,
        np.empty(0),
        np.ones(n),
        np.full((n, N_DOMAINS), 0.5),
        np.zeros(n, np.int8),
        np.full(n, 0.5),
        params.packed(),
        *out,
    )
    for a in out:
        np.testing.assert_array_equal(a, 0)


def test_packed_params_carry_every_field(params):
    """Kernels read the packed row; every field reads back, jitted and in plain Python."""
    packed = params.packed()
    assert packed.shape == (1,)
    assert packed.dtype.names == params._fields
    row = record_of(packed)
    for name in params._fields:
        assert getattr(row, name) == getattr(params, name)
    # The jitted read of one field, through a kernel that uses it.
    load, capacity = np.array([10], np.int32), np.array([5.0])
    out_capacity, out_share = np.empty(1), np.empty(1)
    kernels.mentor_time_share(
        load,
        capacity,
        params._replace(protected_hours_per_week=0.0).packed(),
        out_capacity,
        out_share,
    )
    assert out_share[0] == 0.5


def test_aggregate_mentoring_combines_mentors_as_independent_chances(impl, params):
    """Person 0 has two mentors (people 2 and 3); person 1's relationship is not active."""
    p = params
    rows = np.array([0, 1], np.int64)  # relationship 2 is not passed: ended
    rel_mentor = np.array([2, 3, 3], np.int64)
    rel_mentee = np.array([0, 0, 1], np.int64)
    quality = np.array([0.8, p.failure_threshold / 2, 0.9])
    time_share = np.array([1.0, 1.0, 0.5, 1.0])
    skills = np.zeros((4, N_DOMAINS))
    skills[2, 0], skills[3, 1] = 0.6, 0.4  # each mentor ahead in one domain
    stage = np.array([ASSISTANT, ASSISTANT, ASSOCIATE, FULL], np.int8)
    alignment = np.array([0.5, 0.5, 0.9, 0.3])
    out = [
        np.full(4, np.nan),
        np.full((4, N_DOMAINS), np.nan),
        np.full(4, np.nan),
        np.full(4, -1, np.int32),
        np.full(4, np.nan),
        np.full(4, np.nan),
    ]
    impl(kernels.aggregate_mentoring)(
        rows,
        rel_mentor,
        rel_mentee,
        quality,
        time_share,
        skills,
        stage,
        alignment,
        p.packed(),
        *out,
    )
    support, career, sponsor, failing, assess, pull = out
    effect = quality[:2] * time_share[[2, 3]]
    assert support[0] == pytest.approx(1 - np.prod(1 - p.support_per_effect * effect))
    assert assess[0] == pytest.approx(1 - np.prod(1 - p.reassessment_rate * effect))
    assert career[0, 0] == pytest.approx(min(1.0, effect[0] * 0.6 * p.career_push_scale))
    assert career[0, 1] == pytest.approx(min(1.0, effect[1] * 0.4 * p.career_push_scale))
    assert sponsor[0] == pytest.approx(max(effect[0] * p.associate_sponsorship, effect[1]))
    assert failing[0] == 1
    assert pull[0] == pytest.approx((effect[0] * 0.4 + effect[1] * -0.2) / 2)
    for row in (1, 2, 3):  # no active relationship as a mentee
        assert support[row] == assess[row] == sponsor[row] == pull[row] == failing[row] == 0
        np.testing.assert_array_equal(career[row], 0.0)


def test_develop_skills_stops_at_talent_and_skips_inactive(impl, params):
    n = 3
    talent = np.full((n, N_DOMAINS), 0.8)
    skills = np.array([talent[0], np.full(N_DOMAINS, 0.2), np.full(N_DOMAINS, 0.2)])
    before = skills.copy()
    active = np.array([True, True, False])
    impl(kernels.develop_skills)(
        skills,
        talent,
        np.full((n, N_TRAITS), 0.5),
        np.zeros(n, np.int8),
        TRACK_WEIGHTS,
        np.ones((n, N_DOMAINS)),
        active,
        params._replace(self_growth_rate=0.035, career_function_rate=0.1).packed(),
    )
    np.testing.assert_array_equal(skills[0], before[0])
    np.testing.assert_array_equal(skills[2], before[2])
    assert (skills[1] > before[1]).all() and (skills[1] <= talent[1]).all()


def test_leadership_readiness_zero_below_associate(impl, params):
    n = 5
    stage = np.array([TRAINEE, ASSISTANT, ASSOCIATE, FULL, LEADER], np.int8)
    out = np.full(n, np.nan)
    impl(kernels.leadership_readiness)(
        np.ones((n, N_DOMAINS)),
        np.ones(n),
        np.ones((n, N_TRAITS)),
        stage,
        np.zeros(n, np.int32),
        20,
        np.ones(n, bool),
        params.packed(),
        out,
    )
    np.testing.assert_array_equal(out[:2], 0.0)
    weights = (
        params.readiness_leadership_weight
        + params.readiness_business_weight
        + params.readiness_alignment_weight
        + params.readiness_emotional_weight
        + params.readiness_seniority_weight
    )
    np.testing.assert_allclose(out[2:], min(1.0, weights), rtol=1e-12)


def test_academic_output_builds_the_portfolio_of_assistants_and_associates(impl, params):
    stage = np.array([TRAINEE, ASSISTANT, ASSOCIATE, FULL, ASSISTANT, ASSISTANT], np.int8)
    active = np.array([True, True, True, True, False, True])
    portfolio = np.ones(6)
    composite = np.full(6, 0.5)
    support = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 1.0])
    burnout = np.zeros(6)
    output = np.full(6, np.nan)
    productivity = np.ones(6)
    nobody = np.zeros(6, dtype=bool)
    hours = np.zeros(6)
    impl(kernels.add_academic_output)(
        portfolio=portfolio,
        composite=composite,
        productivity=productivity,
        career_support=support,
        burnout=burnout,
        mentoring_hours=hours,
        stage=stage,
        woman=nobody,
        urm=nobody,
        on_leave=nobody,
        active=active,
        params=params.packed(),
        out_output=output,
    )
    # Trainees, full professors and people who left build no portfolio.
    np.testing.assert_array_equal(output[[0, 3, 4]], 0.0)
    np.testing.assert_array_equal(portfolio[[0, 3, 4]], 1.0)
    np.testing.assert_allclose(portfolio[[1, 2]], 1.5, rtol=1e-12)
    # Full career support raises output by career_output_effect.
    assert output[5] == pytest.approx(0.5 * (1 + params.career_output_effect), rel=1e-12)
    # Unprotected mentoring hours lower it by mentoring_output_drag an hour a week.
    hours[2] = 3.0
    impl(kernels.add_academic_output)(
        portfolio=portfolio,
        composite=composite,
        productivity=productivity,
        career_support=support,
        burnout=burnout,
        mentoring_hours=hours,
        stage=stage,
        woman=nobody,
        urm=nobody,
        on_leave=nobody,
        active=active,
        params=params.packed(),
        out_output=output,
    )
    drag = params.mentoring_output_drag
    assert output[2] == pytest.approx(0.5 * (1 - 3.0 * drag), rel=1e-12)
    assert output[1] == pytest.approx(0.5, rel=1e-12)


# ----------------------------------------------------------------- whole model, no JIT
# Seed 11 at 200 people hires an external leader in year 2, so the run goes through every
# step of the yearly cycle, including the late-year hires. Each formal policy runs its
# matching loops interpreted too.
NOJIT_RUN = {"seed": 11, "size": 200, "years": 3}
NOJIT_DESIGNS = {
    "informal": {},
    "random": {
        "program__formal": True,
        "program__policy": "random",
        "program__evaluate_relationships": True,
    },
    "stable": {
        "program__formal": True,
        "program__policy": "stable",
        "program__mentors_per_mentee": 2,
    },
    "committee": DESIGNS["formal_committee"],
}

_NOJIT_CHILD = """
import json, sys, warnings
import numpy as np
warnings.simplefilter("ignore", RuntimeWarning)   # uint64 overflow in the rng hash, on purpose
from sim.model import MentorshipModel
model = MentorshipModel(rng={seed}, years={years}, institution__initial_size={size},
                        **json.loads(sys.argv[2]))
for _ in range({years}):
    model.step()
model.datacollector.get_model_vars_dataframe().to_pickle(sys.argv[1])
"""


def yearly_metrics(seed: int, size: int, years: int, **overrides) -> pd.DataFrame:
    model = MentorshipModel(rng=seed, years=years, institution__initial_size=size, **overrides)
    for _ in range(years):
        model.step()
    return model.datacollector.get_model_vars_dataframe()


@pytest.mark.slow
@pytest.mark.skipif(JIT_OFF, reason="NUMBA_DISABLE_JIT is set in this process")
@pytest.mark.parametrize("design", list(NOJIT_DESIGNS))
def test_model_without_jit_equals_jitted(tmp_path, design):
    import json

    out = tmp_path / "nojit.pkl"
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    overrides = NOJIT_DESIGNS[design]
    done = subprocess.run(
        [sys.executable, "-c", _NOJIT_CHILD.format(**NOJIT_RUN), str(out), json.dumps(overrides)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    interpreted = pd.read_pickle(out)
    jitted = yearly_metrics(**NOJIT_RUN, **overrides)
    assert len(jitted) == NOJIT_RUN["years"] + 1
    assert jitted["relationships_active"].iloc[-1] > 0
    pd.testing.assert_frame_equal(interpreted, jitted, check_exact=False, rtol=1e-12, atol=0)


@pytest.mark.skipif(JIT_OFF, reason="NUMBA_DISABLE_JIT is set in this process")
def test_jit_is_really_on_in_this_process():
    """The comparison above is only meaningful if this process runs compiled code."""
    from numba.core.registry import CPUDispatcher

    assert isinstance(kernels.exit_probability, CPUDispatcher)


def test_failure_sides_jitted_equals_interpreted_and_per_pair_factors(params):
    """The side of each failure: jitted, interpreted and the per-pair factors all agree."""
    g = np.random.default_rng(5)
    n, f = 400, 300
    skill, share, recept = g.uniform(size=n), g.uniform(0.05, 1.0, size=n), g.uniform(size=n)
    mentors, mentees = g.integers(0, n, size=f), g.integers(0, n, size=f)
    jitted, interpreted = np.full(f, -99, np.int8), np.full(f, -99, np.int8)
    packed = params.packed()
    kernels.failure_sides(mentors, mentees, skill, share, recept, packed, jitted)
    python(kernels.failure_sides)(mentors, mentees, skill, share, recept, packed, interpreted)
    by_mentor = np.array([kernels.mentor_factor(skill[j], share[j], packed) for j in mentors])
    by_mentee = np.array([kernels.mentee_factor(recept[e], packed) for e in mentees])
    expected = np.where(by_mentor < by_mentee, MENTOR_SIDE, MENTEE_SIDE).astype(np.int8)
    np.testing.assert_array_equal(jitted, expected)
    np.testing.assert_array_equal(interpreted, expected)
    assert {MENTOR_SIDE, MENTEE_SIDE} <= set(expected.tolist())


def _pick_sponsors_reference(junior_dept, draws, seniors, senior_dept, room):
    """The one-junior-at-a-time pick the program used before ``_pick_sponsors``."""
    picks = []
    for d, u in zip(junior_dept, draws, strict=True):
        near = seniors[(senior_dept == d) & (room[seniors] > 0)]
        if len(near) == 0:
            picks.append(-1)
            continue
        pick = near[int(u * len(near))]
        room[pick] -= 1
        picks.append(pick)
    return np.array(picks, np.int64)


def test_pick_sponsors_jitted_equals_interpreted_and_reference():
    """Sponsor picks: jitted, interpreted and the per-junior reference agree, room included."""
    from sim.sponsorship import _pick_sponsors

    g = np.random.default_rng(11)
    n, j = 300, 250
    dept = g.integers(0, 6, size=n).astype(np.int32)
    room = np.where(g.uniform(size=n) < 0.3, g.integers(0, 3, size=n), 0).astype(np.int64)
    seniors = np.flatnonzero(room > 0)
    juniors = g.permutation(n)[:j]
    draws = g.uniform(size=j)
    expected_room = room.copy()
    expected = _pick_sponsors_reference(dept[juniors], draws, seniors, dept[seniors], expected_room)
    for impl in (_pick_sponsors, python(_pick_sponsors)):
        r, out = room.copy(), np.full(j, -99, np.int64)
        impl(dept[juniors], draws, seniors, dept[seniors], r, out)
        np.testing.assert_array_equal(out, expected)
        np.testing.assert_array_equal(r, expected_room)
    assert (expected == -1).any() and (expected >= 0).any()


def _first_come_reference(proteges, sponsors, room):
    """The pair-by-pair loop sponsorships started with before ``_first_come_within_room``."""
    keep, taken = np.zeros(len(proteges), bool), set()
    for k, (protege, sponsor) in enumerate(zip(proteges.tolist(), sponsors.tolist(), strict=True)):
        if room[sponsor] > 0 and protege not in taken:
            room[sponsor] -= 1
            taken.add(protege)
            keep[k] = True
    return keep


def test_sponsorships_start_first_come_within_room_as_the_reference():
    """Kept pairs, jitted and interpreted, equal the reference's; room is used the same."""
    from sim.sponsorship import _first_come_within_room

    g = np.random.default_rng(12)
    n, k = 200, 400
    proteges = g.integers(0, n, size=k)  # some proteges offered twice
    sponsors = g.integers(0, n, size=k)
    room = g.integers(0, 3, size=n).astype(np.int64)
    expected_room = room.copy()
    expected = _first_come_reference(proteges, sponsors, expected_room)
    for impl in (_first_come_within_room, python(_first_come_within_room)):
        r, keep = room.copy(), np.empty(k, bool)
        impl(proteges, sponsors, r, keep)
        np.testing.assert_array_equal(keep, expected)
        np.testing.assert_array_equal(r, expected_room)
    assert expected.any() and not expected.all()
    kept = proteges[expected]
    assert len(np.unique(kept)) == len(kept)  # one sponsorship per protege


def test_add_at_equals_numpy_add_at_with_repeated_rows():
    """The counts kernel, jitted and interpreted, adds once per entry, as ``np.add.at``."""
    g = np.random.default_rng(5)
    rows = g.integers(0, 50, size=300)  # repeats: a mentor gaining several mentees
    assert len(np.unique(rows)) < len(rows)
    for step in (1, -1):
        expected = g.integers(0, 10, size=50).astype(np.int32)
        start = expected.copy()
        np.add.at(expected, rows, step)
        for impl in (kernels.add_at, python(kernels.add_at)):
            counts = start.copy()
            impl(counts, rows, step)
            np.testing.assert_array_equal(counts, expected)
            assert counts.dtype == np.int32
