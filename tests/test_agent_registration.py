"""People's Mesa agents are registered a batch at a time, exactly as Mesa would one by one."""

from __future__ import annotations

import logging

import mesa
import pytest
from mesa.experimental.mesa_signals.signal_types import ModelSignals

import sim.agents
from sim.agents import Institution, Person, create_people, remove_people
from sim.model import MentorshipModel


def _run(years: int = 5) -> MentorshipModel:
    model = MentorshipModel(rng=11, years=years, institution__initial_size=200)
    model.run()
    return model


def _registry(model: mesa.Model) -> dict[str, object]:
    """Everything Mesa keeps about a model's agents, in its own order."""
    return {
        "all": [(type(a).__name__, a.unique_id, getattr(a, "row", None)) for a in model.agents],
        "by_type": {t.__name__: [a.unique_id for a in s] for t, s in model.agents_by_type.items()},
        "counter": model.agent_id_counter,
        "attributes": [list(vars(a)) for a in model.agents_by_type[Person]][:3],
    }


@pytest.fixture()
def register_calls(monkeypatch):
    """Count Mesa's own registrations and deregistrations (a spy on ``mesa.Model``)."""
    calls = {"register": 0, "deregister": 0}
    register, deregister = mesa.Model.register_agent, mesa.Model.deregister_agent

    def counting_register(self, agent):
        calls["register"] += 1
        return register(self, agent)

    def counting_deregister(self, agent):
        calls["deregister"] += 1
        return deregister(self, agent)

    monkeypatch.setattr(mesa.Model, "register_agent", counting_register)
    monkeypatch.setattr(mesa.Model, "deregister_agent", counting_deregister)
    return calls


def test_a_run_registers_the_same_agents_in_bulk_as_mesa_one_by_one(monkeypatch, register_calls):
    bulk = _run()
    bulk_calls = dict(register_calls)
    monkeypatch.setattr(sim.agents, "BULK_REGISTRATION", False)
    register_calls.update(register=0, deregister=0)
    one_by_one = _run()

    assert _registry(bulk) == _registry(one_by_one)
    people = bulk.people
    hired, left = int(people.n), int((~people.active[: people.n]).sum())
    assert left > 0
    # Mesa itself registered every person in the reference run, and only the institution
    # and the first person (whose agent set Mesa creates) in the bulk run.
    assert register_calls == {"register": hired + 1, "deregister": left}
    assert bulk_calls == {"register": 2, "deregister": 0}
    assert {a.row for a in bulk.agents_by_type[Person]} == set(
        people.active[: people.n].nonzero()[0].tolist()
    )


def test_listeners_to_the_agents_signal_hear_every_arrival_and_departure(register_calls):
    model = MentorshipModel(rng=11, years=3, institution__initial_size=200)
    before, active_before = int(model.people.n), int(model.people.active.sum())
    heard = {"added": 0, "removed": 0}

    def on_added(signal):
        heard["added"] += 1

    def on_removed(signal):
        heard["removed"] += 1

    model.observe("agents", ModelSignals.AGENT_ADDED, on_added)
    model.observe("agents", ModelSignals.AGENT_REMOVED, on_removed)
    model.run()
    people = model.people
    hired = int(people.n) - before
    left = hired + active_before - int(people.active.sum())
    assert hired > 0 and left > 0
    assert heard == {"added": hired, "removed": left}
    # In bulk until the listeners came (the institution and the first person through
    # Mesa), then through Mesa one by one.
    assert register_calls["register"] == 2 + hired


def test_mesa_debug_logging_sees_every_registration(caplog):
    with caplog.at_level(logging.DEBUG, logger=sim.agents._MESA_MODEL_LOG.name):
        model = MentorshipModel(rng=11, years=1, institution__initial_size=50)
    registered = [r for r in caplog.records if r.getMessage().startswith("registered Person")]
    assert len(registered) == model.people.n


def test_create_and_remove_people_on_a_plain_mesa_model():
    model = mesa.Model(rng=5)
    institution = Institution(model)
    first = create_people(model, [7])
    more = create_people(model, range(10, 14))
    assert [a.row for a in first + more] == [7, 10, 11, 12, 13]
    assert [a.unique_id for a in first + more] == list(range(2, 7))
    assert list(model.agents) == [institution, *first, *more]
    remove_people(model, [more[1], first[0]])
    remove_people(model, [more[1]])  # already gone: ignored, as by Mesa's Agent.remove
    assert list(model.agents_by_type[Person]) == [more[0], *more[2:]]
    assert list(model.agents) == [institution, more[0], *more[2:]]
    assert create_people(model, []) == []
    assert create_people(model, [20])[0].unique_id == 7


def test_a_model_that_overrides_registration_registers_every_person_itself():
    class Recording(mesa.Model):
        def __init__(self):
            super().__init__(rng=5)
            self.registered: list[int] = []

        def register_agent(self, agent):
            super().register_agent(agent)
            self.registered.append(agent.unique_id)

    model = Recording()
    made = create_people(model, range(3, 9))
    assert model.registered == [a.unique_id for a in made] == list(range(1, 7))
    assert [a.row for a in made] == list(range(3, 9))
    assert not sim.agents._registers_in_bulk(model)
