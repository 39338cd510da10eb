"""Mesa agents: people and the institution, as thin views onto state rows.

Every person hired is one ``Person`` (a ``mesa.Agent``) from hiring to leaving: it knows its
row in the people table and reads its state there, so Mesa's ``AgentSet``, ``DataCollector``
and visualisation work on them as on any Mesa model, while the yearly arithmetic over everyone
stays in the numba kernels. A person's ``role`` follows their career stage: trainees and
assistant professors are mentees, associate professors and above are (potential) mentors, so
``model.agents.select(lambda a: a.role == "mentee")`` or ``model.agents.groupby("role")``
pick them out. Leavers are removed from Mesa; their rows stay for the outcomes.

``MentorshipModel(agent_data=True)`` has Mesa's DataCollector record ``PERSON_DATA`` for every
person employed, every year (``model.agent_yearly()``), for notebooks; it is off by default,
since it reads a dozen attributes of every agent each year.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import mesa
import mesa.model
import numpy as np

from sim.state import ASSISTANT, DOMAIN_NAMES, STAGE_NAMES, TRACK_NAMES, TRAIT_NAMES

MENTEE, MENTOR, INSTITUTION = "mentee", "mentor", "institution"

#: The ``Person`` attributes the DataCollector records each year with ``agent_data=True``.
PERSON_DATA = (
    "key",
    "role",
    "stage",
    "track",
    "department",
    "woman",
    "urm",
    "satisfaction",
    "burnout",
    "alignment",
    "load",
)


class Person(mesa.Agent):
    """A member of the institution; a view onto row ``row`` of the people table.

    Built as any Mesa agent, ``Person(model)``, and given its ``row`` by the roster that
    creates it: no constructor of its own, since a run creates one agent per person ever
    hired (about 110,000 in a 30-year run of 30,000 people) and an extra Python call per
    agent is a measurable share of that. The roster creates and removes them a year's
    intake at a time, through ``create_people`` and ``remove_people``.
    """

    #: The person's row in ``model.people``.
    row: int

    @property
    def _people(self):
        return self.model.people

    @property
    def key(self) -> int:
        """The person's key: who they are under every design run on one seed."""
        return int(self._people.key[self.row])

    @property
    def role(self) -> str:
        """``"mentee"`` for trainees and assistant professors, ``"mentor"`` above."""
        return MENTEE if self._people.stage[self.row] <= ASSISTANT else MENTOR

    @property
    def stage(self) -> str:
        """Career stage name."""
        return STAGE_NAMES[self._people.stage[self.row]]

    @property
    def track(self) -> str:
        """Track name."""
        return TRACK_NAMES[self._people.track[self.row]]

    @property
    def woman(self) -> bool:
        """Whether the person is a woman."""
        return bool(self._people.woman[self.row])

    @property
    def urm(self) -> bool:
        """Whether the person belongs to a group underrepresented in medicine."""
        return bool(self._people.urm[self.row])

    @property
    def department(self) -> int:
        """Department index."""
        return int(self._people.department[self.row])

    @property
    def satisfaction(self) -> float:
        """Career satisfaction in [0, 1]."""
        return float(self._people.satisfaction[self.row])

    @property
    def burnout(self) -> float:
        """Burnout in [0, 1]."""
        return float(self._people.burnout[self.row])

    @property
    def alignment(self) -> float:
        """Alignment with institutional values in [0, 1]."""
        return float(self._people.alignment[self.row])

    @property
    def path_fit(self) -> float:
        """How well the track suits the person's strengths, in [0, 1]."""
        return float(self._people.path_fit[self.row])

    @property
    def traits(self) -> dict[str, float]:
        """Traits by name."""
        return dict(zip(TRAIT_NAMES, self._people.traits[self.row].tolist(), strict=True))

    @property
    def skills(self) -> dict[str, float]:
        """Skills by domain name."""
        return dict(zip(DOMAIN_NAMES, self._people.skills[self.row].tolist(), strict=True))

    @property
    def years_in_stage(self) -> int:
        """Years since the current stage began."""
        return int(self.model.year - self._people.stage_year[self.row])

    # ------------------------------------------------------------- as a mentee
    @property
    def mentors(self) -> np.ndarray:
        """Rows of this person's current mentors."""
        rel = self.model.relationships
        return rel.mentor[rel.active & (rel.mentee == self.row)]

    @property
    def mentored(self) -> bool:
        """Whether the person has at least one mentor now."""
        return len(self.mentors) > 0

    # ------------------------------------------------------------- as a mentor
    @property
    def willing(self) -> bool:
        """Whether the person takes mentees (decided on becoming an associate professor)."""
        return bool(self._people.willing[self.row])

    @property
    def capacity(self) -> float:
        """Mentees the person can take at full quality (before protected time)."""
        return float(self._people.capacity[self.row])

    @property
    def load(self) -> int:
        """Current number of mentees."""
        return int(self._people.load[self.row])

    @property
    def mentees(self) -> np.ndarray:
        """Rows of this person's current mentees."""
        rel = self.model.relationships
        return rel.mentee[rel.active & (rel.mentor == self.row)]

    @property
    def mentoring_skill(self) -> float:
        """Mentoring skill in [0, 1] (raised by training)."""
        return float(self._people.mentor_skill[self.row])

    @property
    def mentor_satisfaction(self) -> float:
        """Satisfaction from mentoring ("a renewed sense of purpose")."""
        return float(self._people.mentor_satisfaction[self.row])


def _registers_in_bulk(model: mesa.Model) -> bool:
    """Whether ``create_people``/``remove_people`` may register a batch directly.

    Mesa 3.5 registers agents one at a time (``Model.register_agent``): an ``emit`` wrapper,
    a signal with no listener, a debug message formatted whether logged or not. For the
    110,000 people of a large run that is about a third of its run time. Registering a
    batch directly does exactly what those calls leave behind (the same ids, in the same
    order, in the same agent sets) and is taken only when nothing else could tell the
    difference: the model does not override registration, nothing listens to or batches
    its ``agents`` signals, Mesa's debug log is off, no dataset tracks ``Person`` and
    Mesa's registries have the layout this code knows. Otherwise every agent is
    registered by Mesa itself.
    """
    registries = getattr(model, "_agents_by_type", None)
    everyone = getattr(model, "_all_agents", None)
    listeners = getattr(model, "subscribers", None)  # (observable, signal) -> observers
    return (
        type(model).register_agent is mesa.Model.register_agent
        and type(model).deregister_agent is mesa.Model.deregister_agent
        and isinstance(getattr(model, "agent_id_counter", None), int)
        and isinstance(getattr(everyone, "_agents", None), dict)
        and isinstance(registries, dict)
        and all(isinstance(getattr(r, "_agents", None), dict) for r in registries.values())
        and getattr(model, "_batch_context", None) is None
        and isinstance(listeners, dict)
        and not any(key[0] == "agents" for key in listeners)
        and not Person._datasets
        and not _MESA_MODEL_LOG.isEnabledFor(logging.DEBUG)
    )


#: The logger ``Model.register_agent`` writes its debug messages to.
_MESA_MODEL_LOG: logging.Logger = getattr(mesa.model, "_mesa_logger", None) or logging.getLogger(
    "MESA.mesa.model"
)

#: Off in tests that compare the bulk path with Mesa's own, one agent at a time.
BULK_REGISTRATION = True


def create_people(model: mesa.Model, rows: Iterable[int]) -> list[Person]:
    """Create one ``Person`` per people row and register them with ``model``.

    Equivalent to ``Person(model)`` for each row in order, then setting ``row``; see
    ``_registers_in_bulk`` for when the batch is registered directly.

    Args:
        model: The Mesa model.
        rows: People rows, in the order their agents are created (ids ascend along it).

    Returns:
        The new agents, in the order of ``rows``.
    """
    rows = list(rows)
    if not (BULK_REGISTRATION and _registers_in_bulk(model)):
        return [_one_person(model, row) for row in rows]
    # Mesa creates a type's agent set with its first agent.
    first = [_one_person(model, rows[0])] if rows and Person not in model._agents_by_type else []
    batch: list[Person] = []
    # What Agent.__init__ and Model.register_agent set, in the same order.
    new, start = object.__new__, model.agent_id_counter
    for unique_id, row in enumerate(rows[len(first) :], start):
        agent = new(Person)
        agent.model = model
        agent.unique_id = unique_id
        agent.pos = None
        agent.row = row
        batch.append(agent)
    if batch:
        model.agent_id_counter = start + len(batch)
        registered = dict.fromkeys(batch)
        model._all_agents._agents.update(registered)
        model._agents_by_type[Person]._agents.update(registered)
    return first + batch


def _one_person(model: mesa.Model, row: int) -> Person:
    """A ``Person`` registered by Mesa itself."""
    agent = Person(model)
    agent.row = row
    return agent


def remove_people(model: mesa.Model, agents: Iterable[Person]) -> None:
    """Remove ``Person`` agents from ``model``: ``agent.remove()`` for each, in order."""
    agents = list(agents)
    if not (agents and BULK_REGISTRATION and _registers_in_bulk(model)):
        for agent in agents:
            agent.remove()
        return
    everyone = model._all_agents._agents
    people = model._agents_by_type[Person]._agents
    for agent in agents:
        # Mesa's Agent.remove ignores an agent already gone; so does this.
        if everyone.pop(agent, _GONE) is not _GONE:
            people.pop(agent, None)


_GONE = object()


class Institution(mesa.Agent):
    """The academic medical center: holds the program design, positions and spending."""

    role = INSTITUTION

    def __init__(self, model):
        super().__init__(model)
        self.spent = 0.0  # program spending so far, $k

    @property
    def program(self):
        """The program design (``Scenario.program``)."""
        return self.model.design.program

    @property
    def leadership_positions(self) -> int:
        """Number of leadership positions."""
        return self.model.positions

    @property
    def headcount(self) -> int:
        """People employed now."""
        return int(self.model.people.active.sum())
