"""``[costs]``: what a program and a departure cost, in thousands of dollars."""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.validation import param


@dataclass(frozen=True)
class Costs:
    """Program costs and the cost of a departure, in thousands of dollars."""

    mentor_hour_cost: float = param(
        0.15,
        lo=0.0,
        hi=10.0,
        doc="cost of one hour of faculty time ($k): protected mentor hours, and the "
        "unprotected hours mentors give (mentoring_time_cost)",
        source="assumption: faculty time at $150/h",
        plausible=(0.1, 0.25),
    )
    working_weeks: float = param(
        46.0,
        lo=1.0,
        hi=52.0,
        doc="working weeks a year",
        source="assumption",
        plausible=(44.0, 48.0),
    )
    mentor_training_cost: float = param(
        2.0,
        lo=0.0,
        hi=100.0,
        doc="cost of training one mentor ($k)",
        source="assumption: 8 hours plus materials",
        plausible=(1.0, 4.0),
    )
    mentor_refresher_cost: float = param(
        1.0,
        lo=0.0,
        hi=100.0,
        doc="cost of one refresher for a mentor whose relationship failed ($k)",
        source="assumption",
        plausible=(0.5, 2.0),
    )
    mentors_of_mentors_cost: float = param(
        1.5,
        lo=0.0,
        hi=100.0,
        doc="yearly cost of coaching one mentor by a "
        "mentor of mentors ($k: about 12 hours of an "
        "experienced mentor's time)",
        source="assumption",
        plausible=(0.8, 3.0),
    )
    mentee_training_cost: float = param(
        0.5,
        lo=0.0,
        hi=100.0,
        doc="cost of training one mentee ($k)",
        source="assumption",
        plausible=(0.25, 1.0),
    )
    coaching_cost: float = param(
        3.0,
        lo=0.0,
        hi=100.0,
        doc="cost of one coaching course of six sessions ($k)",
        source="assumption: six sessions",
        plausible=(2.0, 5.0),
    )
    evaluation_cost: float = param(
        0.2,
        lo=0.0,
        hi=100.0,
        doc="yearly cost of evaluating one program relationship ($k)",
        source="assumption: a survey and a follow-up",
        plausible=(0.1, 0.5),
    )
    recruitment_cost: float = param(
        0.5,
        lo=0.0,
        hi=100.0,
        doc="cost of recruiting one mentor who agrees ($k): the ask and an orientation; the "
        "mentoring time of the mentors won is counted as it is given (mentoring_time_cost)",
        source="assumption: about three hours of faculty time at mentor_hour_cost",
        plausible=(0.2, 1.0),
    )
    program_admin_cost: float = param(
        60.0,
        lo=0.0,
        hi=10_000.0,
        doc="yearly administration of a formal program ($k)",
        source="assumption: one coordinator",
        plausible=(40.0, 120.0),
    )
    replacement_cost_generalist: float = param(
        116.0,
        lo=0.0,
        hi=10_000.0,
        doc="cost of refilling the post of a generalist physician who leaves: recruitment, "
        "hiring and clinical income lost until the post is filled ($k)",
        source="Schloss EP, Flanagan DM, Culler CL, Wright AL. Some hidden costs of faculty "
        "turnover in clinical departments in one academic medical center. Acad Med "
        "2009;84(1):32-6 ($115,554; one school, 2004 dollars), approx.",
        plausible=(80.0, 200.0),
    )
    replacement_cost_specialist: float = param(
        287.0,
        lo=0.0,
        hi=10_000.0,
        doc="cost of refilling the post of a (non-surgical) specialist physician who leaves ($k)",
        source="Schloss et al. 2009 (as replacement_cost_generalist: $286,503; a surgical "
        "subspecialist $587,125), approx.",
        plausible=(200.0, 600.0),
    )
    specialist_share: float = param(
        0.7,
        lo=0.0,
        hi=1.0,
        doc="share of the faculty whose post is a specialist's (the rest generalists): "
        "weights the two replacement costs",
        source="institution description: set it to the institution studied (clinical "
        "faculty of U.S. medical schools are mostly specialists)",
        plausible=(0.5, 0.85),
    )

    @property
    def replacement_cost(self) -> float:
        """Mean cost of refilling the post of a faculty member who leaves ($k)."""
        return mean_replacement_cost(
            self.replacement_cost_generalist,
            self.replacement_cost_specialist,
            self.specialist_share,
        )

    sponsorship_cost: float = param(
        1.0,
        lo=0.0,
        hi=100.0,
        doc="yearly cost of one program sponsorship: the sponsor's time ($k)",
        source="assumption",
        plausible=(0.5, 2.0),
    )
    peer_group_cost: float = param(
        4.0,
        lo=0.0,
        hi=100.0,
        doc="yearly cost of facilitating one peer group ($k)",
        source="assumption",
        plausible=(2.0, 8.0),
    )
    mentee_choice_cost: float = param(
        0.3,
        lo=0.0,
        hi=100.0,
        doc="cost of mentees meeting candidate mentors, per pair the program forms ($k)",
        source="assumption",
        plausible=(0.1, 0.6),
    )
    recognition_cost: float = param(
        1.0,
        lo=0.0,
        hi=100.0,
        doc="yearly cost of recognising one active program mentor "
        "(awards, pay, protected credit) ($k)",
        source="assumption",
        plausible=(0.5, 3.0),
    )
    leadership_program_cost: float = param(
        5.0,
        lo=0.0,
        hi=100.0,
        doc="yearly cost of one full professor in the leadership program ($k)",
        source="assumption",
        plausible=(3.0, 10.0),
    )


def mean_replacement_cost(generalist: float, specialist: float, specialist_share: float) -> float:
    """Mean cost of refilling a post ($k): the two costs weighted by the specialists' share."""
    return specialist_share * specialist + (1.0 - specialist_share) * generalist
