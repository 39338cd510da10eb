"""Mesa's SolaraViz on one model: where SolaraViz fits, in a notebook or ``solara run``.

One design, Mesa's own Step/Play/Reset controller, Mesa sliders and inputs generated from the
same schema levers as the workshop page (``sim.app.levers``), and Mesa's matplotlib plot
components (Altair ones do not render offline). Use it in Jupyter::

    from sim.app.classic import page
    page

or ``solara run sim/app/classic.py``. The workshop page (``mentorsim app``) is plain Solara
because it needs what SolaraViz does not do; see ``sim.app``.
"""

from __future__ import annotations

from typing import Any

from mesa.visualization import SolaraViz, make_plot_component
from mesa.visualization.user_param import Slider

from sim.app.levers import LEVERS, Lever
from sim.app.palette import OKABE_ITO
from sim.app.presets import DEFAULT_PRESET, scenarios_dir
from sim.app.session import DEFAULT_SEED, parse_seed
from sim.model import MentorshipModel

#: Levers shown as Mesa inputs: the program design's (the rest keep the scenario's values).
CLASSIC_LEVERS = [key for key in LEVERS if key.startswith("program__")]


class WorkshopModel(MentorshipModel):
    """MentorshipModel as SolaraViz rebuilds it: the seed may arrive typed, as text.

    SolaraViz's seed field can hand the text it holds to the model (mesa#3516), so it is
    turned into an integer here, with the same rule the workshop page applies.
    """

    def __init__(self, *, rng: Any = DEFAULT_SEED, **kwargs: Any):
        if isinstance(rng, str):
            rng = parse_seed(rng)
        super().__init__(rng=rng, **kwargs)


def mesa_input(lever: Lever, value: Any) -> Slider | dict:
    """A lever as a Mesa user input (``Slider`` or a ``{"type": ...}`` dict)."""
    if lever.kind == "bool":
        return {"type": "Checkbox", "value": bool(value), "label": lever.label}
    if lever.kind == "choice":
        return {
            "type": "Select",
            "value": value,
            "values": list(lever.choices),
            "label": lever.label,
        }
    return Slider(
        lever.label,
        value=value,
        min=lever.lo,
        max=lever.slider_max,
        step=lever.step,
        dtype=int if lever.kind == "int" else float,
    )


def model_params(scenario_path=None) -> dict[str, Any]:
    """SolaraViz ``model_params``: the scenario file (fixed), the seed and the program levers."""
    from sim.scenario import load

    path = scenario_path or scenarios_dir() / f"{DEFAULT_PRESET}.toml"
    design = load(path)
    params: dict[str, Any] = {
        "scenario": str(path),
        "rng": {"type": "InputText", "value": str(DEFAULT_SEED), "label": "Seed"},
    }
    for key in CLASSIC_LEVERS:
        lever = LEVERS[key]
        params[key] = mesa_input(lever, getattr(getattr(design, lever.group), lever.name))
    return params


def make_page(scenario_path=None):
    """Build the SolaraViz page of one design (default: the baseline preset)."""
    params = model_params(scenario_path)
    model = WorkshopModel(scenario=params["scenario"], rng=DEFAULT_SEED)
    plots = [
        make_plot_component(
            {
                "mentored_share": OKABE_ITO["blue"],
                "burnout_share": OKABE_ITO["vermillion"],
                "annual_attrition": OKABE_ITO["orange"],
            },
            backend="matplotlib",
        ),
        make_plot_component(
            {
                "mentee_satisfaction": OKABE_ITO["bluish_green"],
                "development_index": OKABE_ITO["reddish_purple"],
            },
            backend="matplotlib",
        ),
    ]
    return SolaraViz(
        model, components=plots, model_params=params, name="mentorsim (SolaraViz, one design)"
    )


page = make_page()
