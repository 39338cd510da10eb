"""The numba kernels against the plain-Python references of ``tests/naive.py``.

Each test draws a random world (people arrays, relationship rows, a year) and perturbed
parameters with hypothesis, calls the jitted kernel by keyword with its output arrays filled
with a sentinel, and compares every output with the reference. The inputs are random rather
than a model's, so paths a default run rarely takes (a zero values vector, a mentor over
capacity, an assistant past the clock, retirement ages) are reached too.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import kernels
from sim.kernels.params import KernelParams, kernel_params
from sim.scenario import Population, default
from sim.state import (
    COMMITTEE,
    EMOTIONAL_INTELLIGENCE,
    INFORMAL,
    LEADER,
    N_DOMAINS,
    N_TRAITS,
    N_VALUES,
    PRIMARY,
    TRAINEE,
)
from tests import naive

# Sums and products the references take in another order (or as a quotient the kernel takes
# as a reciprocal) may differ in the last bits; a formula's error is far larger.
RTOL, ATOL = 1e-12, 1e-12
TRACK_WEIGHTS = Population().track_weights
N_TRACKS = TRACK_WEIGHTS.shape[0]
# The default scenario's parameters as a running program has them (protected time counts).
BASE = kernel_params(default(), program_running=True)

# Examples per test: enough to reach the kernels' branches, few enough for the fast suite
# (and for NUMBA_DISABLE_JIT=1, where the kernels run as Python). No deadline: a kernel's first
# call with new argument types compiles it.
EXAMPLES = settings(max_examples=40, deadline=None)

seeds = st.integers(min_value=0, max_value=2**32 - 1)
sizes = st.integers(min_value=1, max_value=30)


def perturbed(seed: int) -> KernelParams:
    """The default parameters, each scaled by a factor in [0.5, 1.5] (signs kept).

    Protected hours, zero by default, are drawn in [0, 2x the funded hours], so both sides of
    the funded level are reached.
    """
    rng = np.random.default_rng(seed)
    values = {name: v * rng.uniform(0.5, 1.5) for name, v in BASE._asdict().items()}
    values["protected_hours_per_week"] = rng.uniform(0.0, 2.0) * values["funded_hours_per_week"]
    return KernelParams(**values)


def world(seed: int, n: int) -> dict:
    """Random people arrays for ``n`` rows, as the kernels take them (dtypes of the tables)."""
    rng = np.random.default_rng(seed)
    year = int(rng.integers(5, 40))
    values = rng.normal(size=(n, N_VALUES))
    values[rng.random(n) < 0.1] = 0.0  # a zero values vector: cosine taken as 0
    return {
        "year": year,
        "stage": rng.integers(TRAINEE, LEADER + 1, n).astype(np.int8),
        "track": rng.integers(0, N_TRACKS, n).astype(np.int8),
        "stage_year": (year - rng.integers(0, 12, n)).astype(np.int32),
        "faculty_year": (year - rng.integers(0, 15, n)).astype(np.int32),
        "clock_extension": rng.integers(0, 3, n).astype(np.int32),
        "birth_year": year - rng.uniform(25.0, 85.0, n),
        "woman": rng.random(n) < 0.5,
        "urm": rng.random(n) < 0.3,
        "active": rng.random(n) < 0.8,
        "traits": rng.random((n, N_TRAITS)),
        "values": values,
        "talent": rng.random((n, N_DOMAINS)),
        "skills": rng.random((n, N_DOMAINS)) * 0.8,
        "satisfaction": rng.random(n),
        "burnout": rng.random(n) * 0.8,
        "alignment": rng.random(n),
        "path_fit": rng.random(n),
        "mentor_satisfaction": rng.random(n),
        "mentor_skill": rng.random(n),
        "receptiveness": rng.random(n),
        "support": rng.random(n),
        "failing": rng.integers(0, 3, n).astype(np.int32),
        "load": rng.integers(0, 9, n).astype(np.int32),
        "capacity": rng.uniform(0.0, 8.0, n),
        "time_share": rng.random(n),
        "portfolio": rng.uniform(0.0, 6.0, n),
        "productivity": rng.lognormal(0.0, 0.5, n),
        "noise": rng.normal(size=n),
        "rng": rng,
    }


def relationships(w: dict, n: int, count: int) -> dict:
    """``count`` random relationship rows among ``n`` people, and a subset of active rows."""
    rng = w["rng"]
    rows = np.flatnonzero(rng.random(count) < 0.8).astype(np.int64)
    return {
        "rows": rows,
        "mentor": rng.integers(0, n, count).astype(np.int64),
        "mentee": rng.integers(0, n, count).astype(np.int64),
        "kind": rng.choice([PRIMARY, COMMITTEE, INFORMAL], count).astype(np.int8),
        "started": rng.random(count) < 0.5,
        "compat": rng.random(count),
        "quality": rng.random(count),
        "ever_failing": rng.random(count) < 0.2,
        "noise": rng.normal(size=len(rows)),
    }


def sentinel(shape, dtype=np.float64) -> np.ndarray:
    """An output array filled with a value no kernel writes (NaN, or -99 for integers)."""
    return np.full(shape, np.nan if np.dtype(dtype).kind == "f" else -99, dtype=dtype)


def close(actual, expected) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=RTOL, atol=ATOL)


# ----------------------------------------------------------------------------- common


@EXAMPLES
@given(seed=seeds, n=sizes, k=st.integers(0, 40), step=st.integers(-3, 3))
def test_add_at(seed, n, k, step):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 10, n).astype(np.int32)
    rows = rng.integers(0, n, k).astype(np.int64)
    expected = naive.add_at(counts, rows, step)
    kernels.add_at(counts=counts, rows=rows, step=step)
    assert counts.tolist() == expected


# ----------------------------------------------------------------------------- wellbeing


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_psychosocial(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    rng = w["rng"]
    relief_before = rng.uniform(0.0, 0.6, n) * (rng.random(n) < 0.5)
    relief = rng.uniform(0.0, 0.6, n) * (rng.random(n) < 0.5)
    extra = rng.uniform(0.0, 0.2, n)
    traits = w["traits"].copy()
    expected = naive.psychosocial(
        w["satisfaction"], w["burnout"], traits, w["support"], w["failing"], w["path_fit"],
        w["alignment"], relief, relief_before, extra, w["noise"], w["active"], kp,
    )  # fmt: skip
    sat, burn = sentinel(n), sentinel(n)
    kernels.psychosocial(
        satisfaction=w["satisfaction"],
        burnout=w["burnout"],
        traits=traits,
        support=w["support"],
        failing=w["failing"],
        path_fit=w["path_fit"],
        alignment=w["alignment"],
        coaching_relief=relief,
        coaching_relief_before=relief_before,
        extra_stress=extra,
        noise=w["noise"],
        active=w["active"],
        params=kp.packed(),
        out_satisfaction=sat,
        out_burnout=burn,
    )
    close(sat, expected[0])
    close(burn, expected[1])
    close(traits[:, EMOTIONAL_INTELLIGENCE], expected[2])
    # Only emotional intelligence of the traits develops.
    others = np.delete(np.arange(N_TRAITS), EMOTIONAL_INTELLIGENCE)
    assert np.array_equal(traits[:, others], w["traits"][:, others])


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_mentor_wellbeing(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    rng = w["rng"]
    effective = np.floor(w["capacity"] * rng.uniform(0.0, 1.5, n))  # whole mentees, may be 0
    mean_quality = rng.random(n)
    is_mentor = w["load"] > 0
    mentor_sat = w["mentor_satisfaction"].copy()
    expected = naive.mentor_wellbeing(w["load"], effective, mean_quality, is_mentor, kp, mentor_sat)
    stress = sentinel(n)
    kernels.mentor_wellbeing(
        load=w["load"],
        effective_capacity=effective,
        mean_quality=mean_quality,
        is_mentor=is_mentor,
        params=kp.packed(),
        mentor_satisfaction=mentor_sat,
        out_extra_stress=stress,
    )
    close(mentor_sat, expected[0])
    close(stress, expected[1])


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_align_values(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    pull = w["rng"].uniform(-0.5, 0.5, n)
    out = sentinel(n)
    kernels.align_values(
        alignment=w["alignment"],
        pull=pull,
        burnout=w["burnout"],
        active=w["active"],
        params=kp.packed(),
        out=out,
    )
    close(out, naive.align_values(w["alignment"], pull, w["burnout"], w["active"], kp))


# ----------------------------------------------------------------------------- relationships


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds, c=st.integers(0, 30))
def test_pair_compatibility(seed, n, pseed, c):
    w, kp = world(seed, n), perturbed(pseed)
    mentees = w["rng"].integers(0, n, c).astype(np.int64)
    mentors = w["rng"].integers(0, n, c).astype(np.int64)
    out = sentinel(c)
    kernels.pair_compatibility(
        mentees=mentees,
        mentors=mentors,
        values=w["values"],
        traits=w["traits"],
        woman=w["woman"],
        urm=w["urm"],
        params=kp.packed(),
        out=out,
    )
    expected = naive.pair_compatibility(
        mentees, mentors, w["values"], w["traits"], w["woman"], w["urm"], kp
    )
    close(out, expected)


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_mentor_time_share(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    cap, share = sentinel(n), sentinel(n)
    kernels.mentor_time_share(
        load=w["load"],
        capacity=w["capacity"],
        params=kp.packed(),
        out_capacity=cap,
        out_share=share,
    )
    expected_cap, expected_share = naive.mentor_time_share(w["load"], w["capacity"], kp)
    assert cap.tolist() == expected_cap
    close(share, expected_share)
    # The array form the fill rule reads rounds the same way as the kernel.
    assert kernels.places_within(w["capacity"]).tolist() == [
        float(naive.whole_mentees(c)) for c in w["capacity"]
    ]


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds, f=st.integers(0, 20))
def test_failure_sides(seed, n, pseed, f):
    w, kp = world(seed, n), perturbed(pseed)
    mentors = w["rng"].integers(0, n, f).astype(np.int64)
    mentees = w["rng"].integers(0, n, f).astype(np.int64)
    side = sentinel(f, np.int8)
    kernels.failure_sides(
        mentors=mentors,
        mentees=mentees,
        mentor_skill=w["mentor_skill"],
        time_share=w["time_share"],
        receptiveness=w["receptiveness"],
        params=kp.packed(),
        out_side=side,
    )
    expected = naive.failure_sides(
        mentors, mentees, w["mentor_skill"], w["time_share"], w["receptiveness"], kp
    )
    assert side.tolist() == expected


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds, count=st.integers(0, 30))
def test_update_relationship_quality(seed, n, pseed, count):
    w, kp = world(seed, n), perturbed(pseed)
    r = relationships(w, n, count)
    quality, started, failing = r["quality"].copy(), r["started"].copy(), r["ever_failing"].copy()
    expected = naive.update_relationship_quality(
        r["rows"], r["mentor"], r["mentee"], r["kind"], started, r["compat"], w["mentor_skill"],
        w["receptiveness"], w["time_share"], r["noise"], kp, quality, failing,
    )  # fmt: skip
    kernels.update_relationship_quality(
        rows=r["rows"],
        rel_mentor=r["mentor"],
        rel_mentee=r["mentee"],
        rel_kind=r["kind"],
        rel_started=started,
        compat=r["compat"],
        mentor_skill=w["mentor_skill"],
        receptiveness=w["receptiveness"],
        time_share=w["time_share"],
        noise=r["noise"],
        params=kp.packed(),
        quality=quality,
        ever_failing=failing,
    )
    close(quality, expected[0])
    assert started.tolist() == expected[1]
    assert failing.tolist() == expected[2]


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds, count=st.integers(0, 40))
def test_aggregate_mentoring(seed, n, pseed, count):
    w, kp = world(seed, n), perturbed(pseed)
    r = relationships(w, n, count)
    out = {
        "support": sentinel(n),
        "career": sentinel((n, N_DOMAINS)),
        "sponsor": sentinel(n),
        "failing": sentinel(n, np.int32),
        "assess": sentinel(n),
        "pull": sentinel(n),
    }
    kernels.aggregate_mentoring(
        rows=r["rows"],
        rel_mentor=r["mentor"],
        rel_mentee=r["mentee"],
        quality=r["quality"],
        time_share=w["time_share"],
        skills=w["skills"],
        stage=w["stage"],
        alignment=w["alignment"],
        params=kp.packed(),
        out_support=out["support"],
        out_career=out["career"],
        out_sponsor=out["sponsor"],
        out_failing=out["failing"],
        out_assess=out["assess"],
        out_pull=out["pull"],
    )
    expected = naive.aggregate_mentoring(
        r["rows"], r["mentor"], r["mentee"], r["quality"], w["time_share"], w["skills"],
        w["stage"], w["alignment"], kp,
    )  # fmt: skip
    for name, value in out.items():
        close(value, expected[name])


# ----------------------------------------------------------------------------- exits


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_exit_probability(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    hazard_ratio = np.where(w["rng"].random(n) < 0.3, w["rng"].uniform(0.5, 1.0, n), 1.0)
    is_mentor = w["load"] > 0
    attrition, retirement = sentinel(n), sentinel(n)
    kernels.exit_probability(
        stage=w["stage"],
        faculty_year=w["faculty_year"],
        clock_extension=w["clock_extension"],
        year=w["year"],
        birth_year=w["birth_year"],
        woman=w["woman"],
        urm=w["urm"],
        satisfaction=w["satisfaction"],
        burnout=w["burnout"],
        path_fit=w["path_fit"],
        mentor_satisfaction=w["mentor_satisfaction"],
        is_mentor=is_mentor,
        hazard_ratio=hazard_ratio,
        active=w["active"],
        params=kp.packed(),
        out_attrition=attrition,
        out_retirement=retirement,
    )
    expected = naive.exit_probability(
        w["stage"], w["faculty_year"], w["clock_extension"], w["year"], w["birth_year"],
        w["woman"], w["urm"], w["satisfaction"], w["burnout"], w["path_fit"],
        w["mentor_satisfaction"], is_mentor, hazard_ratio, w["active"], kp,
    )  # fmt: skip
    close(attrition, expected[0])
    close(retirement, expected[1])


def test_exit_references_reach_every_branch():
    """The random worlds reach each attrition and retirement branch (else the test is thin)."""
    kp = BASE
    reached = set()
    for seed in range(20):
        w = world(seed, 30)
        on_faculty = w["year"] - w["faculty_year"]
        age = w["year"] - w["birth_year"]
        reached |= {
            name
            for name, hit in {
                "trainee": w["stage"] == TRAINEE,
                "early": (w["stage"] != TRAINEE) & (on_faculty < kp.early_attrition_years),
                "passed_over": (w["stage"] == 1)
                & (on_faculty >= kp.promotion_clock_years + w["clock_extension"]),
                "certain_retirement": age >= kp.retirement_certain_age,
                "retirement_window": (age < kp.retirement_certain_age)
                & (age >= kp.retirement_age - kp.retirement_window_years),
            }.items()
            if (hit & w["active"]).any()
        }
    assert reached == {
        "trainee",
        "early",
        "passed_over",
        "certain_retirement",
        "retirement_window",
    }


# ----------------------------------------------------------------------------- development
# One test per kernel, kept together: the development and leadership kernels change more often.


@EXAMPLES
@given(seed=seeds, n=sizes)
def test_track_composite(seed, n):
    w = world(seed, n)
    out = sentinel(n)
    kernels.track_composite(
        skills=w["skills"], track=w["track"], track_weights=TRACK_WEIGHTS, out=out
    )
    close(out, naive.track_composite(w["skills"], w["track"], TRACK_WEIGHTS))


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_path_fit(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    fit, best = sentinel(n), sentinel(n, np.int8)
    kernels.path_fit(
        talent=w["talent"],
        track=w["track"],
        track_weights=TRACK_WEIGHTS,
        params=kp.packed(),
        out_fit=fit,
        out_best=best,
    )
    expected_fit, expected_best = naive.path_fit(w["talent"], w["track"], TRACK_WEIGHTS, kp)
    close(fit, expected_fit)
    assert best.tolist() == expected_best


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_develop_skills(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    career = w["rng"].random((n, N_DOMAINS))
    skills = w["skills"].copy()
    kernels.develop_skills(
        skills=skills,
        talent=w["talent"],
        traits=w["traits"],
        track=w["track"],
        track_weights=TRACK_WEIGHTS,
        career=career,
        active=w["active"],
        params=kp.packed(),
    )
    expected = naive.develop_skills(
        w["skills"], w["talent"], w["traits"], w["track"], TRACK_WEIGHTS, career, w["active"], kp
    )
    close(skills, expected)


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_add_academic_output(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    rng = w["rng"]
    composite = rng.random(n)
    career_support, hours, on_leave = rng.random(n), rng.uniform(0.0, 12.0, n), rng.random(n) < 0.1
    portfolio, output = w["portfolio"].copy(), sentinel(n)
    kernels.add_academic_output(
        portfolio=portfolio,
        composite=composite,
        productivity=w["productivity"],
        career_support=career_support,
        burnout=w["burnout"],
        mentoring_hours=hours,
        stage=w["stage"],
        woman=w["woman"],
        urm=w["urm"],
        on_leave=on_leave,
        active=w["active"],
        params=kp.packed(),
        out_output=output,
    )
    expected = naive.add_academic_output(
        w["portfolio"], composite, w["productivity"], career_support, w["burnout"], hours,
        w["stage"], w["woman"], w["urm"], on_leave, w["active"], kp,
    )  # fmt: skip
    close(portfolio, expected[0])
    close(output, expected[1])


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_promotion_probability(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    sponsored = w["rng"].random(n) < 0.3
    out = sentinel(n)
    kernels.promotion_probability(
        stage=w["stage"],
        stage_year=w["stage_year"],
        year=w["year"],
        portfolio=w["portfolio"],
        woman=w["woman"],
        urm=w["urm"],
        sponsored=sponsored,
        active=w["active"],
        params=kp.packed(),
        out=out,
    )
    expected = naive.promotion_probability(
        w["stage"], w["stage_year"], w["year"], w["portfolio"], w["woman"], w["urm"], sponsored,
        w["active"], kp,
    )  # fmt: skip
    close(out, expected)


@EXAMPLES
@given(seed=seeds, n=sizes, pseed=seeds)
def test_leadership_readiness(seed, n, pseed):
    w, kp = world(seed, n), perturbed(pseed)
    out = sentinel(n)
    kernels.leadership_readiness(
        skills=w["skills"],
        alignment=w["alignment"],
        traits=w["traits"],
        stage=w["stage"],
        stage_year=w["stage_year"],
        year=w["year"],
        active=w["active"],
        params=kp.packed(),
        out=out,
    )
    expected = naive.leadership_readiness(
        w["skills"], w["alignment"], w["traits"], w["stage"], w["stage_year"], w["year"],
        w["active"], kp,
    )  # fmt: skip
    close(out, expected)


# Every kernel the model calls has a reference test here.
TESTED = {
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
}


def test_every_kernel_has_a_reference():
    assert set(kernels.all_kernels()) == TESTED
    assert all(callable(getattr(naive, name)) for name in TESTED)


@pytest.mark.parametrize(
    ("name", "swap"),
    [
        ("align_values", ("pull", "burnout")),
        ("exit_probability", ("satisfaction", "burnout")),
    ],
)
def test_a_swapped_argument_disagrees_with_the_reference(name, swap):
    """Two same-typed arguments swapped give other numbers than the reference.

    So the comparisons above catch a call that passes them the wrong way round.
    """
    w, kp = world(3, 30), BASE
    if name == "align_values":
        args = {"alignment": w["alignment"], "pull": w["support"] - 0.5, "burnout": w["burnout"]}
        a, b = swap
        args[a], args[b] = args[b], args[a]
        out = sentinel(30)
        kernels.align_values(**args, active=w["active"], params=kp.packed(), out=out)
        expected = naive.align_values(
            w["alignment"], w["support"] - 0.5, w["burnout"], w["active"], kp
        )
    else:
        inputs = {k: w[k] for k in ("satisfaction", "burnout")}
        a, b = swap
        inputs[a], inputs[b] = inputs[b], inputs[a]
        out, retirement = sentinel(30), sentinel(30)
        kernels.exit_probability(
            stage=w["stage"],
            faculty_year=w["faculty_year"],
            clock_extension=w["clock_extension"],
            year=w["year"],
            birth_year=w["birth_year"],
            woman=w["woman"],
            urm=w["urm"],
            path_fit=w["path_fit"],
            mentor_satisfaction=w["mentor_satisfaction"],
            is_mentor=w["load"] > 0,
            hazard_ratio=np.ones(30),
            active=w["active"],
            params=kp.packed(),
            out_attrition=out,
            out_retirement=retirement,
            **inputs,
        )
        expected = naive.exit_probability(
            w["stage"], w["faculty_year"], w["clock_extension"], w["year"], w["birth_year"],
            w["woman"], w["urm"], w["satisfaction"], w["burnout"], w["path_fit"],
            w["mentor_satisfaction"], w["load"] > 0, np.ones(30), w["active"], kp,
        )[0]  # fmt: skip
    assert not np.allclose(out, expected, rtol=RTOL, atol=ATOL)
