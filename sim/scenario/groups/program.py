"""``[program]``: the mentorship program design, the levers a policy designer pulls."""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.validation import param

#: Matching policies a program can use (``program.policy``).
POLICIES = ("informal", "random", "compatibility", "stable", "committee")

#: Who a program coaches (``program.coaching``).
COACHING = ("none", "new_faculty", "at_risk")

#: Who a program is open to (``program.eligibility``).
ELIGIBILITY = ("all", "women", "urm", "women_or_urm", "clinician_educators")

#: Whom a program with a budget funds first (``program.budget_priority``).
BUDGET_PRIORITY = ("new_hires", "at_risk", "targeted")


@dataclass(frozen=True)
class Program:
    """The mentorship program design: the levers a policy designer pulls."""

    formal: bool = param(
        False, doc="whether a formal program assigns mentors", source="design choice"
    )
    policy: str = param(
        "informal", choices=POLICIES, doc="how mentors are matched", source="design choice"
    )
    start_year: int = param(
        0,
        lo=0,
        hi=500,
        doc="year the formal program starts; before it the institution "
        "mentors informally only (0: from the start)",
        source="design choice",
    )
    participation: float = param(
        1.0,
        lo=0.0,
        hi=1.0,
        doc="share of eligible juniors who enrol in the formal "
        "program (the rest seek mentors informally)",
        source="design choice",
    )
    mentors_per_mentee: int = param(
        1,
        lo=1,
        hi=6,
        doc="mentors assigned per mentee (a committee when > 1)",
        source="design choice; DeCastro 2014 on mentor networks",
    )
    eligible_years: int = param(
        7,
        lo=1,
        hi=20,
        doc="years after joining the faculty that an assistant "
        "professor is eligible (trainees always are)",
        source="design choice",
    )
    informal_seek_rate: float = param(
        0.99,
        lo=0.0,
        hi=1.0,
        doc="base yearly chance an unmentored person "
        "seeks a mentor; scaled by (seeking_floor + "
        "proactiveness), and the mentor chosen must accept",
        source="calibrated to T1 (45-70% of juniors have a mentor)",
    )
    second_mentor_proactiveness: float = param(
        0.03,
        lo=0.0,
        hi=1.0,
        doc="proactiveness above which a person seeks an extra informal "
        "mentor (with or without a program)",
        source="calibrated to T11 (61-79% of K awardees had more than one mentor)",
    )
    informal_alongside: bool = param(
        True,
        doc="whether proactive people still seek informal "
        "mentors when a formal program assigns theirs",
        source="design choice; Ragins & Cotton 1999",
    )
    homophily: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="weight of same gender/URM in informal mentor seeking",
        source="assumption",
        plausible=(0.2, 0.8),
    )
    deep_similarity_weight: float = param(
        0.8,
        lo=0.0,
        hi=1.0,
        doc="weight of values/interests/personality in compatibility (rest: demographic match)",
        source="Eby 2013: deep similarity rho .38-.59, demographic none",
        plausible=(0.6, 0.95),
    )
    match_information_sd: float = param(
        0.15,
        lo=0.0,
        hi=1.0,
        doc="noise in what a program knows of a pair's "
        "compatibility when it assigns (standard "
        "deviation; mentee input and meeting first lower "
        "it); informal pairs form on real acquaintance",
        source="assumption: programs match on questionnaires",
        plausible=(0.05, 0.30),
    )
    mentor_training: bool = param(
        False,
        doc="train mentors (8-hour curriculum), and give a "
        "refresher to mentors whose relationship failed",
        source="Pfund 2014",
    )
    mentee_training: bool = param(
        False, doc="train mentees to be receptive and proactive", source="design choice"
    )
    coaching: str = param(
        "none",
        choices=COACHING,
        doc="professional coaching, a course of six sessions whose effect "
        "fades: 'new_faculty' coaches every new assistant professor in "
        "their first year, 'at_risk' every junior who meets burnout "
        "criteria (once); mentees of relationships that failed on their "
        "side are coached too",
        source="design choice; Dyrbye 2019",
    )
    recruit_mentors: bool = param(
        False,
        doc="the program asks senior faculty to mentor "
        "(mentors.program_recruitment_odds_ratio), at its "
        "start and as people become senior",
        source="design choice",
    )
    evaluate_relationships: bool = param(
        False,
        doc="evaluate the program's relationships yearly, end failing ones it detects and rematch",
        source="design choice",
    )
    evaluation_detection: float = param(
        0.6,
        lo=0.0,
        hi=1.0,
        doc="yearly chance an evaluation detects a failing relationship of the program",
        source="assumption: yearly surveys miss some",
        plausible=(0.3, 0.9),
    )
    max_rematches: int = param(
        2,
        lo=0,
        hi=20,
        doc="times the program rematches a mentee whose relationship it "
        "ended as failing; after that they seek mentors on their "
        "own",
        source="design choice",
    )
    failure_threshold: float = param(
        0.35,
        lo=0.0,
        hi=1.0,
        doc="relationship quality below which it is failing",
        source="assumption",
        plausible=(0.25, 0.45),
    )
    load_limit: str = param(
        "capacity",
        choices=("capacity", "hard_cap"),
        doc="how many mentees the program assigns a mentor: up to their own "
        "capacity (raised by protected time), or up to the hard cap "
        "(overloading those with less capacity)",
        source="design choice; Luckhaupt 2005 on loads",
    )
    protected_hours_per_week: float = param(
        0.0,
        lo=0.0,
        hi=20.0,
        doc="protected mentoring time each active mentor gets",
        source="design choice",
    )
    max_relationship_years: int = param(
        6,
        lo=1,
        hi=30,
        doc="years after which a relationship ends naturally",
        source="Kram 1983: cultivation 2-5 years",
    )
    cross_department: bool = param(
        False,
        doc="committee members may come from neighbouring departments",
        source="design choice",
    )
    eligibility: str = param(
        "all",
        choices=ELIGIBILITY,
        doc="who the program is open to: everyone, or a targeted group "
        "(clinician-educators are less often mentored: Feldman 2010)",
        source="design choice",
    )
    sponsorship: bool = param(
        False,
        doc="the program assigns each participant without a "
        "sponsor a full professor or leader who uses their "
        "position for them (nominations, visible roles)",
        source="design choice; Patton 2017",
    )
    service_credit: float = param(
        0.0,
        lo=0.0,
        hi=1.0,
        doc="share of the extra service and mentoring asked of women and URM faculty (the "
        "minority tax, career.minority_tax_time_share) that promotion committees count as "
        "academic output (0: none, as is usual; 1: all of it)",
        source="design choice; recognising this work in promotion is recommended by "
        "Rodriguez JE, Campbell KM, Pololi LH. Addressing disparities in academic medicine: "
        "what of the minority tax? BMC Med Educ 2015;15:6",
    )
    clock_extension: bool = param(
        False,
        doc="each leave an assistant professor takes adds a year to their promotion clock "
        "(career.promotion_clock_years), so it does not count toward up-or-out",
        source="design choice; tenure-clock extension policies (Manchester CF, Leslie LM, "
        "Kramer A. Is the clock still ticking? An evaluation of the consequences of stopping "
        "the tenure clock. ILR Rev 2013;66(1):3-31; Antecol H, Bedard K, Stearns J. Equal but "
        "inequitable: who benefits from gender-neutral tenure clock stopping policies? Am Econ "
        "Rev 2018;108(9):2420-41)",
    )
    peer_group_size: int = param(
        6,
        lo=2,
        hi=50,
        doc="members of a facilitated peer group",
        source="design choice; Fleming 2015",
    )
    peer_groups: bool = param(
        False,
        doc="facilitated peer-mentoring groups of the department's "
        "participating assistant professors: support without "
        "senior mentors' time, no sponsorship",
        source="design choice; Fleming 2015",
    )
    mid_career: bool = param(
        False,
        doc="associate professors are eligible too, mentored by full "
        "professors and leaders (the road to full professor "
        "and leadership)",
        source="design choice",
    )
    mentee_choice: bool = param(
        False,
        doc="mentees meet candidate mentors first and rank them, "
        "so the program knows the pairs better "
        "(relationships.mentee_choice_information) at a cost "
        "in time",
        source="design choice; Allen, Eby & Lentz 2006 (mentee input)",
    )
    mentor_recognition: bool = param(
        False,
        doc="mentoring counts in mentors' own promotion, "
        "awards or pay: more are willing, fewer step "
        "back or leave",
        source="design choice",
    )
    mentors_of_mentors: bool = param(
        False,
        doc="the program pairs each of its mentors whose "
        "mentoring skill is below mentors_of_mentors_below with an "
        "experienced mentor who coaches their mentoring, year by year",
        source="design choice (mentor development beyond one workshop: Pfund 2014; Sood 2016)",
    )
    mentors_of_mentors_below: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="mentoring skill below which a program mentor gets a mentor of mentors",
        source="design choice",
    )
    mentor_refresher_years: int = param(
        0,
        lo=0,
        hi=20,
        doc="trained mentors take a refresher every this many "
        "years (0: never), keeping their training from "
        "fading (mentors.skill_decay)",
        source="design choice",
    )
    leadership_development: bool = param(
        False,
        doc="a leadership program for full professors "
        "who are not leaders: leadership and "
        "management skills grow faster",
        source="design choice; succession planning",
    )
    budget: float = param(
        0.0,
        lo=0.0,
        hi=1e7,
        doc="yearly budget of the program, $k (0: unlimited); participants "
        "are funded at their worst-case yearly cost until it is spent",
        source="design choice",
    )
    budget_priority: str = param(
        "new_hires",
        choices=BUDGET_PRIORITY,
        doc="whom a limited budget funds first: the newest hires, "
        "those at risk (most burnt out), or the targeted groups "
        "(women and URM faculty)",
        source="design choice",
    )
