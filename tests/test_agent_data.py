"""Mesa carries weight: the app reads the model's agents; agent-level data on request.

The app's network and stories read the model's agents, and the DataCollector records
agent-level data when asked (off by default). The agents are views onto the people table,
so what the app reads through ``AgentSet`` must agree with the table; a roster that lost or
kept one agent too many would show here.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.agents import MENTOR, PERSON_DATA, Person
from sim.app import network, stories
from sim.model import MentorshipModel
from sim.state import ASSISTANT, ASSOCIATE

SIZE = 300
YEARS = 6


@pytest.fixture(scope="module")
def model():
    model = MentorshipModel(
        rng=11,
        years=YEARS,
        agent_data=True,
        institution__initial_size=SIZE,
        program__formal=True,
        program__policy="compatibility",
    )
    for _ in range(YEARS):
        model.step()
    return model


def test_agent_data_is_off_by_default_and_names_the_switch():
    plain = MentorshipModel(rng=11, years=2, institution__initial_size=SIZE)
    plain.step()
    assert plain.datacollector.agenttype_reporters == {}
    with pytest.raises(ValueError, match=r"MentorshipModel\(agent_data=True\)"):
        plain.agent_yearly()


def test_agent_data_records_every_person_employed_each_year(model):
    data = model.agent_yearly()
    assert list(data.columns) == list(PERSON_DATA)
    p = model.people
    # Year 0 and every step: one row per person employed at that time.
    assert data.index.get_level_values("Step").nunique() == YEARS + 1
    now = data.xs(float(YEARS), level="Step")
    assert len(now) == int(p.active.sum())
    rows = np.flatnonzero(p.active)
    assert sorted(now["key"]) == sorted(p.key[rows].tolist())
    by_key = dict(zip(p.key[rows].tolist(), rows.tolist(), strict=True))
    sample = now.iloc[:: max(1, len(now) // 25)]
    for _, record in sample.iterrows():
        row = by_key[record["key"]]
        assert record["satisfaction"] == pytest.approx(p.satisfaction[row])
        assert record["burnout"] == pytest.approx(p.burnout[row])
        assert record["department"] == p.department[row]
        assert record["role"] == ("mentee" if p.stage[row] <= ASSISTANT else "mentor")


def test_agent_data_does_not_change_the_run(model):
    plain = MentorshipModel(
        rng=11,
        years=YEARS,
        institution__initial_size=SIZE,
        program__formal=True,
        program__policy="compatibility",
    )
    for _ in range(YEARS):
        plain.step()
    assert plain.yearly().equals(model.yearly())


def test_network_counts_come_from_the_agents_and_agree_with_the_table(model):
    p = model.people
    options = network.department_options(model)
    for d in range(model.n_departments):
        headcount = int((p.active & (p.department == d)).sum())
        assert options[d].startswith(f"Department {d + 1} ({headcount} people")
        mask = network.employed(model, d)
        assert np.array_equal(mask, p.active & (p.department == d))
    assert np.array_equal(network.employed(model), p.active)
    # The agents are what is read: a person the roster no longer holds is not drawn.
    agent = next(iter(model.agents_by_type[Person]))
    agent.remove()
    try:
        assert not network.employed(model)[agent.row]
    finally:
        model.register_agent(agent)


def test_promoted_early_story_is_someone_still_here(model):
    row = stories.pick_promoted_early(model)
    assert row is not None
    seniors = {agent.row for agent in model.in_role(MENTOR)}
    assert row in seniors
    p = model.people
    assert p.faculty_stage[row] == ASSISTANT and p.stage[row] >= ASSOCIATE
