"""Tests for sim.rng: keyed draws are uniform, independent, deterministic and paired.

The statistical tests run on fixed seeds, so they are deterministic: a threshold that passes
once passes every time. Thresholds are loose enough that a sound generator passes them
comfortably (p > 0.001, |r| < 0.02 at 100,000 draws where the standard error of r is 0.003)
and tight enough that a broken one (a repeated stream, a key part ignored) fails.
"""

import zlib

import numpy as np
import pytest
from scipy import stats

from sim import rng as keyed
from sim.model import MentorshipModel
from sim.rng import (
    KeyedRandom,
    fill_draws,
    fill_normal,
    fill_uniform,
    fill_where,
    key_hash,
    keyed_normal,
    keyed_uniform,
    purpose_code,
    replicate_seeds,
)
from sim.scenario import Scenario
from sim.state import ASSISTANT, EMOTIONAL_INTELLIGENCE, KEY_EXTERNAL_LEADER

N = 100_000
SEED = 12345
MIN_P = 1e-3
MAX_R = 0.02

# ----------------------------------------------------------------- a reference in plain ints
MASK = 2**64 - 1


def python(fn):
    """The interpreted function (the function itself when NUMBA_DISABLE_JIT is set)."""
    return getattr(fn, "py_func", fn)


def _mix_ref(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def key_hash_ref(seed: int, purpose: int, entity: int, year: int, slot: int) -> int:
    """SplitMix64-finaliser key hash written with Python ints, independent of numpy/numba."""
    golden = 0x9E3779B97F4A7C15
    h = _mix_ref((seed + golden) & MASK)
    for word in (purpose, entity, year + 1, slot):
        h = _mix_ref(h ^ ((word + golden) & MASK))
    return h


def uniforms(purpose="a", entities=None, year=1, slot=0, seed=SEED) -> np.ndarray:
    entities = np.arange(N) if entities is None else entities
    return KeyedRandom(seed).uniform(purpose, entities, year, slot)


# ----------------------------------------------------------------- distribution
def test_uniform_over_consecutive_entities():
    u = uniforms()
    assert stats.kstest(u, "uniform").pvalue > MIN_P
    assert abs(u.mean() - 0.5) < 0.005
    assert abs(u.var() - 1 / 12) < 0.002


def test_uniform_for_other_key_parts():
    """Varying only the year, the slot or the seed also gives uniform draws."""
    r = KeyedRandom(SEED)
    code = r.code("a")
    by_year = np.array([keyed_uniform(r.seed, code, 17, y, 0) for y in range(-1, 20_000)])
    by_slot = np.array([keyed_uniform(r.seed, code, 17, 3, s) for s in range(20_000)])
    by_seed = np.array([keyed_uniform(np.uint64(s), code, 17, 3, 0) for s in range(20_000)])
    for u in (by_year, by_slot, by_seed):
        assert stats.kstest(u, "uniform").pvalue > MIN_P


def test_values_strictly_inside_unit_interval():
    for purpose in ("a", "exit", "traits"):
        u = uniforms(purpose, np.arange(N) + 2**40, year=-1)
        assert u.min() > 0.0 and u.max() < 1.0


def test_largest_hash_maps_below_one():
    # The largest shifted hash would round up to exactly 1.0 (2**53 - 0.5 is not a double);
    # keyed_uniform holds it at the largest double below one.
    bits = np.uint64(MASK) >> keyed._S11
    assert (float(bits) + 0.5) * keyed._INV_2_53 == 1.0  # why the clamp is needed
    assert min((float(bits) + 0.5) * keyed._INV_2_53, keyed._BELOW_ONE) < 1.0
    assert np.nextafter(1.0, 0.0) == keyed._BELOW_ONE


def test_smallest_hash_maps_above_zero():
    bits = np.uint64(0) >> keyed._S11
    assert (float(bits) + 0.5) * keyed._INV_2_53 > 0.0


def test_normal_draws_are_standard_normal():
    z = KeyedRandom(SEED).normal("n", np.arange(N), 4, n_slots=2)
    for k in range(2):
        assert stats.kstest(z[:, k], "norm").pvalue > MIN_P
        assert abs(z[:, k].mean()) < 0.015 and abs(z[:, k].std() - 1.0) < 0.015
    assert stats.normaltest(z[:, 0]).pvalue > MIN_P
    r, p = stats.pearsonr(z[:, 0], z[:, 1])
    assert abs(r) < MAX_R and p > MIN_P


# ----------------------------------------------------------------- independence
def assert_independent(u: np.ndarray, v: np.ndarray) -> None:
    r, p = stats.pearsonr(u, v)
    assert abs(r) < MAX_R, r
    assert p > MIN_P, p
    rho, p_rank = stats.spearmanr(u, v)
    assert abs(rho) < MAX_R and p_rank > MIN_P


@pytest.mark.parametrize(
    "other",
    [
        {"purpose": "b"},
        {"year": 2},
        {"slot": 1},
        {"seed": SEED + 1},
    ],
    ids=["purpose", "year", "slot", "seed"],
)
def test_independent_when_one_key_part_changes(other):
    assert_independent(uniforms(), uniforms(**other))


def test_consecutive_entities_are_independent():
    u = uniforms(entities=np.arange(N + 1))
    assert_independent(u[:-1], u[1:])
    # Joint distribution of neighbours: 10 x 10 bins, 1,000 expected per bin.
    counts, _, _ = np.histogram2d(u[:-1], u[1:], bins=10, range=[[0, 1], [0, 1]])
    assert stats.chisquare(counts.ravel()).pvalue > MIN_P


def test_consecutive_years_joint_distribution():
    u, v = uniforms(year=1), uniforms(year=2)
    counts, _, _ = np.histogram2d(u, v, bins=10, range=[[0, 1], [0, 1]])
    assert stats.chisquare(counts.ravel()).pvalue > MIN_P


def test_no_collisions_between_nearby_keys():
    """Distinct keys give distinct 64-bit hashes (a collision among ~60k would be a defect)."""
    r = KeyedRandom(SEED)
    hashes = {
        int(key_hash(r.seed, r.code(p), e, y, s))
        for p in ("a", "b")
        for e in range(1000)
        for y in (-1, 0, 1)
        for s in range(10)
    }
    assert len(hashes) == 2 * 1000 * 3 * 10


# ----------------------------------------------------------------- determinism
def test_same_key_same_value_across_instances():
    ids = np.arange(0, 5000, 7)
    a = KeyedRandom(99).uniform("exit", ids, 12, 3)
    b = KeyedRandom(99).uniform("exit", ids, 12, 3)
    np.testing.assert_array_equal(a, b)
    # Order and batch do not matter: a draw depends on its key only.
    np.testing.assert_array_equal(KeyedRandom(99).uniform("exit", ids[::-1], 12, 3), a[::-1])
    np.testing.assert_array_equal(KeyedRandom(99).uniform("exit", ids[5:9], 12, 3), a[5:9])
    np.testing.assert_array_equal(
        KeyedRandom(99).normal("q", ids, 2, 3), KeyedRandom(99).normal("q", ids, 2, 3)
    )


def test_fill_uniform_jitted_equals_interpreted_and_per_element():
    seed, code, year, slot = np.uint64(2**64 - 5), purpose_code("promote"), 7, 2
    ids = np.arange(3000, dtype=np.int64) * 1_000_003
    jitted, interpreted = np.empty(len(ids)), np.empty(len(ids))
    fill_uniform(seed, code, ids, year, slot, jitted)
    with np.errstate(over="ignore"):
        python(fill_uniform)(seed, code, ids, year, slot, interpreted)
    np.testing.assert_array_equal(jitted, interpreted)
    each = np.array([keyed_uniform(seed, code, e, year, slot) for e in ids])
    np.testing.assert_array_equal(jitted, each)


def test_fill_normal_jitted_equals_interpreted_and_per_element():
    seed, code, year = np.uint64(3), purpose_code("quality"), -1
    ids = np.arange(2000, dtype=np.int64)
    jitted, interpreted = np.empty((len(ids), 3)), np.empty((len(ids), 3))
    fill_normal(seed, code, ids, year, 3, jitted)
    with np.errstate(over="ignore"):
        python(fill_normal)(seed, code, ids, year, 3, interpreted)
    np.testing.assert_allclose(jitted, interpreted, rtol=1e-12, atol=0)
    each = np.array([[keyed_normal(seed, code, e, year, k) for k in range(3)] for e in ids[:200]])
    np.testing.assert_array_equal(jitted[:200], each)


@pytest.mark.parametrize("normal", [False, True])
def test_masked_fills_jitted_equal_interpreted(normal):
    seed, code, year = np.uint64(11), purpose_code("exit"), 4
    ids = np.arange(500, dtype=np.int64) * 7919
    mask = np.random.default_rng(3).uniform(size=len(ids)) < 0.3
    jitted, interpreted = np.empty(len(ids)), np.empty(len(ids))
    fill_where(seed, code, ids, year, mask, normal, jitted)
    with np.errstate(over="ignore"):
        python(fill_where)(seed, code, ids, year, mask, normal, interpreted)
    np.testing.assert_array_equal(jitted, interpreted)


def test_masked_draws_are_the_draws_of_the_rows_in_the_mask():
    """Each row in the mask gets exactly its keyed draw; the others 1.0 or 0.0.

    1.0 is never below a chance, 0.0 adds no noise.
    """
    keyed_random = KeyedRandom(2024)
    ids = np.arange(1000, dtype=np.int64) * 31
    mask = np.random.default_rng(8).uniform(size=len(ids)) < 0.4
    assert 0 < mask.sum() < len(ids)
    uniform = keyed_random.uniform_where("exit", ids, 6, mask)
    np.testing.assert_array_equal(uniform[mask], keyed_random.uniform("exit", ids[mask], 6))
    np.testing.assert_array_equal(uniform[~mask], 1.0)
    normal = keyed_random.normal_where("wellbeing", ids, 6, mask)
    np.testing.assert_array_equal(
        normal[mask], keyed_random.normal("wellbeing", ids[mask], 6)[:, 0]
    )
    np.testing.assert_array_equal(normal[~mask], 0.0)


def test_draws_of_several_purposes_equal_one_call_per_purpose():
    keyed_random = KeyedRandom(77)
    ids = np.arange(300, dtype=np.int64) * 13 + 5
    many = keyed_random.draws(ids, -1, uniform=("woman", "track"), normal={"traits": 6, "age": 1})
    np.testing.assert_array_equal(many["woman"], keyed_random.uniform("woman", ids, -1))
    np.testing.assert_array_equal(many["track"], keyed_random.uniform("track", ids, -1))
    np.testing.assert_array_equal(many["traits"], keyed_random.normal("traits", ids, -1, 6))
    np.testing.assert_array_equal(many["age"], keyed_random.normal("age", ids, -1, 1))
    assert many["woman"].shape == (300,) and many["traits"].shape == (300, 6)


def test_fill_draws_jitted_equals_interpreted():
    seed, year = np.uint64(5), 3
    codes = np.array([purpose_code(name) for name in ("a", "b", "c")], np.int64)
    slots, normal = np.array([1, 4, 2], np.int64), np.array([False, True, True])
    first = np.array([0, 1, 5], np.int64)
    ids = np.arange(200, dtype=np.int64)
    jitted, interpreted = np.empty((200, 7)), np.empty((200, 7))
    fill_draws(seed, codes, first, slots, normal, ids, year, jitted)
    with np.errstate(over="ignore"):
        python(fill_draws)(seed, codes, first, slots, normal, ids, year, interpreted)
    np.testing.assert_array_equal(jitted, interpreted)


def test_key_hash_matches_plain_integer_reference():
    """The jitted and interpreted hash both equal a reference written with Python ints."""
    g = np.random.default_rng(0)
    seeds = [0, 1, 2**63, 2**64 - 1, *g.integers(0, 2**63, 20).tolist()]
    for seed in seeds:
        for purpose in ("traits", "exit", "x"):
            code = purpose_code(purpose)
            for entity, year, slot in (
                (0, -1, 0),
                (17, 0, 3),
                (2**40 + 5, 29, 11),
                (2**62, 100, 2**31),
            ):
                expected = key_hash_ref(seed, code, entity, year, slot)
                assert int(key_hash(np.uint64(seed), code, entity, year, slot)) == expected
                with np.errstate(over="ignore"):
                    got = python(key_hash)(np.uint64(seed), code, np.int64(entity), year, slot)
                assert int(got) == expected
                u = keyed_uniform(np.uint64(seed), code, entity, year, slot)
                assert u == ((expected >> 11) + 0.5) / 2**53


def test_keyed_random_rejects_bad_seeds():
    for bad in (-1, 2**64):
        with pytest.raises(ValueError):
            KeyedRandom(bad)


# ----------------------------------------------------------------- seeds and codes
def test_replicate_seeds_prefix_stable_and_distinct():
    for base in (0, 1, 2024, 2**40 + 3):
        assert replicate_seeds(base, 5) == replicate_seeds(base, 50)[:5]
        many = replicate_seeds(base, 1000)
        assert len(set(many)) == 1000
        assert all(isinstance(s, int) and 0 <= s < 2**64 for s in many)
    assert set(replicate_seeds(1, 100)).isdisjoint(replicate_seeds(2, 100))
    assert replicate_seeds(7, 3) == replicate_seeds(7, 3)


def test_purpose_code_is_stable():
    # Computed once with zlib.crc32(b"traits") and written here as a literal, so that a change
    # in how purpose codes are made (which would change every draw of every saved run) fails.
    assert purpose_code("traits") == 3835732326
    assert purpose_code("traits") == zlib.crc32(b"traits")
    assert purpose_code("exit") != purpose_code("retire")
    assert 0 <= purpose_code("a much longer purpose name") < 2**32


# ----------------------------------------------------------------- common random numbers
HIRE_COLUMNS = (
    "key",
    "traits",
    "values",
    "talent",
    "woman",
    "urm",
    "department",
    "track",
    "hire_stage",
    "stage",
    "birth_year",
    "capacity",
    "mentor_skill",
    "satisfaction",
    "burnout",
    "alignment",
)
# Drawn at hire and never changed afterwards (traits: all but emotional intelligence).
FIXED_COLUMNS = (
    "key",
    "values",
    "talent",
    "woman",
    "urm",
    "department",
    "hire_stage",
    "birth_year",
    "capacity",
)


def snapshot(model: MentorshipModel, rows: np.ndarray) -> dict[str, np.ndarray]:
    p = model.people
    order = rows[np.argsort(p.key[rows], kind="stable")]
    return {name: getattr(p, name)[order].copy() for name in p.columns()}


def year1_hires(model: MentorshipModel) -> np.ndarray:
    p = model.people
    return np.flatnonzero((p.hire_year == 1) & (p.key < KEY_EXTERNAL_LEADER))


def run_recording_hires(model: MentorshipModel) -> dict[str, np.ndarray]:
    """Step a model through its years; return its year-1 intake as it was right after hiring."""
    at_hire = {}
    hire = model.hire

    def recording_hire():
        hire()
        if model.year == 1:
            at_hire.update(snapshot(model, year1_hires(model)))

    model.hire = recording_hire
    for _ in range(model.years):
        model.step()
    return at_hire


@pytest.fixture(scope="module")
def paired_designs():
    # A fixed intake hires the same number in both designs; with hiring into positions the
    # numbers follow each design's departures (see the test after next).
    fixed = {"institution__hiring": "fixed"}
    informal = MentorshipModel(scenario=Scenario(), rng=7, years=3, **fixed)
    committee = MentorshipModel(
        scenario=Scenario(),
        rng=7,
        years=3,
        program__formal=True,
        program__policy="committee",
        program__mentors_per_mentee=3,
        program__recruit_mentors=True,
        **fixed,
    )
    year0 = [snapshot(m, np.arange(m.people.n)) for m in (informal, committee)]
    at_hire = [run_recording_hires(m) for m in (informal, committee)]
    return informal, committee, year0, at_hire


def assert_same_willingness_draws(informal: dict, formal: dict) -> None:
    """Check willingness: a design outcome on a draw shared by the designs.

    A formal program recruits mentors (higher odds of willingness) on the same draw, so
    everyone willing without the program is willing with it.
    """
    assert (formal["willing"] >= informal["willing"]).all()
    assert formal["willing"].sum() >= informal["willing"].sum() > 0


def test_designs_share_the_year0_institution(paired_designs):
    _, _, (a, b), _ = paired_designs
    assert len(a["key"]) == len(b["key"]) == Scenario().institution.initial_size
    for name in a:
        if name != "willing":
            np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    assert_same_willingness_draws(a, b)


def test_designs_hire_identical_first_cohorts(paired_designs):
    informal, committee, _, (a, b) = paired_designs
    assert len(a["key"]) == round(Scenario().institution.hires_per_year * 1500) > 0
    for name in HIRE_COLUMNS:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    assert (b["willing"] >= a["willing"]).all()
    # Three years on, what was drawn at hire is still the same in both designs.
    later = [snapshot(m, year1_hires(m)) for m in (informal, committee)]
    np.testing.assert_array_equal(later[0]["key"], a["key"])
    for name in FIXED_COLUMNS:
        np.testing.assert_array_equal(later[0][name], later[1][name], err_msg=name)
    fixed_traits = np.delete(np.arange(a["traits"].shape[1]), EMOTIONAL_INTELLIGENCE)
    np.testing.assert_array_equal(
        later[0]["traits"][:, fixed_traits], later[1]["traits"][:, fixed_traits]
    )


def test_designs_hiring_into_positions_share_the_people_they_both_hire():
    # Each design refills its own departures, so the numbers hired differ; the k-th assistant
    # professor hired in a year is the same person in both (keys per stage and year). Hiring
    # into positions is lumpy (vacancy delay, trainees completing into open posts), so the test
    # uses every year in which both designs hired someone from outside.
    models = [
        MentorshipModel(rng=7, years=8, **overrides)
        for overrides in ({}, {"mentors__willing_share": 0.6, "career__attrition_rate": 0.08})
    ]
    for model in models:
        model.run()
    compared, differing = 0, 0
    for year in range(1, 9):
        hires = []
        for model in models:
            p = model.people
            rows = np.flatnonzero(
                (p.hire_year == year) & (p.hire_stage == ASSISTANT) & (p.key < KEY_EXTERNAL_LEADER)
            )
            hires.append(snapshot(model, rows))
        a, b = hires
        shared = min(len(a["key"]), len(b["key"]))
        if shared == 0:
            continue
        compared += shared
        differing += len(a["key"]) != len(b["key"])
        for name in FIXED_COLUMNS:
            np.testing.assert_array_equal(a[name][:shared], b[name][:shared], err_msg=name)
    assert compared > 0 and differing > 0  # both hired, in different numbers


def test_designs_really_differ(paired_designs):
    """The designs must diverge afterwards, or the pairing test above would prove nothing."""
    informal, committee, _, _ = paired_designs
    a = informal.datacollector.get_model_vars_dataframe()
    b = committee.datacollector.get_model_vars_dataframe()
    assert b["mean_mentors_per_mentee"].iloc[-1] > a["mean_mentors_per_mentee"].iloc[-1]
