"""The scenario schema: every parameter of a program design, its default, range and source.

A scenario is a frozen, validated description of one simulated institution and its mentorship
program. It is loaded from TOML, grouped into ``institution``, ``population``, ``mentors``,
``program``, ``career`` and ``costs``, and is the only place a default lives: the model, the
CLI, the app and the docs all read it from here. A bad file is refused before anything runs,
with the file, the key path, the bad value and what is allowed.

Each parameter carries a ``source``: a literature figure (see ``docs/parameters.md``), a
calibration target ("calibrated to T.."), or "assumption" where no figure exists.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sim.tomlfile import read_toml

STAGES = ("trainee", "assistant", "associate", "full", "leader")
TRACKS = ("clinician_scientist", "clinician_educator", "clinician_administrator")
POLICIES = ("informal", "random", "compatibility", "stable", "committee")


class ScenarioError(ValueError):
    """A scenario file or override that fails validation.

    The message names the file, the key path, the bad value and what is allowed.
    """


def param(default: Any, *, lo=None, hi=None, choices=None, doc: str = "", source: str = ""):
    """Declare a scenario parameter with its allowed values, meaning and source.

    Args:
        default: The default value; its type is the parameter's type.
        lo: Inclusive lower bound for numbers, or None.
        hi: Inclusive upper bound for numbers, or None.
        choices: Allowed values for strings, or None.
        doc: One line saying what the parameter means, with its unit.
        source: Where the default comes from.

    Returns:
        A dataclass field carrying the metadata.
    """
    meta = {"lo": lo, "hi": hi, "choices": choices, "doc": doc, "source": source}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Institution:
    """Size, structure, hiring and leadership of the simulated academic medical center."""

    initial_size: int = param(1500, lo=20, hi=200_000, doc="people at year 0",
                              source="assumption: a mid-sized academic medical center")
    department_size: int = param(50, lo=5, hi=5000,
                                 doc="mean people per department; mentoring is mostly "
                                     "within a department", source="assumption")
    initial_share_trainee: float = param(0.25, lo=0.0, hi=1.0, doc="share of trainees at year 0",
                                         source="assumption")
    initial_share_assistant: float = param(0.33, lo=0.0, hi=1.0,
                                           doc="share of assistant professors at year 0",
                                           source="AAMC faculty roster (approx.)")
    initial_share_associate: float = param(0.19, lo=0.0, hi=1.0,
                                           doc="share of associate professors at year 0",
                                           source="AAMC faculty roster (approx.)")
    initial_share_full: float = param(0.23, lo=0.0, hi=1.0,
                                      doc="share of full professors (incl. leaders) at year 0",
                                      source="AAMC faculty roster (approx.)")
    hiring: str = param("fixed", choices=("fixed", "replace"),
                        doc="'fixed': the same intake every year (keeps designs paired); "
                            "'replace': intake also replaces last year's faculty exits",
                        source="design choice")
    hires_per_year: float = param(0.09, lo=0.0, hi=1.0,
                                  doc="yearly intake as a share of initial_size",
                                  source="assumption: keeps the institution near steady size")
    hire_share_trainee: float = param(0.50, lo=0.0, hi=1.0, doc="share of intake who are trainees",
                                      source="assumption")
    hire_share_assistant: float = param(0.43, lo=0.0, hi=1.0,
                                        doc="share of intake hired as assistant professors",
                                        source="assumption")
    hire_share_associate: float = param(0.07, lo=0.0, hi=1.0,
                                        doc="share of intake hired as associate professors",
                                        source="assumption")
    leadership_positions: float = param(0.02, lo=0.0, hi=0.5,
                                        doc="leadership positions (chairs, chiefs, deans) as a "
                                            "share of initial_size", source="assumption")
    leader_term_years: int = param(10, lo=1, hi=40, doc="years a leader serves before stepping "
                                   "back to full professor", source="assumption")
    succession: str = param("internal_first", choices=("internal_first", "external_only"),
                            doc="fill leadership openings from ready internal candidates first, "
                                "or always hire externally", source="design choice")
    readiness_threshold: float = param(0.65, lo=0.0, hi=1.0,
                                       doc="leadership readiness score at which a candidate "
                                           "counts as ready", source="assumption")
    values_clarity: float = param(0.5, lo=0.0, hi=1.0,
                                  doc="how clearly the institution states its values and goals "
                                      "(0 none, 1 fully)", source="assumption")


@dataclass(frozen=True)
class Population:
    """Who is hired: demographics, tracks and trait spread."""

    women_share_hires: float = param(0.47, lo=0.0, hi=1.0, doc="share of women among hires",
                                     source="AAMC 2018-19: women 41% of faculty, more at entry")
    women_share_senior_initial: float = param(0.32, lo=0.0, hi=1.0,
                                              doc="share of women among associate and full "
                                                  "professors at year 0", source="AAMC (approx.)")
    urm_share_hires: float = param(0.12, lo=0.0, hi=1.0, doc="share of URM people among hires",
                                   source="AAMC (approx.)")
    urm_share_senior_initial: float = param(0.07, lo=0.0, hi=1.0,
                                            doc="share of URM people among senior faculty at "
                                                "year 0", source="AAMC (approx.)")
    share_clinician_scientist: float = param(0.30, lo=0.0, hi=1.0,
                                             doc="share of hires on the clinician-scientist "
                                                 "track, among those who do not simply take "
                                                 "their best track (see track_choice_noise)",
                                             source="assumption")
    share_clinician_educator: float = param(0.50, lo=0.0, hi=1.0,
                                            doc="share of hires on the clinician-educator track",
                                            source="assumption")
    share_clinician_administrator: float = param(0.20, lo=0.0, hi=1.0,
                                                 doc="share of hires on the "
                                                     "clinician-administrator track",
                                                 source="assumption")
    trait_sd: float = param(0.15, lo=0.01, hi=0.5, doc="spread of traits around 0.5",
                            source="assumption")
    track_choice_noise: float = param(0.6, lo=0.0, hi=1.0,
                                      doc="chance a hire's track ignores their strengths "
                                          "(poor path fit)", source="assumption")


@dataclass(frozen=True)
class Mentors:
    """Who mentors and how much they can take on."""

    willing_share: float = param(0.20, lo=0.0, hi=1.0,
                                 doc="chance a senior faculty member is willing to mentor",
                                 source="calibrated to T6 and T1 (median 5 mentees per mentor, "
                                        "IQR 3-8; 45-70% of juniors mentored)")
    program_recruitment_odds_ratio: float = param(
        2.5, lo=1.0, hi=50.0, doc="odds ratio of willingness when a formal program asks "
        "senior faculty to mentor and recognises it", source="assumption")
    former_mentee_odds_ratio: float = param(3.5, lo=0.1, hi=20.0,
                                            doc="odds ratio of willingness for people who had a "
                                                "mentor", source="Walensky 2018 (OR 3.5)")
    capacity_median: float = param(5.0, lo=0.5, hi=30.0,
                                   doc="mentees a mentor takes at full quality (median)",
                                   source="Luckhaupt 2005: median 5 (IQR 3-8)")
    capacity_log_sd: float = param(0.73, lo=0.0, hi=2.0,
                                   doc="log-scale spread of capacity (IQR 3-8 around median 5)",
                                   source="Luckhaupt 2005")
    associate_capacity_ratio: float = param(0.74, lo=0.1, hi=2.0,
                                            doc="capacity of associate vs full professors",
                                            source="Luckhaupt 2005: 5.9 vs 8.0 mentees")
    hard_cap: int = param(10, lo=1, hi=50, doc="most mentees any mentor ever holds",
                          source="Luckhaupt 2005: most mentors would accept median 6 (IQR 4-10)")
    skill_mean: float = param(0.45, lo=0.0, hi=1.0, doc="mean untrained mentoring skill",
                              source="assumption")
    training_skill_gain: float = param(0.15, lo=0.0, hi=1.0,
                                       doc="mentoring skill gained from training",
                                       source="Pfund 2014 (competency gains, 8-hour curriculum)")
    funded_capacity_gain: float = param(0.63, lo=0.0, hi=3.0,
                                        doc="relative capacity gain at 4 protected hours/week",
                                        source="Luckhaupt 2005: funded 8.3 vs 5.1 mentees")
    overload_burnout: float = param(0.04, lo=0.0, hi=1.0,
                                    doc="yearly burnout added per mentee above capacity",
                                    source="assumption")


@dataclass(frozen=True)
class Program:
    """The mentorship program design: the levers a policy designer pulls."""

    formal: bool = param(False, doc="whether a formal program assigns mentors",
                         source="design choice")
    policy: str = param("informal", choices=POLICIES, doc="how mentors are matched",
                        source="design choice")
    mentors_per_mentee: int = param(1, lo=1, hi=6,
                                    doc="mentors assigned per mentee (a committee when > 1)",
                                    source="design choice; DeCastro 2014 on mentor networks")
    eligible_years: int = param(7, lo=1, hi=20,
                                doc="years after joining the faculty that an assistant "
                                    "professor is eligible (trainees always are)",
                                source="assumption")
    informal_seek_rate: float = param(0.99, lo=0.0, hi=1.0,
                                      doc="base yearly chance an unmentored person "
                                          "seeks a mentor; scaled by (0.5 + proactiveness), "
                                          "and the mentor chosen must accept",
                                      source="calibrated to T1 (45-70% of juniors have a "
                                             "mentor)")
    second_mentor_proactiveness: float = param(
        0.06, lo=0.0, hi=1.0, doc="proactiveness above which a person seeks an extra informal "
        "mentor (with or without a program)",
        source="calibrated to T11 (61-79% of K awardees had more than one mentor)")
    informal_alongside: bool = param(True, doc="whether proactive people still seek informal "
                                               "mentors when a formal program assigns theirs",
                                     source="design choice; Ragins & Cotton 1999")
    homophily: float = param(0.5, lo=0.0, hi=1.0,
                             doc="weight of same gender/URM in informal mentor seeking",
                             source="assumption")
    deep_similarity_weight: float = param(0.8, lo=0.0, hi=1.0,
                                          doc="weight of values/interests/personality in "
                                              "compatibility (rest: demographic match)",
                                          source="Eby 2013: deep similarity rho .38-.59, "
                                                 "demographic none")
    mentor_training: bool = param(False, doc="train mentors (8-hour curriculum)",
                                  source="Pfund 2014")
    mentee_training: bool = param(False, doc="train mentees to be receptive and proactive",
                                  source="assumption")
    coaching: bool = param(False, doc="coach every trainee and assistant professor (six "
                                      "sessions a year), mentored or not",
                           source="Dyrbye 2019")
    evaluate_relationships: bool = param(False, doc="evaluate relationships yearly and rematch "
                                                    "failing ones", source="design choice")
    failure_threshold: float = param(0.35, lo=0.0, hi=1.0,
                                     doc="relationship quality below which it is failing",
                                     source="assumption")
    protected_hours_per_week: float = param(0.0, lo=0.0, hi=20.0,
                                            doc="protected mentoring time each active mentor "
                                                "gets", source="design choice")
    max_relationship_years: int = param(6, lo=1, hi=30,
                                        doc="years after which a relationship ends naturally",
                                        source="Kram 1983: cultivation 2-5 years")
    cross_department: bool = param(False, doc="committee members may come from neighbouring "
                                              "departments", source="design choice")


@dataclass(frozen=True)
class Career:
    """Development, promotion, leadership and exit hazards."""

    self_growth_rate: float = param(0.45, lo=0.0, hi=1.0,
                                    doc="yearly self-directed skill growth at full ability",
                                    source="calibrated to T4 and T5 (37-44% promoted within "
                                           "10 years, after 5.2-6.2 years on average)")
    career_function_rate: float = param(0.10, lo=0.0, hi=1.0,
                                        doc="yearly skill growth toward a mentor's expertise at "
                                            "full quality and time", source="assumption; small "
                                            "objective effects (Allen 2004)")
    psychosocial_rate: float = param(0.20, lo=0.0, hi=1.0,
                                     doc="yearly satisfaction and burnout effect of a good "
                                         "relationship", source="assumption; larger subjective "
                                         "effects (Eby 2008)")
    coaching_burnout_cut: float = param(0.15, lo=0.0, hi=1.0,
                                        doc="burnout reduction from a year of coaching",
                                        source="Dyrbye 2019: -19.5 vs +9.8 points")
    meaningful_work_effect: float = param(0.61, lo=0.0, hi=3.0,
                                          doc="relative rise in stress per unit of path fit "
                                              "below 0.75 (little meaningful work)",
                                          source="calibrated to T10b (53.8% vs 29.9% burnout)")
    baseline_stress: float = param(0.54, lo=0.0, hi=1.0,
                                   doc="burnout level people drift toward without support",
                                   source="calibrated to T10 (34% burnout)")
    burnout_threshold: float = param(0.5, lo=0.0, hi=1.0,
                                     doc="burnout level that meets burnout criteria",
                                     source="assumption")
    trainee_years: int = param(3, lo=1, hi=10, doc="years of training before a faculty decision",
                               source="assumption")
    trainee_to_faculty: float = param(0.35, lo=0.0, hi=1.0,
                                      doc="chance a finishing trainee of average skill "
                                          "(composite 0.3) is hired as assistant professor; "
                                          "rises with skill", source="assumption")
    min_years_assistant: int = param(3, lo=0, hi=20, doc="years before promotion to associate",
                                     source="AAMC 2010: mean 5.2-6.2 years")
    promotion_rate_assistant: float = param(0.44, lo=0.0, hi=5.0,
                                            doc="yearly promotion hazard to associate once "
                                                "eligible and well above the bar",
                                            source="calibrated to T5 and T4 (mean 5.2-6.2 years "
                                                   "to associate)")
    min_years_associate: int = param(5, lo=0, hi=20, doc="years before promotion to full",
                                     source="assumption")
    promotion_rate_associate: float = param(0.30, lo=0.0, hi=5.0,
                                            doc="yearly promotion hazard to full professor",
                                            source="assumption")
    promotion_bar_assistant: float = param(0.638, lo=0.0, hi=1.0,
                                           doc="track skill composite the promotion committee "
                                               "expects for associate professor",
                                           source="calibrated to T4 (37-44% promoted to "
                                                  "associate within 10 years)")
    promotion_bar_associate: float = param(0.50, lo=0.0, hi=1.0,
                                           doc="track skill composite expected for full "
                                               "professor", source="assumption")
    promotion_bar_width: float = param(0.03, lo=0.001, hi=0.5,
                                       doc="how sharply the promotion hazard rises around the "
                                           "bar (logistic scale)", source="assumption")
    sponsorship_effect: float = param(0.5, lo=0.0, hi=5.0,
                                      doc="log-hazard of promotion from a good mentor's "
                                          "sponsorship", source="assumption")
    promotion_hr_women: float = param(0.65, lo=0.1, hi=2.0,
                                      doc="promotion hazard ratio, women vs men",
                                      source="calibrated to T7 (Richter 2020: observed hazard "
                                             "ratio 0.76 to associate)")
    promotion_hr_urm: float = param(0.50, lo=0.1, hi=2.0,
                                    doc="promotion hazard ratio, URM vs not",
                                    source="calibrated to T8 (Fang 2000: 30% vs 46% promoted, "
                                           "adjusted RR 0.68)")
    attrition_rate: float = param(0.057, lo=0.0, hi=1.0,
                                  doc="base yearly attrition hazard of faculty",
                                  source="calibrated to T2 (38% left within 10 years)")
    early_attrition_ratio: float = param(2.1, lo=0.1, hi=10.0,
                                         doc="attrition multiplier in the first three years",
                                         source="calibrated to T3 (34% in 3 years at one school)")
    senior_attrition_ratio: float = param(0.6, lo=0.0, hi=5.0,
                                          doc="attrition multiplier for associate and above",
                                          source="mobility about 15/8/3% by rank")
    attrition_ratio_women: float = param(1.09, lo=0.1, hi=5.0,
                                         doc="attrition hazard ratio, women vs men",
                                         source="calibrated to T9 (median retention 8.33 vs "
                                                "9.35 years)")
    attrition_ratio_urm: float = param(1.04, lo=0.1, hi=5.0,
                                       doc="attrition hazard ratio, URM vs not",
                                       source="calibrated to T9b (median retention 7.78 vs "
                                              "9.91 years)")
    satisfaction_effect: float = param(1.5, lo=0.0, hi=10.0,
                                       doc="log-hazard of attrition per unit of dissatisfaction",
                                       source="assumption")
    burnout_effect: float = param(1.2, lo=0.0, hi=10.0,
                                  doc="log-hazard of attrition per unit of burnout",
                                  source="assumption")
    path_fit_effect: float = param(1.0, lo=0.0, hi=10.0,
                                   doc="log-hazard of attrition per unit of poor path fit",
                                   source="assumption")
    reassessment_rate: float = param(0.25, lo=0.0, hi=1.0,
                                     doc="yearly chance one good mentor gives a realistic "
                                         "assessment of path fit", source="assumption")
    retirement_age: float = param(66.0, lo=40.0, hi=90.0,
                                  doc="age at which retirement becomes likely",
                                  source="assumption")


@dataclass(frozen=True)
class Costs:
    """Program costs, in thousands of dollars."""

    mentor_hour_cost: float = param(0.15, lo=0.0, hi=10.0,
                                    doc="cost of one protected mentor hour ($k)",
                                    source="assumption: faculty time at $150/h")
    working_weeks: float = param(46.0, lo=1.0, hi=52.0, doc="working weeks a year",
                                 source="assumption")
    mentor_training_cost: float = param(2.0, lo=0.0, hi=100.0,
                                        doc="cost of training one mentor ($k)",
                                        source="assumption: 8 hours plus materials")
    mentee_training_cost: float = param(0.5, lo=0.0, hi=100.0,
                                        doc="cost of training one mentee ($k)",
                                        source="assumption")
    coaching_cost: float = param(3.0, lo=0.0, hi=100.0,
                                 doc="yearly coaching cost per coached mentee ($k)",
                                 source="assumption: six sessions")
    program_admin_cost: float = param(60.0, lo=0.0, hi=10_000.0,
                                      doc="yearly administration of a formal program ($k)",
                                      source="assumption: one coordinator")
    replacement_cost: float = param(250.0, lo=0.0, hi=10_000.0,
                                    doc="cost of replacing a faculty member who leaves ($k)",
                                    source="assumption: recruitment and lost productivity")


GROUPS: dict[str, type] = {
    "institution": Institution,
    "population": Population,
    "mentors": Mentors,
    "program": Program,
    "career": Career,
    "costs": Costs,
}
TOP_LEVEL = {"name": str, "description": str, "years": int, "warmup_years": int}


@dataclass(frozen=True)
class Scenario:
    """One program design at one institution: the whole, validated input of a run.

    Attributes:
        name: Short design name used in tables (the file's ``name`` key, else its stem).
        description: One paragraph saying what the design shows.
        years: Simulated years per run.
        warmup_years: Years excluded from run-level averages while the synthetic year-0
            population settles.
    """

    name: str = "default"
    description: str = ""
    years: int = 30
    warmup_years: int = 5
    institution: Institution = field(default_factory=Institution)
    population: Population = field(default_factory=Population)
    mentors: Mentors = field(default_factory=Mentors)
    program: Program = field(default_factory=Program)
    career: Career = field(default_factory=Career)
    costs: Costs = field(default_factory=Costs)

    def to_dict(self) -> dict[str, Any]:
        """Return the scenario as nested plain dicts (the TOML layout)."""
        return dataclasses.asdict(self)

    def to_toml(self) -> str:
        """Return the fully resolved scenario as TOML text."""
        return dump_toml(self.to_dict())

    def replace(self, **overrides: Any) -> Scenario:
        """Return a copy with overrides applied and validated.

        Args:
            **overrides: Keys as ``"group.key"`` or ``group__key`` (the form ``mesa.batch_run``
                and keyword arguments can carry), or top-level keys.

        Returns:
            A new validated Scenario.
        """
        data = self.to_dict()
        for key, value in overrides.items():
            path = key.replace("__", ".").split(".")
            target = data
            for part in path[:-1]:
                if part not in target or not isinstance(target[part], dict):
                    _unknown_key(part, list(target), source="override", path=key)
                target = target[part]
            target[path[-1]] = value
        return from_dict(data, source="override")


def _nearest(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"


def _unknown_key(key: str, known: list[str], *, source: str, path: str) -> None:
    raise ScenarioError(f"{source}: {path}: unknown key '{key}'{_nearest(key, known)}")


def _check_value(value: Any, f: dataclasses.Field, *, source: str, path: str) -> Any:
    """Check one parameter value against its field's type, bounds and choices."""
    expected = type(f.default)
    meta = f.metadata
    allowed = _allowed_text(f)
    bad = f"{source}: {path} = {value!r} is not allowed; expected {allowed}"
    if expected is bool:
        if not isinstance(value, bool):
            raise ScenarioError(bad)
        return value
    if expected in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScenarioError(bad)
        if expected is int and not float(value).is_integer():
            raise ScenarioError(bad)
        value = expected(value)
        if value != value:  # NaN
            raise ScenarioError(bad)
        if meta.get("lo") is not None and value < meta["lo"]:
            raise ScenarioError(bad)
        if meta.get("hi") is not None and value > meta["hi"]:
            raise ScenarioError(bad)
        return value
    if expected is str:
        if not isinstance(value, str):
            raise ScenarioError(bad)
        if meta.get("choices") and value not in meta["choices"]:
            raise ScenarioError(bad)
        return value
    raise TypeError(f"unsupported parameter type {expected}")  # pragma: no cover


def _allowed_text(f: dataclasses.Field) -> str:
    meta = f.metadata
    kind = type(f.default).__name__
    if meta.get("choices"):
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    if kind == "bool":
        return "true or false"
    lo, hi = meta.get("lo"), meta.get("hi")
    word = "an integer" if kind == "int" else "a number"
    if lo is not None and hi is not None:
        return f"{word} in [{lo}, {hi}]"
    if lo is not None:
        return f"{word} >= {lo}"
    return word


def from_dict(data: Mapping[str, Any], *, source: str = "<dict>", name: str | None = None
              ) -> Scenario:
    """Build a validated Scenario from nested dicts (the TOML layout).

    Args:
        data: Top-level keys and one table per group; missing keys take their defaults.
        source: What the data came from, for error messages (usually the file path).
        name: Design name to use when ``data`` has no ``name`` key.

    Returns:
        The validated, frozen Scenario.

    Raises:
        ScenarioError: naming the source, key path, bad value and what is allowed.
    """
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{source}: expected a table of settings, got {type(data).__name__}")
    known_top = list(TOP_LEVEL) + list(GROUPS)
    top: dict[str, Any] = {}
    groups: dict[str, Any] = {}
    for key, value in data.items():
        if key in GROUPS:
            if not isinstance(value, Mapping):
                raise ScenarioError(f"{source}: {key} must be a table like [{key}], "
                                    f"got {value!r}")
            groups[key] = _build_group(key, value, source=source)
        elif key in TOP_LEVEL:
            top[key] = _check_top(key, value, source=source)
        else:
            _unknown_key(key, known_top, source=source, path=key)
    if "name" not in top:
        top["name"] = name or "default"
    scenario = Scenario(**top, **groups)
    _check_consistency(scenario, source=source)
    return scenario


def _check_top(key: str, value: Any, *, source: str) -> Any:
    expected = TOP_LEVEL[key]
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 500:
            raise ScenarioError(f"{source}: {key} = {value!r} is not allowed; expected an "
                                "integer in [0, 500]")
        if key == "years" and value < 1:
            raise ScenarioError(f"{source}: years = {value!r} is not allowed; expected an "
                                "integer in [1, 500]")
    elif not isinstance(value, str) or (key == "name" and not value.strip()):
        raise ScenarioError(f"{source}: {key} = {value!r} is not allowed; expected a "
                            "non-empty string")
    return value


def _build_group(group: str, values: Mapping[str, Any], *, source: str):
    cls = GROUPS[group]
    by_name = {f.name: f for f in fields(cls)}
    checked = {}
    for key, value in values.items():
        path = f"{group}.{key}"
        if key not in by_name:
            _unknown_key(key, list(by_name), source=source, path=path)
        checked[key] = _check_value(value, by_name[key], source=source, path=path)
    return cls(**checked)


def _check_consistency(s: Scenario, *, source: str) -> None:
    """Cross-parameter rules: shares that must sum to one, caps above capacities."""
    share_groups = {
        "institution.initial_share_*": [s.institution.initial_share_trainee,
                                        s.institution.initial_share_assistant,
                                        s.institution.initial_share_associate,
                                        s.institution.initial_share_full],
        "institution.hire_share_*": [s.institution.hire_share_trainee,
                                     s.institution.hire_share_assistant,
                                     s.institution.hire_share_associate],
        "population.share_clinician_*": [s.population.share_clinician_scientist,
                                         s.population.share_clinician_educator,
                                         s.population.share_clinician_administrator],
    }
    for path, shares in share_groups.items():
        if abs(sum(shares) - 1.0) > 1e-6:
            raise ScenarioError(f"{source}: {path} sum to {sum(shares):.4g}; they must sum to 1")
    if s.warmup_years >= s.years:
        raise ScenarioError(f"{source}: warmup_years = {s.warmup_years} is not allowed; "
                            f"expected fewer than years ({s.years})")
    if s.program.policy == "committee" and s.program.mentors_per_mentee < 2:
        raise ScenarioError(f"{source}: program.mentors_per_mentee = "
                            f"{s.program.mentors_per_mentee} is not allowed with policy "
                            "'committee'; expected an integer in [2, 6]")
    if s.program.formal and s.program.policy == "informal":
        raise ScenarioError(f"{source}: program.policy = 'informal' is not allowed with "
                            "program.formal = true; expected one of 'random', "
                            "'compatibility', 'stable', 'committee'")
    if not s.program.formal and s.program.policy != "informal":
        raise ScenarioError(f"{source}: program.policy = {s.program.policy!r} is not allowed "
                            "with program.formal = false; expected 'informal'")


def load(path: str | Path) -> Scenario:
    """Load and validate a scenario TOML file.

    Args:
        path: The file.

    Returns:
        The validated Scenario; its name is the file's ``name`` key, else the file's stem.

    Raises:
        ScenarioError: when the file is missing, is not valid TOML, or fails validation.
    """
    path = Path(path)
    data = read_toml(path, "scenario file", ScenarioError)
    return from_dict(data, source=str(path), name=path.stem)


def default() -> Scenario:
    """Return the default scenario (no formal program, informal mentoring only)."""
    return Scenario()


def parameter_table() -> list[dict[str, Any]]:
    """Return one row per parameter: key path, default, allowed values, meaning and source."""
    rows = []
    for group, cls in GROUPS.items():
        for f in fields(cls):
            rows.append({"key": f"{group}.{f.name}", "default": f.default,
                         "allowed": _allowed_text(f), "doc": f.metadata["doc"],
                         "source": f.metadata["source"]})
    return rows


def dump_toml(data: Mapping[str, Any]) -> str:
    """Write nested dicts of scalars as TOML (top-level scalars first, then one table each).

    Args:
        data: Nested mapping whose leaves are str, bool, int or float.

    Returns:
        TOML text that ``tomllib`` reads back to the same mapping.
    """
    lines = []
    scalars = {k: v for k, v in data.items() if not isinstance(v, Mapping)}
    tables = {k: v for k, v in data.items() if isinstance(v, Mapping)}
    for key, value in scalars.items():
        lines.append(f"{key} = {_toml_value(value)}")
    for key, table in tables.items():
        lines.append("")
        lines.append(f"[{key}]")
        for sub, value in table.items():
            lines.append(f"{sub} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'
